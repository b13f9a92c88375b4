import fc from 'fast-check';
import { metaComment } from '../../rules/rule-sets/rule-set-upload';
import { repairLigatures } from '../coa-pdf/coa-text';
import { compoundGroup } from '../parsers/agilent-masshunter-quant.parser';
import { keyValues } from '../parsers/moisture-analyzer.parser';
import { duplicateOrSample, roleFromLabel } from '../parsers/row-kinds';
import { beforeSpacedKey, readConcUnit, readElementHeader, textBeforeBar, textBetween, withoutTrailingStars } from './linear-headers';

/**
 * The rewritten matchers against the expressions they replace: the same answers on random short
 * strings drawn from the characters those expressions care about, and milliseconds, not minutes, on
 * the one long hostile line each used to backtrack over.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

/** Strings over a small alphabet, so that runs, separators and keywords collide often. */
const textOf = (chars: string[], maxLength = 24) => fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join(''));

// The expressions as they were, kept here only as the reference on short inputs.
const OLD_SPIKE = /(?:^|[\s_-]+|\b)(MSD|MS|SPK|SPIKE)\d*$/i;
const OLD_DUPLICATE = /(?:^|[\s_-]+|\b)(DUP|DUPLICATE)\d*$/i;
function oldKeyValues(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.trim().split(/\s{2,}(?=[A-Z][A-Za-z .]*:)/)) {
    const match = /^([A-Za-z][\w ./%()-]*?)\s{2,}(\S.*)$/.exec(part) ?? /^([A-Za-z][\w ./%()-]*?)\s*:\s*(.*)$/.exec(part);
    if (match) pairs.push([match[1].toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, ''), match[2].trim()]);
  }
  return pairs;
}
const oldCompoundGroup = (group: string) => {
  const m = /^(.+?)\s+(Method|Results)$/.exec(group);
  return m ? [m[0], m[1], m[2]] : undefined;
};
function oldRepair(text: string): string {
  // eslint-disable-next-line no-control-regex -- the reference expression matches NUL on purpose
  return text.replace(/[\p{L}\u0000\ufffd-]*[\u0000\ufffd][\p{L}\u0000\ufffd-]*/gu, (word) => `<${word}>`);
}
function oldMetaKey(line: string): [string, string] | undefined {
  const m = /^\s*#\s*([A-Za-z_ ]+?)\s*:\s*(.*)$/.exec(line);
  return m ? [m[1].toLowerCase().replace(/[\s_]/g, ''), m[2].trim()] : undefined;
}

/** Milliseconds `work` takes. */
function timed(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const KB80 = 80 * 1024;
const MB1 = 1024 * 1024;
/** Generous for a busy two-core box; the old expressions took seconds at 80 KB and about half an hour at 1 MB. */
const LIMIT_MS = 1000;
const figures: string[] = [];
afterAll(() => console.log(`linear matchers on hostile lines (ms): ${figures.join(', ')}`));

function expectFast(name: string, work: (line: string) => unknown, line: (size: number) => string): void {
  for (const size of [KB80, MB1]) {
    const input = line(size);
    const ms = timed(() => work(input));
    figures.push(`${name} ${size / 1024} KB ${ms.toFixed(1)}`);
    expect({ name, size, fast: ms < LIMIT_MS }).toEqual({ name, size, fast: true });
  }
}

const repeat = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

describe('row-kinds QC suffixes', () => {
  const chars = [
    'M',
    'S',
    'D',
    'P',
    'K',
    'I',
    'E',
    'U',
    'L',
    'C',
    'A',
    'T',
    'm',
    's',
    'd',
    'p',
    'x',
    '1',
    '2',
    ' ',
    '_',
    '-',
    '.',
    '\t',
    '\u00a0',
    'é',
    '\u017f',
  ];

  it('reads spike and duplicate suffixes exactly as the old expressions did', () => {
    fc.assert(
      fc.property(textOf(chars), (label) => {
        const expected = OLD_SPIKE.test(label)
          ? { kind: 'spike', ref: label.replace(OLD_SPIKE, '') }
          : OLD_DUPLICATE.test(label)
            ? { kind: 'duplicate', ref: label.replace(OLD_DUPLICATE, '') }
            : undefined;
        const role = roleFromLabel(label, { calibrationBlankNames: false, calibrationPrefix: false });
        if (expected) expect(role).toEqual(expected);
        else expect(['spike', 'duplicate']).not.toContain(role.kind);
        const single = OLD_DUPLICATE.test(label) ? { kind: 'duplicate', ref: label.replace(OLD_DUPLICATE, '') } : { kind: 'sample', ref: label };
        expect(duplicateOrSample(label)).toEqual(single);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reads a label of 80 KB and 1 MB of separators in milliseconds', () => {
    expectFast(
      'row-kinds',
      (l) => roleFromLabel(l, { calibrationBlankNames: true, calibrationPrefix: true }),
      (n) => `A${repeat(' -_', n)}x`,
    );
    expectFast('row-kinds dup', duplicateOrSample, (n) => `${repeat(' ', n)}DUPx`);
  });
});

describe('moisture analyzer key/value lines', () => {
  const chars = ['A', 'B', 'a', 'x', ' ', ' ', '\t', ':', '.', '%', '(', '-', '1', ',', '\u2028', '\u00a0'];

  it('splits and reads pairs exactly as the old expressions did', () => {
    fc.assert(
      fc.property(textOf(chars, 30), (line) => {
        expect(keyValues(line)).toEqual(oldKeyValues(line));
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('reads a line of 80 KB and 1 MB of spaced words without a colon in milliseconds', () => {
    expectFast('moisture A  A', keyValues, (n) => repeat('A  ', n));
    expectFast('moisture a    ', keyValues, (n) => `a${repeat(' ', n)}`);
    expectFast('moisture a.a', keyValues, (n) => `a${repeat(' .', n)}  `);
  });
});

describe('MassHunter compound group headings', () => {
  const chars = ['a', 'B', ' ', '\t', '\n', '\u2028', 'Method', 'Results', 'ethod', 'M', 's'];

  it('reads "<compound> Method|Results" exactly as the old expression did', () => {
    fc.assert(
      fc.property(textOf(chars, 12), (group) => {
        expect(compoundGroup(group)).toEqual(oldCompoundGroup(group));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reads a heading of 80 KB and 1 MB of spaces in milliseconds', () => {
    expectFast('masshunter', compoundGroup, (n) => `a${repeat(' ', n)}x`);
    expectFast('masshunter Results', compoundGroup, (n) => `${repeat(' ', n)}Results`);
  });
});

describe('COA ligature repair', () => {
  const chars = ['a', 'f', 'i', 'l', '-', ' ', '\u0000', '\ufffd', 'É', '𝒜', '1', 'tox', 'Confident'];

  it('repairs the same runs the old expression matched', () => {
    fc.assert(
      fc.property(textOf(chars, 16), (text) => {
        // Same runs: mark each with the new run matcher's rule and compare with the old expression's marks.
        // eslint-disable-next-line no-control-regex -- NUL marks a lost ligature glyph
        const marked = text.replace(/[\p{L}\u0000\ufffd-]+/gu, (w) => (/[\u0000\ufffd]/.test(w) ? `<${w}>` : w));
        expect(marked).toEqual(oldRepair(text));
        expect(repairLigatures(text).text.length).toBeGreaterThanOrEqual(0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(repairLigatures('A\u0000atoxin B1, Con\u0000dent').text).toBe('Aflatoxin B1, Confident');
  });

  it('repairs a word of 80 KB and 1 MB of letters in milliseconds', () => {
    expectFast(
      'coa-text letters',
      (t) => repairLigatures(t),
      (n) => repeat('a', n),
    );
    expectFast(
      'coa-text lost',
      (t) => repairLigatures(t),
      (n) => `${repeat('ab', n)}\u0000`,
    );
  });
});

describe('rule set CSV meta comments', () => {
  const chars = ['#', ' ', '\t', ':', 'a', 'N', '_', '-', 'x', '\u2028', '\u00a0', '1'];

  it('reads "# key: value" exactly as the old expression did', () => {
    fc.assert(
      fc.property(textOf(chars, 20), (line) => {
        const found = metaComment(line);
        expect(found ? [found[0].toLowerCase().replace(/[\s_]/g, ''), found[1].trim()] : undefined).toEqual(oldMetaKey(line));
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('reads a comment of 80 KB and 1 MB of spaced words in milliseconds', () => {
    expectFast('rule-set meta', metaComment, (n) => `# a${repeat(' ', n)}x`);
    expectFast('rule-set meta words', metaComment, (n) => `#${repeat(' a', n)}`);
  });
});

describe('ICP-MS MassHunter headers', () => {
  const OLD_ELEMENT = /^(\d{1,3})(?:\s*->\s*(\d{1,3}))?\s+([A-Z][a-z]?)\s*(\(\s*ISTD\s*\))?\s*(?:\[\s*([^\]]*?)\s*\])?$/;
  const OLD_CONC = /^Conc\.\s*\[\s*(.+?)\s*\]$/;
  const oldElement = (label: string) => {
    const m = OLD_ELEMENT.exec(label);
    return m
      ? { mass: m[1], ...(m[2] ? { shiftedMass: m[2] } : {}), symbol: m[3], istd: m[4] !== undefined, ...(m[5] !== undefined ? { mode: m[5] } : {}) }
      : undefined;
  };
  const elementChars = ['1', '7', '5', ' ', ' ', '\t', '->', '-', '>', 'A', 's', 'R', 'h', '(', ')', 'ISTD', '[', ']', 'He', '\n', '\u2028', 'x'];
  const concChars = ['Conc.', ' ', '\t', '[', ']', 'p', 'b', '\n', '\u2028', '\u00a0', '.'];

  it('reads element headers exactly as the old expression did', () => {
    fc.assert(
      fc.property(textOf(elementChars, 16), (label) => {
        expect(readElementHeader(label)).toEqual(oldElement(label));
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
    expect(readElementHeader('75 -> 91  As  [ He ]')).toEqual({ mass: '75', shiftedMass: '91', symbol: 'As', istd: false, mode: 'He' });
    expect(readElementHeader('103  Rh ( ISTD ) [No Gas]')).toEqual({ mass: '103', symbol: 'Rh', istd: true, mode: 'No Gas' });
  });

  it('reads Conc. units exactly as the old expression did', () => {
    fc.assert(
      fc.property(textOf(concChars, 10), (cell) => {
        expect(readConcUnit(cell)).toEqual(OLD_CONC.exec(cell)?.[1]);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('reads 80 KB and 1 MB header cells in milliseconds (the element header took 229 s at 8 KB)', () => {
    expectFast('icpms element', readElementHeader, (n) => `1 Ab [${repeat(' ', n)}x`);
    expectFast('icpms element spaces', readElementHeader, (n) => `1 Ab${repeat(' ', n)}x`);
    expectFast('icpms conc', readConcUnit, (n) => `Conc. [a${repeat(' ', n)}x`);
  });
});

describe('ChemStation header values and COA footnote stars', () => {
  const OLD_SPLIT = /\s{2,}(?=[A-Z][\w. ]*?\s:)/;
  const chars = ['A', 'b', '.', '_', ' ', ' ', '\t', ':', 'x', '1', '\u00a0'];

  it('cuts before the second key exactly as the old split did', () => {
    fc.assert(
      fc.property(textOf(chars, 24), (value) => {
        expect(beforeSpacedKey(value)).toEqual(value.split(OLD_SPLIT)[0]);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('strips footnote stars exactly as the old expression did', () => {
    fc.assert(
      fc.property(textOf(['a', '*', ' ', '\t', '\n'], 12), (printed) => {
        expect(withoutTrailingStars(printed)).toEqual(printed.replace(/\s*\*+$/, ''));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reads 80 KB and 1 MB values in milliseconds', () => {
    expectFast('chemstation value', beforeSpacedKey, (n) => repeat('  A', n));
    expectFast('coa stars', withoutTrailingStars, (n) => `${repeat(' ', n)}x`);
  });
});

describe('COA header captures', () => {
  it('finds "tested by … using" and "Released … ·" exactly as the old expressions did', () => {
    const chars = ['tested by ', ' using', 'x', ' ', '\n', '\u2028', 'Released ', ' ·', '·', 'u'];
    fc.assert(
      fc.property(textOf(chars, 14), (text) => {
        expect(textBetween(text, 'tested by ', ' using')).toEqual(/tested by (.+?) using/.exec(text)?.[1]);
        expect(textBetween(text, 'Released ', ' ·')).toEqual(/Released (.+?) ·/.exec(text)?.[1]);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('finds the SC Labs name before " |" exactly as the old expression did', () => {
    const chars = ['SC Laboratories', 'SC Labs', ' ', '.', '|', ' |', '. |', '\n', '\r', '\u2028', 'x'];
    fc.assert(
      fc.property(textOf(chars, 12), (text) => {
        expect(textBeforeBar(text, 'SC Laboratories')).toEqual(/^(SC Laboratories[^|]*?)\.? \|/m.exec(text)?.[1]);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('reads 80 KB and 1 MB of repeated openers in milliseconds', () => {
    expectFast(
      'coa tested by',
      (t) => textBetween(t, 'tested by ', ' using'),
      (n) => repeat('tested by ', n),
    );
    expectFast(
      'coa Released',
      (t) => textBetween(t, 'Released ', ' ·'),
      (n) => repeat('Released ', n),
    );
    expectFast(
      'coa SC Laboratories',
      (t) => textBeforeBar(t, 'SC Laboratories'),
      (n) => repeat('SC Laboratories\n', n),
    );
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ParsePool } from '../../common/parsing/parse-pool';
import { ParsingError, ParsingErrorCode } from '../../common/parsing/parsing.errors';
import { assertRowCount, assertTextShape } from '../../common/parsing/text-shape';
import { LIMIT_SET_SCHEMA } from '../../rules/limit-sets/limit-set.schema';
import { RULE_SET_PARSE_TASK } from '../../rules/rule-sets/rule-set-parse.task';
import { detectRuleSetFormat, parseRuleSetUpload } from '../../rules/rule-sets/rule-set-upload';
import { parseInstrumentExport } from '../parsers/parser-registry';
import { ParseError, ParseResult } from '../parsers/parser.types';
import { decodeExport } from '../parsers/text-input';

/**
 * Property tests over every instrument parser and the limit-set CSV: the real fixtures, mutated at
 * random (fixed seed), never make a parser throw anything but its ParseError, never take more than
 * the budget, and never yield a row whose analyte or raw value is not in the file. The hostile seed
 * corpus (test/fixtures/hostile, plus the big files generated here) goes through the same checks.
 * FUZZ_RUNS raises the number of runs for a longer session (`FUZZ_RUNS=20000 npx jest parsers.fuzz`).
 */

const ROOT = join(__dirname, '..', '..', '..');
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** Far under the pool's per-file budget (20 s): a parser that needs more on a mutated fixture is a finding. */
const BUDGET_MS = 2000;

function files(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  } catch {
    return [];
  }
}

const FIXTURES = [join(ROOT, 'test/fixtures/real'), join(ROOT, 'test/fixtures/instrument-exports'), '/work/shared/fixtures/instrument-exports']
  .flatMap(files)
  .filter((p) => !/\.(md|pdf|json)$/i.test(p))
  .map((path) => ({ path, bytes: readFileSync(path) }));

/** Mutations a broken or hostile export shows: cut, repeated, spliced, injected bytes, a long run. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('\u0000', '\ufeff', '\r', '\n\n', ',,,,', '\t\t', '"', '""', 'ND', '<LOQ', '1,5', '-0', 'NaN', '1e400', 'MS', ' DUP', ':'),
    ),
  }),
  fc.record({ kind: fc.constant('run' as const), at: fc.nat(), char: fc.constantFrom(' ', ',', '\t', 'A', '"', '-', '.', '0'), length: fc.nat({ max: 5000 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  let out = bytes;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    switch (m.kind) {
      case 'truncate':
        out = out.subarray(0, at);
        break;
      case 'delete':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
        break;
      case 'duplicate':
        out = Buffer.concat([out.subarray(0, at + m.length), out.subarray(at)]);
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(m.text, 'utf8'), out.subarray(at)]);
        break;
      case 'run':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(m.char.repeat(m.length), 'latin1'), out.subarray(at)]);
        break;
    }
  }
  return out;
}

/** Analytes some formats name themselves (one measurement per instrument), not taken from the file. */
const NAMED_BY_FORMAT = new Set(['Moisture', 'Water activity']);

/** Parses as the import does (in-process here: the parsers themselves are under test); throws only ParseError or ParsingError. */
function parseTimed(bytes: Buffer): { result?: ParseResult; ms: number } {
  const start = performance.now();
  try {
    assertTextShape(decodeExport(bytes), 'fuzz.csv');
    return { result: parseInstrumentExport(bytes), ms: performance.now() - start };
  } catch (error) {
    if (error instanceof ParseError || error instanceof ParsingError) return { ms: performance.now() - start };
    throw error;
  }
}

function expectRowsFromFile(bytes: Buffer, result: ParseResult | undefined): void {
  if (!result) return;
  const text = decodeExport(bytes);
  for (const row of result.rows) {
    // Some formats compose a name from cells ("Cu (63)" from element and mass): each of its words is in the file.
    const words = NAMED_BY_FORMAT.has(row.analyte) ? [] : (row.analyte.match(/[\p{L}\p{N}]+/gu) ?? []);
    expect({ analyte: row.analyte, missing: words.filter((w) => !text.includes(w)) }).toEqual({ analyte: row.analyte, missing: [] });
    if (row.raw !== '') expect({ raw: row.raw, inFile: text.includes(row.raw) }).toEqual({ raw: row.raw, inFile: true });
    if (row.value !== undefined) expect(row.value).toMatch(/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i);
  }
}

const timings: number[] = [];
afterAll(() => {
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(`parser fuzz: ${timings.length} parses, median ${sorted[sorted.length >> 1]?.toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms`);
});

describe('instrument parsers under mutation', () => {
  it('has real fixtures to start from', () => {
    expect(FIXTURES.length).toBeGreaterThan(20);
  });

  it('never throw anything but ParseError, stay within the budget, and take every row from the file', () => {
    fc.assert(
      fc.property(fc.nat({ max: FIXTURES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const bytes = mutate(FIXTURES[index].bytes, mutations);
        const { result, ms } = parseTimed(bytes);
        timings.push(ms);
        expect(ms).toBeLessThan(BUDGET_MS);
        expectRowsFromFile(bytes, result);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('parse every unmutated fixture the same way twice (a sanity check of the harness)', () => {
    for (const { bytes } of FIXTURES) expect(parseTimed(bytes).result).toEqual(parseTimed(bytes).result);
  });
});

describe('hostile seed corpus', () => {
  const corpus = files(join(ROOT, 'test/fixtures/hostile')).filter((p) => !/\.(pdf|md)$/.test(p));
  const generated: Array<[string, Buffer]> = [
    ['one 1 MB line', Buffer.from(`sample,analyte,value\n${'A  '.repeat(350_000)}`)],
    ['100k columns', Buffer.from(`sample,analyte,value\n${','.repeat(100_000)}\n`)],
    ['moisture printout, 80 KB key line', Buffer.from(`Moisture Analysis\nStart Weight  1.0 g\n${'A  '.repeat(27_000)}\nFinal Result  9.87 %MC\n`)],
    ['UTF-16 with NULs inside', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('sample,analyte,value\nLT-1,T\u0000HC,1\n'.repeat(500), 'utf16le')])],
  ];

  it.each(corpus.map((p) => [p.split('/').pop()!, readFileSync(p)] as [string, Buffer]).concat(generated))(
    '%s: refused cleanly or read from the file',
    (_name, bytes) => {
      const { result, ms } = parseTimed(bytes);
      timings.push(ms);
      expect(ms).toBeLessThan(BUDGET_MS);
      expectRowsFromFile(bytes, result);
    },
  );

  it.each(corpus.map((p) => [p.split('/').pop()!, readFileSync(p, 'utf8')] as [string, string]))(
    '%s as a limit-set upload: errors, never a throw',
    (_name, text) => {
      const start = performance.now();
      const parsed = parseRuleSetUpload(text, detectRuleSetFormat(text), LIMIT_SET_SCHEMA);
      expect(performance.now() - start).toBeLessThan(BUDGET_MS);
      expect(parsed.ok).toBe(false);
    },
  );

  it('refuses the 1 MB line, the 100k columns and more rows than an import holds, with the limit stated', () => {
    expect(() => assertRowCount(50_001, 'x.csv')).toThrow('x.csv: 50001 result rows; an import may hold at most 50000; split the file; nothing was stored');
    expect(() => assertRowCount(50_000, 'x.csv')).not.toThrow();
    expect(() => assertTextShape(decodeExport(generated[0][1]), 'x.csv')).toThrow(
      'x.csv: line 2 is 1050000 characters long; a line may be at most 131072 characters',
    );
    expect(() => assertTextShape(decodeExport(generated[1][1]), 'x.csv')).toThrow('x.csv: line 2 has 100001 columns; a line may have at most 5000 columns');
  });
});

describe('limit-set CSV under mutation', () => {
  const CSV = [
    '# name: lab-2026',
    '# effectiveDate: 2026-01-01',
    '# source: OCM rev. C',
    'product_types,group,analyte,operator,limit_min,limit_max,unit,source_tag,source',
    'inhaled products,metals,Pb,lte,,0.4,ug/g,NY,rev C',
    'flower,metals,As,lte,,0.2,ug/g,NY,rev C',
    'edible,metals,Cd,lte,,0.3,ug/g,NY,rev C',
  ].join('\n');

  it('answers a result (never throws) within the budget, and the unmutated file parses', () => {
    expect(parseRuleSetUpload(CSV, 'csv', LIMIT_SET_SCHEMA).ok).toBe(true);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const text = mutate(Buffer.from(CSV), mutations).toString('utf8');
        const start = performance.now();
        const parsed = parseRuleSetUpload(text, 'csv', LIMIT_SET_SCHEMA);
        expect(performance.now() - start).toBeLessThan(BUDGET_MS);
        // Every limit a set holds is a number written in the file.
        if (parsed.ok) for (const row of parsed.set.rows) for (const limit of [row.limitMin, row.limitMax]) if (limit !== null) expect(text).toContain(limit);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('answers JSON nested 100,000 deep and a 1 MB comment line with errors, never a throw', () => {
    const deep = `{"name":"x","effectiveDate":"2026-01-01","source":"s","rows":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(parseRuleSetUpload(deep, 'json', LIMIT_SET_SCHEMA)).toEqual({
      ok: false,
      errors: [{ field: 'rows[0].(row)', message: 'each row must be an object', row: 1 }],
    });
    // A comment of spaced words without a colon (quadratic for the old meta expression) is just a comment.
    const comment = `# ${'a '.repeat(500_000)}\n${CSV}`;
    const start = performance.now();
    const parsed = parseRuleSetUpload(comment, 'csv', LIMIT_SET_SCHEMA);
    expect(performance.now() - start).toBeLessThan(BUDGET_MS);
    expect(parsed.ok && parsed.set.name).toBe('lab-2026');
  });

  it('refuses a CSV over the line cap in the parsing thread, as an upload is', async () => {
    const pool = new ParsePool({ workers: 1, queueMax: 1, budgetMs: 20_000, memoryMb: 128 });
    try {
      await expect(
        pool.run(RULE_SET_PARSE_TASK, { kind: 'limits', text: `${CSV}\n${'x,'.repeat(70_000)}`, format: 'csv' }, 'the limit set file'),
      ).rejects.toMatchObject({
        code: ParsingErrorCode.LINE_TOO_LONG,
        message: 'the limit set file: line 8 is 140000 characters long; a line may be at most 131072 characters; nothing was stored',
      });
      await expect(pool.run(RULE_SET_PARSE_TASK, { kind: 'limits', text: CSV, format: 'csv' }, 'the limit set file')).resolves.toEqual(
        parseRuleSetUpload(CSV, 'csv', LIMIT_SET_SCHEMA),
      );
    } finally {
      await pool.close();
    }
  });
});

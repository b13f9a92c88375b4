import { memoByString } from '../common/string-memo';
import { AMBIGUOUS_ANALYTE_NAMES, ANALYTES, resolveAnalyte, resolveAnalyteUncached } from './analytes/vocabulary';
import { canonicalUnit, canonicalUnitUncached, UNITS } from './judgement/units';

/** Spellings a lab's file may carry for one written name: casing, padding, inner spacing, micro/mu/u. */
function variants(text: string): string[] {
  return [
    text,
    text.toUpperCase(),
    text.toLowerCase(),
    ` ${text} `,
    `\t${text}\n`,
    text.replace(/ /g, '  '),
    text.replace(/-/g, ' '),
    text.replace(/µ/g, 'μ'),
    text.replace(/µ/g, 'u'),
    text.replace(/µ/g, 'mc'),
    text.replace(/Δ/g, 'delta-'),
    text.replace(/Δ/g, 'd'),
    text.normalize('NFD'),
    `${text} (note)`,
    `${text}x`,
  ];
}

const ODD_NAMES = [
  '',
  ' ',
  'Total',
  'total',
  'Aspergillus spp.',
  'E. coli',
  'Δ9-THC',
  'delta-9 THC',
  'd9-thc',
  'D8 THC',
  'DDVP (Dichlorvos)',
  'ＴＨＣＡ',
  'β-Myrcene',
  'beta myrcene',
  'Pb & Cd',
  'no such analyte',
  '(())',
  'x'.repeat(300),
];
const ODD_UNITS = [
  '',
  ' ',
  'µg/g',
  'μg/g',
  'ug/g',
  'UG/G',
  'mcg/g',
  'µg/kg',
  'ug / kg',
  '% w/w',
  '%(w/w)',
  ' % ',
  'PERCENT',
  'cfu/g',
  'CFU / g',
  'A_W',
  'Aw',
  'mg/svg',
  'mg/PKG',
  'mg / serving',
  'ｍｇ/ｇ',
  'g/g',
  'µ',
  '%'.repeat(300),
];

describe('memoized look-ups answer exactly as the plain ones', () => {
  const names = [...ANALYTES.flatMap((a) => [a.id, a.name, ...a.aliases]), ...AMBIGUOUS_ANALYTE_NAMES, ...ODD_NAMES].flatMap(variants);
  const units = [...UNITS, ...ODD_UNITS].flatMap(variants);

  it('resolveAnalyte: the same analyte object (or none) for every spelling, first call and remembered', () => {
    const mismatches = names.filter((name) => resolveAnalyte(name) !== resolveAnalyteUncached(name) || resolveAnalyte(name) !== resolveAnalyteUncached(name));
    expect(mismatches).toEqual([]);
    // The memo is not a constant answer: the set holds known, ambiguous and unknown names.
    expect(resolveAnalyte('delta-9 THC')?.id).toBe('d9-thc');
    expect(resolveAnalyte(' D9-THC ')?.id).toBe('d9-thc');
    expect(resolveAnalyte('Total')).toBeUndefined();
    expect(resolveAnalyte('no such analyte')).toBeUndefined();
  });

  it('canonicalUnit: the same unit (or none) for every spelling, first call and remembered', () => {
    const mismatches = units.filter((unit) => canonicalUnit(unit) !== canonicalUnitUncached(unit) || canonicalUnit(unit) !== canonicalUnitUncached(unit));
    expect(mismatches).toEqual([]);
    expect(canonicalUnit('ug/g')).toBe('µg/g');
    expect(canonicalUnit('μg/kg')).toBe('µg/kg');
    expect(canonicalUnit(' % w/w ')).toBe('%');
    expect(canonicalUnit('g/g')).toBeUndefined();
  });

  it('answers non-strings as the plain functions do', () => {
    for (const odd of [undefined, null, 5, {}] as unknown as string[]) {
      expect(canonicalUnit(odd)).toBe(canonicalUnitUncached(odd));
      expect(() => resolveAnalyte(odd)).toThrow();
      expect(() => resolveAnalyteUncached(odd)).toThrow();
    }
  });
});

describe('memoByString', () => {
  it('calls the look-up once per string, remembers undefined answers, and keeps the answer object', () => {
    const calls: string[] = [];
    const lookUp = memoByString((text: string) => {
      calls.push(text);
      return text === 'none' ? undefined : { text };
    });
    const first = lookUp('a');
    expect(lookUp('a')).toBe(first);
    expect(lookUp('none')).toBeUndefined();
    expect(lookUp('none')).toBeUndefined();
    expect(calls).toEqual(['a', 'none']);
  });

  it('drops the oldest key past its bound and does not keep long keys', () => {
    const calls: string[] = [];
    const lookUp = memoByString((text: string) => calls.push(text), { maxEntries: 2, maxKeyLength: 3 });
    lookUp('a');
    lookUp('b');
    lookUp('c'); // 'a' goes
    lookUp('b');
    lookUp('a');
    lookUp('long');
    lookUp('long');
    expect(calls).toEqual(['a', 'b', 'c', 'a', 'long', 'long']);
  });

  it('does not remember a call that throws', () => {
    let calls = 0;
    const lookUp = memoByString((text: string) => {
      calls += 1;
      if (calls === 1) throw new Error(`first ${text}`);
      return text;
    });
    expect(() => lookUp('x')).toThrow('first x');
    expect(lookUp('x')).toBe('x');
    expect(calls).toBe(2);
  });
});

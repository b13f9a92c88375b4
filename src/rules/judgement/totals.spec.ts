import { JudgementErrorCode } from './judgement.errors';
import type { ResultValue } from './judgement.types';
import { computePotencyTotals, computeTotal, POTENCY_TOTALS, TOTAL_AFLATOXINS } from './totals';

const TOTAL_THC = POTENCY_TOTALS[0];
const num = (value: string, unit = '%'): ResultValue => ({ value, unit });
const q = (qualifier: 'ND' | '<LOQ' | '>ULOQ', unit = '%'): ResultValue => ({ qualifier, unit });
const thc = (d9: ResultValue, thca: ResultValue) =>
  computeTotal(
    TOTAL_THC,
    new Map([
      ['d9-thc', d9],
      ['thca', thca],
    ]),
  );

describe('total THC = Δ9-THC + 0.877 × THCA', () => {
  it.each([
    // [d9-THC, THCA, expected value, why]
    [num('0.82'), num('24.1'), '21.96', '0.82 + 21.1357 = 21.9557, two places as Δ9-THC was reported'],
    [num('0.5'), num('20'), '18.0', '0.5 + 17.54 = 18.04 -> one place'],
    [num('1.000'), num('1.000'), '1.877', 'exact at three places'],
    [q('ND'), num('24.1'), '21.1', 'ND counts as zero: 21.1357 -> 21.1'],
    [q('<LOQ'), num('24.10'), '21.14', '<LOQ counts as zero: 21.1357 -> 21.14'],
    [num('21.5'), q('ND'), '21.5', 'THCA ND leaves Δ9-THC'],
    [num('0'), num('0.5'), '0.4', '0.4385 -> 0.4 (one place)'],
  ])('%j + %j -> %s (%s)', (d9, thca, expected) => {
    expect(thc(d9, thca)).toEqual({ analyte: 'total-thc', value: expected, qualifier: null, unit: '%', computed: true, formula: 'Δ9-THC + 0.877 × THCA' });
  });

  it('rounds half to even at the reported precision (ASTM E29)', () => {
    expect(thc(num('0.00'), num('0.50'))?.value).toBe('0.44'); // 0.4385 -> 0.44 (not a tie)
    expect(thc(num('0.0'), num('5.0'))?.value).toBe('4.4'); // 4.385 -> 4.4 (not a tie)
    expect(thc(num('0.0615'), num('1.0000'))?.value).toBe('0.9385'); // exact, nothing dropped
    expect(thc(num('0.0625'), num('0.0'))?.value).toBe('0.0625'); // factor 1 sums keep the component's places
    expect(computeTotal({ analyte: 'total-thc', terms: [{ analyte: 'a', factor: '0.5' }], formula: 'x' }, new Map([['a', num('0.5')]]))?.value).toBe('0.2'); // 0.25 tie -> even 0.2
    expect(computeTotal({ analyte: 'total-thc', terms: [{ analyte: 'a', factor: '0.5' }], formula: 'x' }, new Map([['a', num('0.7')]]))?.value).toBe('0.4'); // 0.35 tie -> even 0.4
  });

  it('reports ND when both components are ND, <LOQ when none has a number but one is <LOQ', () => {
    expect(thc(q('ND'), q('ND'))).toMatchObject({ value: null, qualifier: 'ND', unit: '%' });
    expect(thc(q('ND'), q('<LOQ'))).toMatchObject({ value: null, qualifier: '<LOQ' });
    expect(thc(q('<LOQ'), q('<LOQ'))).toMatchObject({ value: null, qualifier: '<LOQ' });
  });

  it('reports >ULOQ when a component is above the calibrated range', () => {
    expect(thc(num('1.2'), q('>ULOQ'))).toMatchObject({ value: null, qualifier: '>ULOQ' });
  });

  it('converts a component to the first numeric component’s unit, exactly', () => {
    // 2.41 % = 24.1 mg/g; 8.2 + 0.877 × 24.1 = 29.3357 -> one place
    expect(thc(num('8.2', 'mg/g'), num('2.41', '%'))).toMatchObject({ value: '29.3', unit: 'mg/g' });
  });

  it('adds per-serving values without conversion when both share the unit', () => {
    expect(thc(num('9.8', 'mg/serving'), num('0.4', 'mg/serving'))).toMatchObject({ value: '10.2', unit: 'mg/serving' }); // 9.8 + 0.3508
  });

  it('refuses components whose units cannot be added', () => {
    expect(() => thc(num('9.8', 'mg/serving'), num('0.4', '%'))).toThrow(expect.objectContaining({ code: JudgementErrorCode.UNITS_NOT_CONVERTIBLE }));
  });

  it('computes no total when a component is missing (missing is not zero)', () => {
    expect(computeTotal(TOTAL_THC, new Map([['d9-thc', num('0.8')]]))).toBeUndefined();
  });
});

describe('computePotencyTotals', () => {
  it('computes total THC and total CBD from the reported components', () => {
    const totals = computePotencyTotals([
      { analyte: 'd9-thc', value: '0.82', unit: '%' },
      { analyte: 'thca', value: '24.1', unit: '%' },
      { analyte: 'cbd', qualifier: 'ND', unit: '%' },
      { analyte: 'cbda', value: '0.05', unit: '%' },
      { analyte: 'cbg', value: '0.3', unit: '%' },
    ]);
    expect(totals.map((t) => [t.analyte, t.value, t.qualifier])).toEqual([
      ['total-thc', '21.96', null],
      ['total-cbd', '0.04', null], // 0.04385 -> 0.04
    ]);
  });

  it('reports total CBD as ND when CBD and CBDA are both ND', () => {
    const totals = computePotencyTotals([
      { analyte: 'cbd', qualifier: 'ND', unit: '%' },
      { analyte: 'cbda', qualifier: 'ND', unit: '%' },
    ]);
    expect(totals).toEqual([{ analyte: 'total-cbd', value: null, qualifier: 'ND', unit: '%', computed: true, formula: 'CBD + 0.877 × CBDA' }]);
  });
});

describe('total aflatoxins = B1 + B2 + G1 + G2', () => {
  const afla = (b1: ResultValue, b2: ResultValue, g1: ResultValue, g2: ResultValue) =>
    computeTotal(
      TOTAL_AFLATOXINS,
      new Map([
        ['aflatoxin-b1', b1],
        ['aflatoxin-b2', b2],
        ['aflatoxin-g1', g1],
        ['aflatoxin-g2', g2],
      ]),
    );

  it('sums exactly, ND and <LOQ as zero', () => {
    expect(afla(num('12.5', 'µg/kg'), num('3.25', 'µg/kg'), q('ND', 'µg/kg'), q('<LOQ', 'µg/kg'))).toMatchObject({ value: '15.75', unit: 'µg/kg' });
    expect(afla(num('0.012', 'ppm'), num('4', 'ppb'), q('ND', 'ppb'), q('ND', 'ppb'))).toMatchObject({ value: '0.016', unit: 'ppm' });
  });

  it('is ND when all four are ND', () => {
    expect(afla(q('ND'), q('ND'), q('ND'), q('ND'))).toMatchObject({ value: null, qualifier: 'ND' });
  });
});

import { compareWithClaim, edibleAmounts, ediblePerServingTotals } from './edible-potency';
import { judgeSample } from './judge-sample';
import { computePotencyTotals } from './totals';

const gummies = { servingsPerPackage: '10', packageNetWeightG: '40', servingWeightG: '4' };
const bar = { servingsPerPackage: '8', packageNetWeightG: '50' };

describe('edible potency: % w/w, mg/g, mg per serving and per package', () => {
  it('turns a % w/w total into mg/g exactly, then mg per serving from the serving weight', () => {
    // 0.245 % = 2.45 mg/g; 2.45 × 4 g = 9.8 mg per gummy; × 40 g = 98 mg per package.
    expect(edibleAmounts({ analyte: 'total-thc', value: '0.245', unit: '%' }, gummies)).toEqual({
      analyte: 'total-thc',
      qualifier: null,
      percent: '0.245',
      mgPerG: '2.45',
      mgPerServing: '9.80',
      mgPerPackage: '98.00',
    });
  });

  it('splits the package over the servings when no serving weight is given, rounding half to even at 0.01 mg', () => {
    // 1.6 mg/g × 50 g = 80 mg; 80 / 8 = 10 mg.
    expect(edibleAmounts({ analyte: 'total-thc', value: '1.6', unit: 'mg/g' }, bar)).toMatchObject({
      percent: '0.16',
      mgPerServing: '10.00',
      mgPerPackage: '80.00',
    });
    // 0.0333 % = 0.333 mg/g × 50 g = 16.65 mg; / 8 = 2.08125 -> 2.08
    expect(edibleAmounts({ analyte: 'total-thc', value: '0.0333', unit: '%' }, bar)).toMatchObject({ mgPerServing: '2.08', mgPerPackage: '16.65' });
    // 0.001 % × 7 g / 3 servings = 0.07 / 3 = 0.02333… -> 0.02; exact decimals, no float noise.
    expect(edibleAmounts({ analyte: 'total-cbd', value: '0.001', unit: '%' }, { servingsPerPackage: '3', packageNetWeightG: '7' })).toMatchObject({
      mgPerG: '0.01',
      mgPerServing: '0.02',
      mgPerPackage: '0.07',
    });
  });

  it('scales a total reported per serving by the servings', () => {
    expect(edibleAmounts({ analyte: 'total-thc', value: '5', unit: 'mg/serving' }, gummies)).toEqual({
      analyte: 'total-thc',
      qualifier: null,
      percent: '0.125',
      mgPerG: '1.25',
      mgPerServing: '5.00',
      mgPerPackage: '50.00',
    });
  });

  it('keeps the reported precision when converting (0.010 % is 0.10 mg/g; 2450 µg/g is 2.450 mg/g)', () => {
    expect(edibleAmounts({ analyte: 'total-cbd', value: '0.010', unit: '%' }, gummies)).toMatchObject({
      percent: '0.010',
      mgPerG: '0.10',
      mgPerServing: '0.40',
    });
    expect(edibleAmounts({ analyte: 'total-thc', value: '2450', unit: 'µg/g' }, gummies)).toMatchObject({
      percent: '0.2450',
      mgPerG: '2.450',
      mgPerServing: '9.80',
    });
  });

  it('carries a qualifier instead of numbers, and refuses units that are not amounts', () => {
    expect(edibleAmounts({ analyte: 'total-cbd', qualifier: 'ND', unit: '%' }, gummies)).toEqual({
      analyte: 'total-cbd',
      qualifier: 'ND',
      percent: null,
      mgPerG: null,
      mgPerServing: null,
      mgPerPackage: null,
    });
    expect(edibleAmounts({ analyte: 'total-thc', value: '3', unit: 'CFU/g' }, gummies)).toBeUndefined();
  });

  it('derives the per-serving and per-package rows the caps judge', () => {
    const totals = computePotencyTotals([
      { analyte: 'd9-thc', value: '0.250', unit: '%' },
      { analyte: 'thca', qualifier: 'ND', unit: '%' },
    ]);
    expect(ediblePerServingTotals(totals, gummies)).toEqual([
      expect.objectContaining({ analyte: 'total-thc-per-serving', value: '10.00', unit: 'mg/serving', computed: true }),
      expect.objectContaining({ analyte: 'total-thc-per-package', value: '100.00', unit: 'mg/package', computed: true }),
    ]);
  });
});

describe('edible caps judged like any limit', () => {
  const caps = [
    { analyte: 'total-thc-per-serving', operator: 'lte' as const, limitMax: '10', unit: 'mg/serving' },
    { analyte: 'total-thc-per-package', operator: 'lte' as const, limitMax: '100', unit: 'mg/package' },
  ];
  const judge = (d9: string) =>
    judgeSample(
      ['cannabinoids'],
      {
        cannabinoids: [
          { analyte: 'd9-thc', value: d9, unit: '%' },
          { analyte: 'thca', qualifier: 'ND', unit: '%' },
        ],
      },
      caps,
      {},
      { edible: gummies },
    );

  it('passes exactly at 10 mg per serving and 100 mg per package', () => {
    const verdict = judge('0.250');
    expect(verdict.status).toBe('pass');
    expect(verdict.groups[0].analytes.find((a) => a.analyte === 'total-thc-per-serving')).toMatchObject({
      value: '10.00',
      status: 'pass',
      limitText: '≤ 10 mg/serving',
    });
  });

  it('fails cannabinoids when a serving holds more than 10 mg', () => {
    const verdict = judge('0.251');
    expect(verdict.status).toBe('fail');
    expect(verdict.failedGroups).toEqual(['cannabinoids']);
    const failed = verdict.groups[0].analytes.filter((a) => a.status === 'fail').map((a) => [a.analyte, a.value]);
    expect(failed).toEqual([
      ['total-thc-per-serving', '10.04'],
      ['total-thc-per-package', '100.40'],
    ]);
  });

  it('derives nothing without package facts (not an edible, or none recorded)', () => {
    const verdict = judgeSample(['cannabinoids'], { cannabinoids: [{ analyte: 'd9-thc', value: '0.9', unit: '%' }] }, caps);
    expect(verdict.groups[0].analytes.map((a) => a.analyte)).not.toContain('total-thc-per-serving');
  });
});

describe('measured against the label claim', () => {
  const amounts = edibleAmounts({ analyte: 'total-thc', value: '0.245', unit: '%' }, gummies)!;

  it.each([
    ['serving', '10', '-2.0', 'within'],
    ['package', '100', '-2.0', 'within'],
    ['serving', '8', '+22.5', 'outside'],
    ['serving', '12.25', '-20.0', 'within'],
    ['serving', '12.3', '-20.3', 'outside'],
  ] as const)('per %s, claim %s mg -> %s %% (%s)', (basis, claimed, deviation, status) => {
    expect(compareWithClaim(amounts, basis, claimed, '20')).toMatchObject({
      deviationPercent: deviation,
      status,
      measuredMg: basis === 'serving' ? '9.80' : '98.00',
    });
  });

  it('does not invent a deviation for ND or a zero claim', () => {
    const nd = edibleAmounts({ analyte: 'total-thc', qualifier: 'ND', unit: '%' }, gummies)!;
    expect(compareWithClaim(nd, 'serving', '10', '20')).toMatchObject({ status: 'not_quantified', deviationPercent: null });
    expect(compareWithClaim(amounts, 'serving', '0', '20')).toMatchObject({ status: 'not_quantified' });
  });
});

import { judgeAnalyte } from './judge';
import { judgeGroup, judgeSample } from './judge-sample';
import { JudgementErrorCode } from './judgement.errors';
import type { AnalyteStatus, LimitRule, ResultValue } from './judgement.types';

const LEAD: LimitRule = { analyte: 'lead', operator: 'lte', limitMax: '0.5', unit: 'µg/g' };
const MOISTURE: LimitRule = { analyte: 'moisture', operator: 'range', limitMin: '5.0', limitMax: '15.0', unit: '%' };
const SALMONELLA: LimitRule = { analyte: 'salmonella', operator: 'not_detected' };
const TYM_REPORT: LimitRule = { analyte: 'total-yeast-mold', operator: 'report_only', unit: 'CFU/g' };

const num = (value: string, unit: string): ResultValue => ({ value, unit });
const q = (qualifier: 'ND' | '<LOQ' | '>ULOQ', unit: string): ResultValue => ({ qualifier, unit });

describe('judgeAnalyte: "≤" limits', () => {
  it.each<[string, ResultValue, AnalyteStatus, string | null]>([
    ['well under', num('0.11', 'µg/g'), 'pass', '0.11'],
    ['exactly at the limit', num('0.5', 'µg/g'), 'pass', '0.5'],
    ['at the limit with trailing zeros', num('0.5000', 'µg/g'), 'pass', '0.5000'],
    ['just above', num('0.5001', 'µg/g'), 'fail', '0.5001'],
    ['ND', q('ND', 'µg/g'), 'pass', null],
    ['<LOQ', q('<LOQ', 'µg/g'), 'pass', null],
    ['>ULOQ', q('>ULOQ', 'µg/g'), 'fail', null],
    ['ppm, the same as µg/g', num('0.5', 'ppm'), 'pass', '0.5'],
    ['mg/kg at the limit', num('0.50', 'mg/kg'), 'pass', '0.5'],
    ['ppb converted: 500 ppb = 0.5 µg/g', num('500', 'ppb'), 'pass', '0.5'],
    ['ppb converted: 501 ppb > 0.5 µg/g', num('501', 'ppb'), 'fail', '0.501'],
    ['% converted: 0.00005 % = 0.5 µg/g', num('0.00005', '%'), 'pass', '0.5'],
    ['% converted: 0.00006 % = 0.6 µg/g', num('0.00006', '%'), 'fail', '0.6'],
    ['zero', num('0', 'µg/g'), 'pass', '0'],
  ])('%s -> %s', (_label, result, status, compared) => {
    const judgement = judgeAnalyte(result, LEAD);
    expect(judgement).toMatchObject({ status, comparedValue: compared, comparedUnit: 'µg/g', limitText: '≤ 0.5 µg/g' });
  });

  it('explains the verdict with the compared value', () => {
    expect(judgeAnalyte(num('501', 'ppb'), LEAD).reason).toBe('0.501 µg/g is above the limit ≤ 0.5 µg/g.');
    expect(judgeAnalyte(num('0.5', 'µg/g'), LEAD).reason).toBe('0.5 µg/g is within ≤ 0.5 µg/g.');
  });
});

describe('judgeAnalyte: LOQ-aware (a method must see below the limit)', () => {
  const AFLA: LimitRule = { analyte: 'total-aflatoxins', operator: 'lte', limitMax: '20', unit: 'µg/kg' };

  it.each<[string, ResultValue & { lod?: string; loq?: string }, LimitRule, AnalyteStatus]>([
    ['<LOQ with the LOQ below the limit', { qualifier: '<LOQ', unit: 'µg/g', loq: '0.05' }, LEAD, 'pass'],
    ['<LOQ with the LOQ exactly at the limit', { qualifier: '<LOQ', unit: 'µg/g', loq: '0.50' }, LEAD, 'pass'],
    ['<LOQ with the LOQ above the limit', { qualifier: '<LOQ', unit: 'µg/g', loq: '1.0' }, LEAD, 'inconclusive'],
    ['ND with the LOQ above the limit', { qualifier: 'ND', unit: 'µg/g', lod: '0.1', loq: '0.6' }, LEAD, 'inconclusive'],
    ['ND with the LOD and LOQ below the limit', { qualifier: 'ND', unit: 'µg/g', lod: '0.02', loq: '0.05' }, LEAD, 'pass'],
    ['ND without an LOQ, the LOD above the limit', { qualifier: 'ND', unit: 'µg/g', lod: '0.6' }, LEAD, 'inconclusive'],
    ['<LOQ without an LOQ (the rules file: passes)', { qualifier: '<LOQ', unit: 'µg/g', lod: '0.6' }, LEAD, 'pass'],
    ['ppb LOQ converted: 500 ppb = 0.5 µg/g, at the limit', { qualifier: 'ND', unit: 'ppb', loq: '500' }, LEAD, 'pass'],
    ['ppb LOQ converted: 501 ppb > 0.5 µg/g', { qualifier: 'ND', unit: 'ppb', loq: '501' }, LEAD, 'inconclusive'],
    ['µg/g LOQ against a µg/kg limit: 0.02 µg/g = 20 µg/kg', { qualifier: 'ND', unit: 'µg/g', loq: '0.02' }, AFLA, 'pass'],
    ['µg/g LOQ against a µg/kg limit: 0.021 µg/g = 21 µg/kg', { qualifier: 'ND', unit: 'µg/g', loq: '0.021' }, AFLA, 'inconclusive'],
    ['mg/kg LOQ with trailing zeros at the limit', { qualifier: '<LOQ', unit: 'mg/kg', loq: '0.5000' }, LEAD, 'pass'],
    ['a number below an LOQ above the limit', { value: '0.3', unit: 'µg/g', loq: '0.8' }, LEAD, 'inconclusive'],
    ['a number above the limit fails whatever the LOQ', { value: '0.9', unit: 'µg/g', loq: '0.8' }, LEAD, 'fail'],
    ['a number at or above the LOQ is quantified', { value: '0.45', unit: 'µg/g', loq: '0.4' }, LEAD, 'pass'],
    ['>ULOQ still fails', { qualifier: '>ULOQ', unit: 'µg/g', loq: '1.0' }, LEAD, 'fail'],
    ['a not-detected limit ignores the LOQ', { qualifier: 'ND', unit: 'CFU/g', loq: '100' }, SALMONELLA, 'pass'],
    ['a range with a minimum above zero still fails ND', { qualifier: 'ND', unit: '%', loq: '20' }, MOISTURE, 'fail'],
  ])('%s', (_label, result, rule, status) => {
    expect(judgeAnalyte(result, rule).status).toBe(status);
  });

  it('says the method cannot demonstrate compliance, with the bound in the limit’s unit', () => {
    const judgement = judgeAnalyte({ qualifier: 'ND', unit: 'ppb', lod: '200', loq: '600' }, LEAD);
    expect(judgement).toMatchObject({ status: 'inconclusive', comparedValue: null, comparedUnit: 'µg/g', limitText: '≤ 0.5 µg/g' });
    expect(judgement.reason).toBe("ND (below the LOD), but the method's LOQ (0.6 µg/g) is above the limit ≤ 0.5 µg/g: it cannot demonstrate compliance.");
    expect(judgeAnalyte({ qualifier: 'ND', unit: 'µg/g', lod: '0.7' }, LEAD).reason).toContain("the method's LOD (0.7 µg/g)");
  });

  it('refuses an LOQ that is not a decimal or cannot be converted to the limit’s unit', () => {
    expect(() => judgeAnalyte({ qualifier: 'ND', unit: 'µg/g', loq: '1e-3' }, LEAD)).toThrow(
      expect.objectContaining({ code: JudgementErrorCode.INVALID_DECIMAL }),
    );
    expect(() => judgeAnalyte({ qualifier: 'ND', unit: 'CFU/g', loq: '10' }, LEAD)).toThrow(
      expect.objectContaining({ code: JudgementErrorCode.UNITS_NOT_CONVERTIBLE }),
    );
  });
});

describe('judgeAnalyte: ranges', () => {
  it.each<[string, ResultValue, AnalyteStatus]>([
    ['inside', num('11.3', '%'), 'pass'],
    ['at the maximum', num('15.0', '%'), 'pass'],
    ['just above the maximum', num('15.01', '%'), 'fail'],
    ['at the minimum', num('5.0', '%'), 'pass'],
    ['just below the minimum', num('4.99', '%'), 'fail'],
    ['in mg/g: 150 mg/g = 15 %', num('150', 'mg/g'), 'pass'],
    ['in mg/g: 150.1 mg/g', num('150.1', 'mg/g'), 'fail'],
    ['ND is below a minimum above zero', q('ND', '%'), 'fail'],
    ['<LOQ is below a minimum above zero', q('<LOQ', '%'), 'fail'],
    ['>ULOQ', q('>ULOQ', '%'), 'fail'],
  ])('%s -> %s', (_label, result, status) => {
    expect(judgeAnalyte(result, MOISTURE)).toMatchObject({ status, limitText: '5.0–15.0 %' });
  });

  it('passes ND against a range that starts at zero', () => {
    expect(judgeAnalyte(q('ND', '%'), { ...MOISTURE, limitMin: '0' }).status).toBe('pass');
  });
});

describe('judgeAnalyte: "not detected" limits', () => {
  it.each<[string, ResultValue, AnalyteStatus]>([
    ['ND', q('ND', 'CFU/g'), 'pass'],
    ['<LOQ is a detection', q('<LOQ', 'CFU/g'), 'fail'],
    ['>ULOQ is a detection', q('>ULOQ', 'CFU/g'), 'fail'],
    ['any count above zero', num('1', 'CFU/g'), 'fail'],
    ['a small number', num('0.001', 'CFU/g'), 'fail'],
    ['zero counted', num('0', 'CFU/g'), 'pass'],
    ['ND in a unit the rule does not name', q('ND', 'per 1g'), 'pass'],
  ])('%s -> %s', (_label, result, status) => {
    expect(judgeAnalyte(result, SALMONELLA)).toMatchObject({ status, limitText: 'Not detected' });
  });
});

describe('judgeAnalyte: report only and no limit', () => {
  it.each<[string, ResultValue]>([
    ['a huge count', num('990000', 'CFU/g')],
    ['>ULOQ', q('>ULOQ', 'CFU/g')],
    ['ND', q('ND', 'CFU/g')],
  ])('report-only never fails: %s', (_label, result) => {
    expect(judgeAnalyte(result, TYM_REPORT)).toEqual({
      status: 'report_only',
      comparedValue: null,
      comparedUnit: null,
      limitText: 'Report only',
      reason: 'Reported only; no limit applies.',
    });
  });

  it('is no_limit without a rule, whatever the value', () => {
    expect(judgeAnalyte(num('88', '%'), undefined)).toMatchObject({ status: 'no_limit', limitText: null });
  });
});

describe('judgeAnalyte: invalid input', () => {
  it.each<[string, ResultValue, LimitRule | undefined, JudgementErrorCode]>([
    ['neither value nor qualifier', { unit: '%' }, LEAD, JudgementErrorCode.INVALID_RESULT],
    ['a negative value', num('-0.01', 'µg/g'), LEAD, JudgementErrorCode.INVALID_RESULT],
    ['a float-looking exponent', num('5e-1', 'µg/g'), LEAD, JudgementErrorCode.INVALID_DECIMAL],
    ['an unknown qualifier', { qualifier: 'BLQ' as 'ND', unit: '%' }, LEAD, JudgementErrorCode.INVALID_RESULT],
    ['CFU/g against a % limit', num('10', 'CFU/g'), MOISTURE, JudgementErrorCode.UNITS_NOT_CONVERTIBLE],
    ['an unknown unit', num('10', 'furlongs'), LEAD, JudgementErrorCode.UNKNOWN_UNIT],
    ['an lte rule without a maximum', num('1', '%'), { analyte: 'lead', operator: 'lte', unit: 'µg/g' }, JudgementErrorCode.INVALID_LIMIT_RULE],
    ['a range without a minimum', num('1', '%'), { analyte: 'moisture', operator: 'range', limitMax: '15', unit: '%' }, JudgementErrorCode.INVALID_LIMIT_RULE],
    [
      'a range upside down',
      num('1', '%'),
      { analyte: 'moisture', operator: 'range', limitMin: '15', limitMax: '5', unit: '%' },
      JudgementErrorCode.INVALID_LIMIT_RULE,
    ],
    ['a numeric rule without a unit', num('1', '%'), { analyte: 'lead', operator: 'lte', limitMax: '1' }, JudgementErrorCode.INVALID_LIMIT_RULE],
    ['a negative limit', num('1', '%'), { analyte: 'lead', operator: 'lte', limitMax: '-1', unit: '%' }, JudgementErrorCode.INVALID_LIMIT_RULE],
  ])('refuses %s', (_label, result, rule, code) => {
    expect(() => judgeAnalyte(result, rule)).toThrow(expect.objectContaining({ code }));
  });

  it('lets the qualifier decide when a value is given as well', () => {
    expect(judgeAnalyte({ value: '0.9', qualifier: '<LOQ', unit: 'µg/g' }, LEAD).status).toBe('pass');
  });
});

describe('an inconclusive analyte makes its group and the sample incomplete', () => {
  it('ND lead by a method with its LOQ above the limit: metals incomplete, never pass; the sample incomplete', () => {
    const rules: LimitRule[] = [LEAD, { analyte: 'cadmium', operator: 'lte', limitMax: '0.2', unit: 'µg/g' }];
    const verdict = judgeSample(
      ['metals'],
      {
        metals: [
          { analyte: 'lead', qualifier: 'ND', unit: 'µg/g', loq: '0.6' },
          { analyte: 'cadmium', value: '0.01', unit: 'µg/g', loq: '0.05' },
        ],
      },
      rules,
    );
    expect(verdict.groups[0]).toMatchObject({ group: 'metals', status: 'incomplete' });
    expect(verdict.groups[0].reason).toContain("Lead: ND (below the LOD), but the method's LOQ (0.6 µg/g) is above the limit");
    expect(verdict).toMatchObject({ status: 'incomplete', accountedFor: true, failedGroups: [] });
    expect(verdict.reason).toBe('Inconclusive (method LOQ above the limit): metals.');
  });

  it('a failure elsewhere in the group still fails it', () => {
    const group = judgeGroup(
      'metals',
      [
        { analyte: 'lead', qualifier: 'ND', unit: 'µg/g', loq: '0.6' },
        { analyte: 'cadmium', value: '0.3', unit: 'µg/g' },
      ],
      [LEAD, { analyte: 'cadmium', operator: 'lte', limitMax: '0.2', unit: 'µg/g' }],
    );
    expect(group.status).toBe('fail');
  });
});

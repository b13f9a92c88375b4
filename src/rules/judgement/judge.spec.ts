import { judgeAnalyte } from './judge';
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

  it('passes <LOQ but notes an LOQ above the limit', () => {
    const judgement = judgeAnalyte({ qualifier: '<LOQ', unit: 'µg/g', loq: '1.0' }, LEAD);
    expect(judgement.status).toBe('pass');
    expect(judgement.reason).toContain('the LOQ (1.0 µg/g) is above the limit');
    expect(judgeAnalyte({ qualifier: '<LOQ', unit: 'ppb', loq: '100' }, LEAD).reason).not.toContain('Note');
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

import { Dec } from './decimal';
import { JudgementError, JudgementErrorCode } from './judgement.errors';
import { canConvert, canonicalUnit, convert } from './units';

describe('canonicalUnit', () => {
  it.each([
    ['µg/g', 'µg/g'],
    ['μg/g', 'µg/g'],
    ['ug/g', 'µg/g'],
    ['mcg/g', 'µg/g'],
    ['UG/G', 'µg/g'],
    ['ppm', 'ppm'],
    ['PPM', 'ppm'],
    ['mg/kg', 'mg/kg'],
    ['µg/kg', 'µg/kg'],
    ['ug/kg', 'µg/kg'],
    ['ppb', 'ppb'],
    ['PPB', 'ppb'],
    ['%', '%'],
    ['% w/w', '%'],
    ['%w/w', '%'],
    [' % ', '%'],
    ['mg/g', 'mg/g'],
    ['CFU/g', 'CFU/g'],
    ['cfu/g', 'CFU/g'],
    ['aw', 'aw'],
    ['Aw', 'aw'],
    ['AW', 'aw'],
    ['mg/serving', 'mg/serving'],
    ['mg/package', 'mg/package'],
  ])('%j is %j', (input, expected) => {
    expect(canonicalUnit(input)).toBe(expected);
  });

  it.each(['per 1g', 'g', 'mg', '', 'ppt'])('%j is not a unit LabTrace knows', (input) => {
    expect(canonicalUnit(input)).toBeUndefined();
  });
});

describe('convert', () => {
  // [value, from, to, expected]: each row is also checked in the other direction.
  const ROWS: Array<[string, string, string, string]> = [
    ['1', 'µg/g', 'ppm', '1'],
    ['0.2', 'µg/g', 'mg/kg', '0.2'],
    ['0.5', 'ppm', 'mg/kg', '0.5'],
    ['20', 'µg/kg', 'ppb', '20'],
    ['20', 'µg/kg', 'µg/g', '0.02'],
    ['20', 'ppb', 'ppm', '0.02'],
    ['1', '%', 'ppm', '10000'],
    ['0.5', '%', 'µg/g', '5000'],
    ['15.0', '%', 'mg/g', '150'],
    ['1', 'mg/g', 'ppm', '1000'],
    ['1', 'mg/g', '%', '0.1'],
    ['21.96', '%', 'mg/g', '219.6'],
    ['0.0000001', 'ppm', 'ppb', '0.0001'],
    ['123456789012.0123456789', '%', 'ppb', '1234567890120123456.789'],
  ];

  it.each(ROWS)('%s %s in %s is %s, and back', (value, from, to, expected) => {
    expect(convert(value, from, to)).toBe(expected);
    expect(new Dec(convert(expected, to, from)).equals(new Dec(value))).toBe(true);
  });

  it('keeps a value in its own unit exactly as written (trailing zeros included)', () => {
    expect(convert('15.0', '%', '% w/w')).toBe('15.0');
    expect(convert('0.650', 'aw', 'Aw')).toBe('0.650');
    expect(convert('10000', 'cfu/g', 'CFU/g')).toBe('10000');
  });

  it('never produces exponent notation', () => {
    expect(convert('0.000001', 'ppb', '%')).toBe('0.0000000000001');
    expect(convert('99999999', '%', 'ppb')).toBe('999999990000000');
  });

  it('refuses units of different kinds with a typed error', () => {
    const error = captured(() => convert('10', 'CFU/g', '%'));
    expect(error).toBeInstanceOf(JudgementError);
    expect(error.code).toBe(JudgementErrorCode.UNITS_NOT_CONVERTIBLE);
    expect(error.status).toBe(400);
    expect(captured(() => convert('0.5', 'aw', '%')).code).toBe(JudgementErrorCode.UNITS_NOT_CONVERTIBLE);
    expect(captured(() => convert('5', 'mg/serving', 'mg/g')).code).toBe(JudgementErrorCode.UNITS_NOT_CONVERTIBLE);
  });

  it('refuses unknown units and values that are not decimal strings', () => {
    expect(captured(() => convert('1', 'furlongs', 'ppm')).code).toBe(JudgementErrorCode.UNKNOWN_UNIT);
    expect(captured(() => convert('1e-3', '%', 'ppm')).code).toBe(JudgementErrorCode.INVALID_DECIMAL);
    expect(captured(() => convert('0,5', '%', 'ppm')).code).toBe(JudgementErrorCode.INVALID_DECIMAL);
    expect(captured(() => convert(0.5 as unknown as string, '%', 'ppm')).code).toBe(JudgementErrorCode.INVALID_DECIMAL);
  });
});

describe('canConvert', () => {
  it.each([
    ['%', 'ppm', true],
    ['mg/g', 'µg/kg', true],
    ['ug/g', 'mg/kg', true],
    ['aw', 'Aw', true],
    ['cfu/g', 'CFU/g', true],
    ['CFU/g', '%', false],
    ['aw', 'ppm', false],
    ['mg/serving', 'mg/package', false],
    ['per 1g', 'CFU/g', false],
  ])('%s -> %s: %s', (from, to, expected) => {
    expect(canConvert(from, to)).toBe(expected);
  });
});

function captured(fn: () => unknown): JudgementError {
  try {
    fn();
  } catch (error) {
    return error as JudgementError;
  }
  throw new Error('expected an error');
}

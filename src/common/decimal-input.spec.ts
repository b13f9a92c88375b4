import { decimalInputProblem } from './decimal-input';

describe('decimalInputProblem (hand entry and imports alike)', () => {
  it('takes plain decimals up to 15 digits before the point and 30 after', () => {
    for (const ok of ['0', '0.82', '999999999999999', `0.${'1'.repeat(30)}`, '000000000000000000001', '-3.5'])
      expect([ok, decimalInputProblem(ok, 'any')]).toEqual([ok, null]);
  });

  it('refuses other shapes and longer numbers, saying which rule', () => {
    expect(decimalInputProblem('1e5', 'any')).toBe('must be a decimal number written as a string, e.g. "0.82"');
    expect(decimalInputProblem('.5', 'any')).toBe('must be a decimal number written as a string, e.g. "0.82"');
    expect(decimalInputProblem('１２', 'any')).toBe('must be a decimal number written as a string, e.g. "0.82"');
    expect(decimalInputProblem('123456789012345678901234567890', 'any')).toBe('must have at most 15 digits before the decimal point and 30 after');
    expect(decimalInputProblem(`0.${'1'.repeat(31)}`, 'any')).toBe('must have at most 15 digits before the decimal point and 30 after');
  });

  it('applies the sign rule: LOD/LOQ from zero, dilution above zero', () => {
    expect(decimalInputProblem('-0.1', 'non-negative')).toBe('must not be negative');
    expect(decimalInputProblem('0', 'non-negative')).toBeNull();
    expect(decimalInputProblem('-0', 'non-negative')).toBeNull();
    expect(decimalInputProblem('0', 'positive')).toBe('must be greater than 0');
    expect(decimalInputProblem('0.000', 'positive')).toBe('must be greater than 0');
    expect(decimalInputProblem('0.001', 'positive')).toBeNull();
    expect(decimalInputProblem('-2', 'positive')).toBe('must not be negative');
  });
});

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

describe('decimalInputProblem read character by character', () => {
  // The rule as it was written with a regular expression: the oracle the scanner must agree with.
  function byPattern(text: string, sign: 'any' | 'non-negative' | 'positive'): string | null {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!m) return 'must be a decimal number written as a string, e.g. "0.82"';
    const [, minus, integer, fraction = ''] = m;
    if (integer.replace(/^0+(?=\d)/, '').length > 15 || fraction.length > 30) return 'must have at most 15 digits before the decimal point and 30 after';
    const zero = /^0+$/.test(integer) && /^0*$/.test(fraction);
    if (sign !== 'any' && minus && !zero) return 'must not be negative';
    if (sign === 'positive' && zero) return 'must be greater than 0';
    return null;
  }

  it('answers as the pattern did on 60,000 generated strings, near every limit and shape', () => {
    let seed = 20261203;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['0', '0', '1', '9', '00', '-', '.', ' ', '\t', 'e', '+', '１', '٣', 'a', '\u00a0', '5'.repeat(14), '0'.repeat(16), '7'.repeat(29)];
    const cases = ['', '-', '.', '-.', '0.', '.0', '-0.0', '0-', '1..2', '1.2.3', ' 1 ', '\n2.5\n', '--1', '+1', '0x10', 'Infinity', 'NaN'];
    const digits = (n: number) => Array.from({ length: n }, () => (next(3) === 0 ? '0' : String(next(10)))).join('');
    for (let i = 0; i < 30_000; i++) cases.push(Array.from({ length: 1 + next(8) }, () => pieces[next(pieces.length)]).join(''));
    // Decimal-shaped: a sign, up to 18 digits, a point and up to 33, around optional space; now and then one stray character.
    for (let i = 0; i < 30_000; i++) {
      const shaped = `${next(4) === 0 ? ' ' : ''}${next(3) === 0 ? '-' : ''}${digits(next(19))}${next(2) ? `.${digits(next(34))}` : ''}${next(4) === 0 ? '\t' : ''}`;
      const at = next(shaped.length + 1);
      cases.push(next(10) === 0 ? `${shaped.slice(0, at)}${pieces[next(pieces.length)]}${shaped.slice(at)}` : shaped);
    }
    for (const digits of [14, 15, 16]) cases.push('9'.repeat(digits), `-${'1'.repeat(digits)}.5`, `${'0'.repeat(5)}${'1'.repeat(digits)}`);
    for (const digits of [29, 30, 31]) cases.push(`0.${'3'.repeat(digits)}`, `-0.${'0'.repeat(digits)}`);
    const disagreements: string[] = [];
    const answers = new Map<string | null, number>();
    for (const text of cases)
      for (const sign of ['any', 'non-negative', 'positive'] as const) {
        const answer = decimalInputProblem(text, sign);
        if (answer !== byPattern(text, sign)) disagreements.push(`${JSON.stringify(text)} ${sign}: ${answer}`);
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
      }
    expect(disagreements).toEqual([]);
    // The cases reach every answer, each many times.
    expect([...answers.keys()].sort()).toEqual([
      'must be a decimal number written as a string, e.g. "0.82"',
      'must be greater than 0',
      'must have at most 15 digits before the decimal point and 30 after',
      'must not be negative',
      null,
    ]);
    expect(Math.min(...answers.values())).toBeGreaterThan(100);
  });
});

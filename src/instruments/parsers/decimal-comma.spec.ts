import { writesDecimalComma } from './decimal-comma';

describe('writesDecimalComma', () => {
  it('is true when numbers use a comma and none a point', () => {
    expect(writesDecimalComma(['LT-2611-000123', ' 12,66 ', '-0,5', '100'])).toBe(true);
  });

  it('is false once any number has a decimal point, or no number has a fraction', () => {
    expect(writesDecimalComma(['12,66', '3.5'])).toBe(false);
    expect(writesDecimalComma(['100', 'N/A', '1,000,000'])).toBe(false);
    expect(writesDecimalComma([])).toBe(false);
  });

  it('stops at the first decimal point without reading further', () => {
    function* cells() {
      yield '3.5';
      throw new Error('read past the deciding cell');
    }
    expect(writesDecimalComma(cells())).toBe(false);
  });
});

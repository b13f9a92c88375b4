import { readDecimal, readResultCell, readVerdict } from './coa-values';

describe('readDecimal', () => {
  it('keeps the printed digits, trailing zeros included', () => {
    expect(readDecimal('7.90')).toBe('7.90');
    expect(readDecimal('0.01875')).toBe('0.01875');
    expect(readDecimal('100,000')).toBe('100000');
    expect(readDecimal('.5')).toBe('0.5');
  });

  it('refuses anything that is not a plain decimal', () => {
    expect(readDecimal('12.2%')).toBeUndefined();
    expect(readDecimal('1,00')).toBeUndefined();
    expect(readDecimal('-0.1')).toBeUndefined();
    expect(readDecimal('.')).toBeUndefined();
  });
});

describe('readResultCell', () => {
  it('reads qualifiers in the spellings COAs use', () => {
    expect(readResultCell('ND')).toEqual({ qualifier: 'ND' });
    expect(readResultCell('Not Present')).toEqual({ qualifier: 'ND' });
    expect(readResultCell('<LOQ')).toEqual({ qualifier: '<LOQ' });
    expect(readResultCell('>ULOQ')).toEqual({ qualifier: '>ULOQ' });
  });

  it('reads "<0.02" as below an LOQ of 0.02', () => {
    expect(readResultCell('<0.02')).toEqual({ qualifier: '<LOQ', loq: '0.02' });
  });

  it('reads NR / NT / N/A as not reported, and numbers as exact strings', () => {
    expect(readResultCell('NR')).toEqual({ notReported: true });
    expect(readResultCell('NT')).toEqual({ notReported: true });
    expect(readResultCell('340.54')).toEqual({ value: '340.54' });
  });

  it('returns undefined for a token that is no result', () => {
    expect(readResultCell('mg/g')).toBeUndefined();
    expect(readResultCell('Pass')).toBeUndefined();
  });
});

describe('readVerdict', () => {
  it('maps printed verdicts', () => {
    expect(readVerdict('PASSED')).toBe('pass');
    expect(readVerdict('Fail')).toBe('fail');
    expect(readVerdict('Complete')).toBe('tested');
    expect(readVerdict('NT')).toBe('na');
    expect(readVerdict('Detected')).toBeUndefined();
  });
});

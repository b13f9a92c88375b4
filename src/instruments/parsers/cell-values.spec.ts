import { readDecimal, readResultCell } from './cell-values';
import { decodeExport } from './text-input';

describe('readResultCell', () => {
  it.each([
    ['ND', 'ND'],
    ['n.d.', 'ND'],
    ['NaN', 'ND'],
    ['<LOD', 'ND'],
    ['<LOQ', '<LOQ'],
    ['<LLOQ', '<LOQ'],
    ['>ULOQ', '>ULOQ'],
    ['-----', 'NO_VALUE'],
    ['N/A', 'NO_VALUE'],
    ['', 'NO_VALUE'],
  ])('reads %p as the qualifier %p, never as zero', (cell, qualifier) => {
    const read = readResultCell(cell);
    expect(read.qualifier).toBe(qualifier);
    expect(read.value).toBeUndefined();
  });

  it('keeps numbers exactly as written and flags negatives', () => {
    expect(readResultCell(' 0.1250 ')).toEqual({ raw: '0.1250', value: '0.1250', flags: [] });
    expect(readResultCell('-0.003')).toEqual({ raw: '-0.003', value: '-0.003', flags: ['negative_value'] });
  });

  it('accepts a decimal comma only when the vendor allows it', () => {
    expect(readResultCell('0,125', { decimalComma: true }).value).toBe('0.125');
    expect(readResultCell('0,125').qualifier).toBe('NO_VALUE');
  });
});

describe('readDecimal', () => {
  it.each([
    ['1.5E-03', '0.0015'],
    ['2.5e2', '250'],
    ['-4E-1', '-0.4'],
    ['.5', '0.5'],
    ['+3', '3'],
    ['12.', '12'],
  ])('%p -> %p', (cell, expected) => expect(readDecimal(cell)).toBe(expected));
  it('rejects text', () => expect(readDecimal('abc')).toBeUndefined());
});

describe('decodeExport', () => {
  it('decodes UTF-16LE with a BOM and normalises CRLF', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Sample Name: X\r\nDilution: 1\r\n', 'utf16le')]);
    expect(decodeExport(bytes)).toBe('Sample Name: X\nDilution: 1\n');
  });
  it('strips a UTF-8 BOM', () => {
    expect(decodeExport(Buffer.from('\ufeffa,b\r\n', 'utf8'))).toBe('a,b\n');
  });
});

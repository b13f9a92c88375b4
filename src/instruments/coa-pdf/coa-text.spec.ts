import { CoaParseError } from './coa-layout.types';
import { assertReadableText, findInventoryIds, nyProductType, repairLigatures, textLines, usDateToIso } from './coa-text';

const ORDINARY = 'Sample ID: 2206CGL1823.4290 Total THC 30.655% Arsenic 0.000124 0.05 0.2 <LOQ Pass '.repeat(8);

describe('assertReadableText', () => {
  it('accepts ordinary COA text', () => {
    expect(() => assertReadableText(ORDINARY)).not.toThrow();
  });

  it('rejects a missing text layer', () => {
    expect(() => assertReadableText('\n-- 1 of 1 --\n')).toThrow(/no usable text layer/);
  });

  it('rejects letter-spaced text', () => {
    const spaced = ORDINARY.replace(/(\p{L})(?=\p{L})/gu, '$1 ');
    expect(() => assertReadableText(spaced)).toThrow(CoaParseError);
    expect(() => assertReadableText(spaced)).toThrow(/letter-spaced/);
  });

  it('rejects text that is mostly unmapped glyphs', () => {
    const junk = ORDINARY.replace(/[aeiouT]/g, '\ufffd');
    expect(() => assertReadableText(junk)).toThrow(/garbled/);
  });
});

describe('textLines', () => {
  it('trims, collapses spaces and tabs, and drops pdf-parse page markers', () => {
    expect(textLines('Heavy Metals Pass\tDate Tested: 05/31/2021\n\n-- 1 of 3 --\n  Lead   0.05  \r\n')).toEqual([
      'Heavy Metals Pass Date Tested: 05/31/2021',
      'Lead 0.05',
    ]);
  });
});

describe('repairLigatures', () => {
  it('restores fi and fl in words COAs print', () => {
    expect(repairLigatures('Total A\u0000atoxins').text).toBe('Total Aflatoxins');
    expect(repairLigatures('Aspergillus \u0000avus').text).toBe('Aspergillus flavus');
    expect(repairLigatures('Con\u0000dent Cannabis').text).toBe('Confident Cannabis');
  });

  it('marks a lost ligature it cannot place as U+FFFD instead of guessing', () => {
    expect(repairLigatures('Bi\u0000erol')).toEqual({ text: 'Bi\ufffderol', unresolved: true });
  });
});

describe('findInventoryIds', () => {
  it('finds 16-digit ids, whole or in fours on one line, and METRC tags', () => {
    const text = 'Batch#: 9335 6375 1131 1120\nSeed to Sale# 0814477786553670\nMETRC Sample: 1A4060300004EEF000055313;';
    expect(findInventoryIds(text)).toEqual(['9335637511311120', '0814477786553670', '1A4060300004EEF000055313']);
  });

  it('does not join groups across a line break or take longer numbers', () => {
    expect(findInventoryIds('Batch# : 9335 6375 1131\n1120 and 12345678901234567 and 0.001 0.001 0.001')).toEqual([]);
  });
});

describe('usDateToIso', () => {
  it('reads month-first dates with four- or two-digit years', () => {
    expect(usDateToIso('06/17/2022')).toBe('2022-06-17');
    expect(usDateToIso('03/21/23')).toBe('2023-03-21');
  });

  it('refuses impossible dates and other shapes', () => {
    expect(usDateToIso('02/30/2022')).toBeUndefined();
    expect(usDateToIso('2022-06-17')).toBeUndefined();
    expect(usDateToIso(undefined)).toBeUndefined();
  });
});

describe('nyProductType', () => {
  it('maps printed categories to NY product types', () => {
    expect(nyProductType('Flower - Cured')).toBe('flower');
    expect(nyProductType('Flower, Inhalable')).toBe('flower');
    expect(nyProductType('Ingestible, Other')).toBe('edible');
    expect(nyProductType('Vape Cartridge')).toBe('vape');
    expect(nyProductType('Pre-Roll')).toBe('pre-roll');
    expect(nyProductType('Live Rosin')).toBe('concentrate');
    expect(nyProductType('Seeds')).toBe('other');
    expect(nyProductType(undefined)).toBeUndefined();
  });
});

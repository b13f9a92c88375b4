import { readResultCell } from './cell-values';
import { flagsField, presentField, resultFields } from './row-fields';

describe('row fields', () => {
  it('keeps a number as value and raw, leaving the qualifier out', () => {
    expect(resultFields(readResultCell(' 0.1250 '))).toEqual({ value: '0.1250', raw: '0.1250' });
    expect(Object.keys(resultFields(readResultCell('0.1250')))).toEqual(['value', 'raw']);
  });

  it('keeps a non-detect as qualifier and raw, never a value', () => {
    expect(resultFields(readResultCell('n.d.'))).toEqual({ qualifier: 'ND', raw: 'n.d.' });
    expect('value' in resultFields(readResultCell('<LOQ'))).toBe(false);
  });

  it('leaves out empty optional fields and flags', () => {
    expect(presentField('unit', 'ug/g')).toEqual({ unit: 'ug/g' });
    expect(presentField('unit', '')).toEqual({});
    expect(presentField('unit', undefined)).toEqual({});
    expect(flagsField([])).toEqual({});
    expect(flagsField(['negative_value'])).toEqual({ flags: ['negative_value'] });
  });
});

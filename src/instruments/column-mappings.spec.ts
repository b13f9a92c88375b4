import { mappingMatching, sameRowColumns, withMappingWarning, type InstrumentMapping } from './column-mappings';
import type { ParseResult } from './parsers/parser.types';

const COLUMNS = { sample: 'Sample ID', analyte: 'Compound', value: 'Final Conc', unit: 'Units' };
const saved = [
  { instrument: 'QQQ-1', mapping: COLUMNS, methodId: 'LT-M-PEST-01' },
  { instrument: 'ICP-2', mapping: { sample: 'Sample', analyte: 'Element', value: 'Conc' }, methodId: 'LT-M-MET-01' },
  { instrument: 'OLD-LC', mapping: { sample: 'Sample', analyte: 'Element', value: 'Conc' }, methodId: null },
];

describe('instrument mappings a one-off columnMapping repeats', () => {
  it('reads two mappings alike when their sample, analyte and value columns match as the parser matches names', () => {
    expect(sameRowColumns(COLUMNS, { sample: ' sample id ', analyte: 'COMPOUND', value: 'Final Conc' })).toBe(true);
    expect(sameRowColumns(COLUMNS, { ...COLUMNS, value: 'Area' })).toBe(false);
  });

  it('finds the saved mapping with a method whose row columns the upload repeats, whatever its optional columns', () => {
    expect(mappingMatching({ sample: 'Sample ID', analyte: 'compound', value: 'Final Conc' }, saved)).toEqual({
      instrument: 'QQQ-1',
      methodId: 'LT-M-PEST-01',
    });
    // OLD-LC has the same columns as ICP-2 but no method: nothing of its to apply.
    expect(mappingMatching({ sample: 'Sample', analyte: 'Element', value: 'Conc', lod: 'DL' }, saved)).toEqual({
      instrument: 'ICP-2',
      methodId: 'LT-M-MET-01',
    });
    expect(mappingMatching({ sample: 'Sample', analyte: 'Analyte', value: 'Conc' }, saved)).toBeUndefined();
  });

  it('refuses to choose between saved mappings of the same columns with different methods', () => {
    const two = [...saved, { instrument: 'QQQ-2', mapping: { ...COLUMNS, unit: undefined }, methodId: 'LT-M-PEST-02' }];
    expect(mappingMatching(COLUMNS, two)).toEqual({
      ambiguous:
        'its sample, analyte and value columns are those of the saved mappings of instrument "QQQ-1" (method LT-M-PEST-01), instrument "QQQ-2" (method LT-M-PEST-02); name the instrument instead',
    });
    expect(mappingMatching(COLUMNS, [...saved, { instrument: 'QQQ-3', mapping: COLUMNS, methodId: 'LT-M-PEST-01' }])).toEqual({
      instrument: 'QQQ-1',
      methodId: 'LT-M-PEST-01',
    });
  });

  it('says in the answer which saved mapping a one-off columnMapping was taken for, and nothing for a named instrument', () => {
    const parsed: ParseResult = { format: 'generic-long-csv', meta: {}, rows: [], skipped: [], warnings: ['line 3: …'] };
    const mapping: InstrumentMapping = {
      instrument: 'QQQ-1',
      columns: COLUMNS,
      methodId: 'LT-M-PEST-01',
      savedBy: { id: 'u-mgr', label: 'Morgan Lee <morgan@lab.test>' },
      matchedBy: 'columns',
    };
    expect(withMappingWarning(parsed, mapping).warnings).toEqual([
      `the upload's columnMapping has the sample, analyte and value columns of instrument "QQQ-1"'s saved mapping: its method LT-M-PEST-01 applies, as if instrument "QQQ-1" were named`,
      'line 3: …',
    ]);
    expect(withMappingWarning(parsed, { ...mapping, matchedBy: 'instrument' })).toBe(parsed);
  });
});

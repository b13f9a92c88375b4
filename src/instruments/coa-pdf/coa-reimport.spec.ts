import type { GroupEntry } from '../../results/entry/check-entries';
import type { StoredRowOrigin } from '../../results/row-origins';
import { leftAsIsWarnings, reimportGroups, storedOrigins } from '../reimport-rows';

/** The re-import rule as a COA import applies it (coa-import.service: source coa_import, one sample). */
const sample = { id: 's1', labCode: 'LT-2612-000001' };
const SC = 'as reported on the COA of SC Laboratories California LLC';
const origin = (analyte: string, analyteGroup: string, sourceType: string, sourceId: string | null, analysedAt: string | null = null): StoredRowOrigin => ({
  sampleId: 's1',
  analyte,
  analyteGroup,
  sourceType,
  sourceId,
  analysedAt,
});
const groups: GroupEntry[] = [
  {
    group: 'metals',
    analysedAt: '2026-12-05T05:00:00.000Z',
    analytes: [
      { analyte: 'lead', value: '0.12', unit: 'µg/g', loq: '0.05', method: SC },
      { analyte: 'arsenic', value: null, qualifier: 'ND', unit: 'µg/g', loq: '0.05', method: SC },
    ],
  },
  { group: 'cannabinoids', analytes: [{ analyte: 'thca', value: '191.61', unit: 'mg/g', method: SC }] },
];

describe('a COA sent again (reimportGroups, coa_import)', () => {
  it('writes the rows still from its bytes and new ones; leaves rows amended or entered by hand since, naming who changed them', () => {
    const stored = [
      origin('lead', 'metals', 'coa_import', 'coa-run-1'),
      origin('arsenic', 'metals', 'amendment', 'amend-1'),
      origin('d9-thc', 'cannabinoids', 'manual', null),
    ];
    const { groups: kept, leftAsIs } = reimportGroups(storedOrigins(stored), sample, groups, new Set(['coa-run-1']), {
      source: 'coa_import',
      keepDates: false,
    });
    expect(kept).toEqual([{ ...groups[0], analytes: [groups[0].analytes[0]] }]);
    expect(leftAsIs).toEqual([
      { sampleId: 's1', labCode: 'LT-2612-000001', group: 'metals', analyte: 'arsenic', changedBy: 'amendment' },
      // Hand entry wrote cannabinoids whole without THCA: the COA's THCA is not put back.
      { sampleId: 's1', labCode: 'LT-2612-000001', group: 'cannabinoids', analyte: 'thca', changedBy: 'hand entry' },
    ]);
    expect(leftAsIsWarnings(leftAsIs)[0]).toBe(
      'LT-2612-000001, arsenic: left as it is: amendment changed or removed it after this file was imported, and a file sent again does not overwrite that',
    );
  });

  it('a row from an instrument import run of the same id is not the COA’s own (only coa_import rows of its runs are)', () => {
    const stored = [origin('lead', 'metals', 'instrument_import', 'coa-run-1')];
    const { leftAsIs } = reimportGroups(storedOrigins(stored), sample, [groups[0]], new Set(['coa-run-1']), { source: 'coa_import', keepDates: false });
    expect(leftAsIs.map((l) => [l.analyte, l.changedBy])).toEqual([['lead', 'instrument import coa-run-1']]);
  });

  it('an undated COA keeps the date its rows have (keepDates)', () => {
    const stored = [origin('lead', 'metals', 'coa_import', 'coa-run-1', '2026-11-30T05:00:00.000Z')];
    const { groups: kept } = reimportGroups(storedOrigins(stored), sample, [groups[0]], new Set(['coa-run-1']), { source: 'coa_import', keepDates: true });
    expect(kept[0].analytes.map((a) => [a.analyte, a.analysedAt])).toEqual([
      ['lead', '2026-11-30T05:00:00.000Z'],
      ['arsenic', undefined],
    ]);
  });
});

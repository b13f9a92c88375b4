import { type AnalysedRow, carryAnalysisFacts, type RowSource } from './carry-analysis-facts';
import type { AnalyteEntry, CheckedEntry, GroupEntry } from './check-entries';

const ANALYSED = new Date('2026-11-30T14:00:00.000Z');
/** The amendment's origin: manager A's. */
const AMENDED_BY: RowSource = { sourceType: 'amendment', sourceId: null, enteredBy: 'u-manager-a', analyst: 'Morgan Manager <morgan@lab.test>' };
const METALS_SET = '3f1c2a9e-0000-4000-8000-000000000001';

/** Version 1's Lead: picked method LT-M-MET-01, its LOD/LOQ, undiluted, analysed on 30 November. */
function stored(over: Partial<AnalysedRow> = {}): AnalysedRow {
  return {
    analyteGroup: 'metals',
    analyte: 'lead',
    value: '0.12',
    qualifier: null,
    unit: 'µg/g',
    lod: '0.02',
    loq: '0.05',
    dilution: null,
    method: 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)',
    methodId: 'LT-M-MET-01',
    methodSetId: METALS_SET,
    instrument: 'ICP-MS #1',
    analysedAt: ANALYSED,
    computed: false,
    sourceType: 'manual',
    sourceId: null,
    enteredBy: 'u-tech',
    analyst: 'Terry Tech <terry@lab.test>',
    ...over,
  };
}

/** One metals group as the amendment gives it, and withMethods' output for it (given fields, no registry match). */
function amended(rows: AnalyteEntry[], group: Partial<GroupEntry> = {}): { groups: GroupEntry[]; entries: CheckedEntry[] } {
  const g: GroupEntry = { group: 'metals', analytes: rows, ...group };
  const entries = rows.map((r): CheckedEntry => ({
    group: 'metals',
    analyte: r.analyte,
    analyteName: r.analyte,
    value: r.value ?? null,
    qualifier: r.qualifier ?? null,
    unit: r.unit,
    dilution: r.dilution,
    methodId: null,
    methodSetId: null,
    method: r.method ?? null,
    instrument: r.instrument ?? null,
    lod: r.lod ?? null,
    loq: r.loq ?? null,
    analysedAt: r.analysedAt ?? g.analysedAt ?? null,
  }));
  return { groups: [g], entries };
}

const facts = (e: CheckedEntry) => ({
  methodId: e.methodId,
  methodSetId: e.methodSetId,
  method: e.method,
  instrument: e.instrument,
  lod: e.lod,
  loq: e.loq,
  dilution: e.dilution,
  analysedAt: e.analysedAt,
});

const V1_FACTS = {
  methodId: 'LT-M-MET-01',
  methodSetId: METALS_SET,
  method: 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)',
  instrument: 'ICP-MS #1',
  lod: '0.02',
  loq: '0.05',
  dilution: null,
  analysedAt: '2026-11-30T14:00:00.000Z',
};

describe('carryAnalysisFacts', () => {
  it('a corrected value keeps the method, method set, instrument, LOD, LOQ and analysed date of the amended version', () => {
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g' }]);
    const out = carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY, { baseVersion: 1 });
    expect(out.errors).toEqual([]);
    expect(out.entries).toHaveLength(1);
    expect(out.entries[0]).toMatchObject({ analyte: 'lead', value: '0.31', unit: 'µg/g' });
    expect(facts(out.entries[0])).toEqual(V1_FACTS);
  });

  it('keeps the dilution with the LOD and LOQ that were scaled for it', () => {
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g' }]);
    const out = carryAnalysisFacts(groups, entries, [stored({ dilution: '10', lod: '0.2', loq: '0.5' })], AMENDED_BY, { baseVersion: 1 });
    expect(facts(out.entries[0])).toMatchObject({ dilution: '10', lod: '0.2', loq: '0.5' });
  });

  it('converts the kept LOD and LOQ exactly into the unit the amendment reports in', () => {
    const ppb = amended([{ analyte: 'lead', value: '310', unit: 'ppb' }]);
    expect(facts(carryAnalysisFacts(ppb.groups, ppb.entries, [stored()], AMENDED_BY, { baseVersion: 1 }).entries[0])).toMatchObject({
      lod: '20',
      loq: '50',
      methodId: 'LT-M-MET-01',
    });
    const mgPerG = amended([{ analyte: 'lead', value: '0.00031', unit: 'mg/g' }]);
    expect(facts(carryAnalysisFacts(mgPerG.groups, mgPerG.entries, [stored()], AMENDED_BY, { baseVersion: 1 }).entries[0])).toMatchObject({
      lod: '0.00002',
      loq: '0.00005',
    });
  });

  it('drops a kept LOD and LOQ whose unit does not convert, but keeps the method and date', () => {
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'CFU/g' }]);
    const out = carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY, { baseVersion: 1 });
    expect(out.errors).toEqual([]);
    expect(facts(out.entries[0])).toEqual({ ...V1_FACTS, lod: null, loq: null });
  });

  it('a re-test with its own method pick keeps what the registry gave it, and its own date', () => {
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g', methodId: 'LT-M-MET-02', analysedAt: '2026-12-03T09:00:00.000Z' }]);
    // What withMethods made of the pick.
    Object.assign(entries[0], {
      methodId: 'LT-M-MET-02',
      methodSetId: METALS_SET,
      method: 'Metals by ICP-OES (SOP-CHEM-104)',
      instrument: 'ICP-OES',
      lod: '0.1',
      loq: '0.3',
    });
    const out = carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY, { baseVersion: 1 });
    expect(facts(out.entries[0])).toEqual({
      methodId: 'LT-M-MET-02',
      methodSetId: METALS_SET,
      method: 'Metals by ICP-OES (SOP-CHEM-104)',
      instrument: 'ICP-OES',
      lod: '0.1',
      loq: '0.3',
      dilution: undefined,
      analysedAt: '2026-12-03T09:00:00.000Z',
    });
  });

  it('decides the method and the date separately: a group method pick keeps the old date, a group date keeps the old method', () => {
    const picked = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g' }], { methodId: 'LT-M-MET-01' });
    Object.assign(picked.entries[0], {
      methodId: 'LT-M-MET-01',
      methodSetId: 'new-set',
      method: 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 4)',
      lod: '0.01',
      loq: '0.04',
    });
    expect(facts(carryAnalysisFacts(picked.groups, picked.entries, [stored()], AMENDED_BY, { baseVersion: 1 }).entries[0])).toMatchObject({
      methodSetId: 'new-set',
      loq: '0.04',
      analysedAt: '2026-11-30T14:00:00.000Z',
    });

    const dated = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g' }], { analysedAt: '2026-12-02T08:00:00.000Z' });
    expect(facts(carryAnalysisFacts(dated.groups, dated.entries, [stored()], AMENDED_BY, { baseVersion: 1 }).entries[0])).toEqual({
      ...V1_FACTS,
      analysedAt: '2026-12-02T08:00:00.000Z',
    });
  });

  it('a named method or instrument is the entry’s own analysis: nothing of the old method is kept', () => {
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g', instrument: 'ICP-MS #2' }]);
    expect(facts(carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY, { baseVersion: 1 }).entries[0])).toEqual({
      methodId: null,
      methodSetId: null,
      method: null,
      instrument: 'ICP-MS #2',
      lod: null,
      loq: null,
      dilution: undefined,
      analysedAt: '2026-11-30T14:00:00.000Z',
    });
  });

  it('an LOQ the entry gives wins over the kept one; the kept LOD stays beside it', () => {
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g', loq: '0.08' }]);
    const out = carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY, { baseVersion: 1 });
    expect(out.errors).toEqual([]);
    expect(facts(out.entries[0])).toEqual({ ...V1_FACTS, loq: '0.08' });
  });

  it('refuses a given LOQ below the kept LOD, naming the field and the version', () => {
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g', loq: '0.01' }]);
    expect(carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY, { baseVersion: 1 }).errors).toEqual([
      { field: 'groups[0].analytes[0].loq', message: "LOQ 0.01 is below version 1's LOD (0.02); give the lod too" },
    ]);
  });

  it('refuses a new dilution with LOD and LOQ scaled for the old one, and accepts the same dilution written otherwise', () => {
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g', dilution: '10' }]);
    expect(carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY, { baseVersion: 1 }).errors).toEqual([
      {
        field: 'groups[0].analytes[0].dilution',
        message:
          "dilution 10 differs from version 1's (none), whose LOD and LOQ were for that dilution; give the method (methodId) or this dilution’s lod and loq",
      },
    ]);
    const same = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g', dilution: '10.0' }]);
    const out = carryAnalysisFacts(same.groups, same.entries, [stored({ dilution: '10', lod: '0.2', loq: '0.5' })], AMENDED_BY, { baseVersion: 1 });
    expect(out.errors).toEqual([]);
    expect(facts(out.entries[0])).toMatchObject({ dilution: '10.0', lod: '0.2', loq: '0.5' });
    const withLimits = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g', dilution: '10', lod: '0.2', loq: '0.5' }]);
    expect(carryAnalysisFacts(withLimits.groups, withLimits.entries, [stored()], AMENDED_BY, { baseVersion: 1 }).errors).toEqual([]);
  });

  it('carries nothing to an analyte the amended version did not report, nor from a computed or other-group row', () => {
    const { groups, entries } = amended([
      { analyte: 'lead', value: '0.31', unit: 'µg/g' },
      { analyte: 'mercury', qualifier: 'ND', unit: 'µg/g' },
    ]);
    const base = [stored(), stored({ analyteGroup: 'pesticides', analyte: 'mercury' }), stored({ analyte: 'mercury', computed: true })];
    const out = carryAnalysisFacts(groups, entries, base, AMENDED_BY, { baseVersion: 1 });
    expect(out.entries.map((e) => [e.analyte, e.methodId, e.loq, e.analysedAt])).toEqual([
      ['lead', 'LT-M-MET-01', '0.05', '2026-11-30T14:00:00.000Z'],
      ['mercury', null, null, null],
    ]);
  });

  it('keeps empty facts empty when the amended version recorded none', () => {
    const bare = stored({ lod: null, loq: null, method: null, methodId: null, methodSetId: null, instrument: null, analysedAt: null });
    const { groups, entries } = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g' }]);
    expect(facts(carryAnalysisFacts(groups, entries, [bare], AMENDED_BY).entries[0])).toEqual({
      methodId: null,
      methodSetId: null,
      method: null,
      instrument: null,
      lod: null,
      loq: null,
      dilution: null,
      analysedAt: null,
    });
  });

  describe('sources', () => {
    const RUN = 'c0a1e2b3-0000-4000-8000-00000000c0a1';
    const SC_LABS = 'as reported on the COA of SC Laboratories California LLC';
    /** A cannabinoid another lab reported, imported from its COA: its method text only, no LOD/LOQ. */
    const imported = (analyte: string, over: Partial<AnalysedRow> = {}) =>
      stored({
        analyteGroup: 'cannabinoids',
        analyte,
        unit: '%',
        value: null,
        qualifier: 'ND',
        lod: null,
        loq: null,
        method: SC_LABS,
        methodId: null,
        methodSetId: null,
        instrument: null,
        sourceType: 'coa_import',
        sourceId: RUN,
        enteredBy: 'u-importer',
        analyst: 'Ira Importer <ira@lab.test>',
        ...over,
      });
    const IMPORTED_SOURCE: RowSource = { sourceType: 'coa_import', sourceId: RUN, enteredBy: 'u-importer', analyst: 'Ira Importer <ira@lab.test>' };
    const cannabinoids = (rows: AnalyteEntry[], group: Partial<GroupEntry> = {}) => {
      const out = amended(rows, { group: 'cannabinoids', ...group });
      return { groups: out.groups, entries: out.entries.map((e) => ({ ...e, group: 'cannabinoids' })) };
    };

    it('an unchanged row re-sent with its group keeps its source and writer; a changed one is the amendment’s', () => {
      const base = [stored(), stored({ analyte: 'arsenic', value: '0.05' })];
      const { groups, entries } = amended([
        { analyte: 'lead', value: '0.31', unit: 'µg/g' },
        { analyte: 'arsenic', value: '0.05', unit: 'µg/g' },
      ]);
      const out = carryAnalysisFacts(groups, entries, base, AMENDED_BY, { baseVersion: 1 });
      expect(out.sources).toEqual([AMENDED_BY, { sourceType: 'manual', sourceId: null, enteredBy: 'u-tech', analyst: 'Terry Tech <terry@lab.test>' }]);
    });

    it('a re-dated, re-methoded or differently written value is a change: 0.050 is not 0.05', () => {
      const base = [stored({ analyte: 'arsenic', value: '0.05' })];
      const cases: Array<[AnalyteEntry, Partial<GroupEntry>]> = [
        [{ analyte: 'arsenic', value: '0.050', unit: 'µg/g' }, {}],
        [{ analyte: 'arsenic', value: '0.05', unit: 'µg/g' }, { analysedAt: '2026-11-29T14:00:00.000Z' }],
        [{ analyte: 'arsenic', value: '0.05', unit: 'µg/g', analysedAt: '2026-11-30T15:00:00.000Z' }, {}],
        [{ analyte: 'arsenic', value: '0.05', unit: 'µg/g', method: 'ICP-OES, run 14' }, {}],
        [{ analyte: 'arsenic', value: '0.05', unit: 'µg/g', lod: '0.01' }, {}],
      ];
      for (const [row, group] of cases) {
        const { groups, entries } = amended([row], group);
        expect([row, group, carryAnalysisFacts(groups, entries, base, AMENDED_BY).sources]).toEqual([row, group, [AMENDED_BY]]);
      }
    });

    it('another lab’s rows re-sent unchanged stay that lab’s import, ND without LOD/LOQ included', () => {
      const base = [imported('cbg'), imported('thca', { value: '15.00', qualifier: null })];
      const { groups, entries } = cannabinoids([
        { analyte: 'cbg', qualifier: 'ND', unit: '%' },
        { analyte: 'thca', value: '15.00', unit: '%' },
      ]);
      const out = carryAnalysisFacts(groups, entries, base, AMENDED_BY);
      expect(out.sources).toEqual([IMPORTED_SOURCE, IMPORTED_SOURCE]);
      expect(out.entries.map((e) => [e.analyte, e.method, e.lod, e.loq])).toEqual([
        ['cbg', SC_LABS, null, null],
        ['thca', SC_LABS, null, null],
      ]);
    });

    it('a changed value of another lab’s COA without a method of its own corrects the transcription: that lab’s method and import run, written by the amendment’s author', () => {
      const base = [imported('thca', { value: '15.00', qualifier: null })];
      // Re-sending the method text the row has is naming none of its own.
      for (const method of [undefined, ` ${SC_LABS}`]) {
        const { groups, entries } = cannabinoids([{ analyte: 'thca', value: '150.00', unit: '%', method }]);
        const out = carryAnalysisFacts(groups, entries, base, AMENDED_BY);
        expect(out.sources).toEqual([{ sourceType: 'coa_import', sourceId: RUN, enteredBy: 'u-manager-a', analyst: 'Morgan Manager <morgan@lab.test>' }]);
        expect(out.entries[0]).toMatchObject({ value: '150.00', method: SC_LABS, analysedAt: ANALYSED.toISOString() });
      }
    });

    it('a changed value of another lab’s COA naming a method is the lab’s re-test: the amendment’s, with the lab’s method', () => {
      const base = [imported('thca', { value: '15.00', qualifier: null })];
      const named = cannabinoids([{ analyte: 'thca', value: '14.20', unit: '%', method: 'HPLC-DAD, LabTrace run 2026-12-03' }]);
      const byText = carryAnalysisFacts(named.groups, named.entries, base, AMENDED_BY);
      expect(byText.sources).toEqual([AMENDED_BY]);
      expect(byText.entries[0].method).toBe('HPLC-DAD, LabTrace run 2026-12-03');
      const picked = cannabinoids([{ analyte: 'thca', value: '14.20', unit: '%' }], { methodId: 'LT-M-CANN-01' });
      const byId = carryAnalysisFacts(picked.groups, picked.entries, base, AMENDED_BY);
      expect(byId.sources).toEqual([AMENDED_BY]);
      expect(byId.entries[0].method).not.toBe(SC_LABS);
    });

    it('an analyte new to the amended version is the amendment’s', () => {
      const { groups, entries } = amended([{ analyte: 'mercury', qualifier: 'ND', unit: 'µg/g', method: 'CV-AAS' }]);
      expect(carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY).sources).toEqual([AMENDED_BY]);
    });
  });
});

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

  describe('dates', () => {
    const NY = 'America/New_York';
    /** Received 29 November, 05:00 in New York; judged on 6 December. */
    const bounds = { receivedAt: new Date('2026-11-29T10:00:00.000Z'), now: new Date('2026-12-06T12:00:00.000Z') };
    const withDate = (value: string, analysedAt: string | undefined, group: Partial<GroupEntry> = {}) => {
      const out = amended([{ analyte: 'lead', value, unit: 'µg/g', analysedAt }], group);
      // withMethods' instant of the given date.
      out.entries[0].analysedAt = analysedAt ?? group.analysedAt ?? null;
      return out;
    };

    it('a date on the stored lab day keeps the stored instant, so a time moved within the day changes nothing (the source included)', () => {
      // 14:00Z is 09:00 in New York; 20:00Z and 03:00Z the next day are still 30 November there.
      for (const at of ['2026-11-30T20:00:00.000Z', '2026-12-01T03:00:00.000Z']) {
        const same = withDate('0.12', at);
        const out = carryAnalysisFacts(same.groups, same.entries, [stored()], AMENDED_BY, { timeZone: NY });
        expect([at, out.entries[0].analysedAt, out.sources[0].sourceType]).toEqual([at, ANALYSED.toISOString(), 'manual']);
      }
      const grouped = withDate('0.31', undefined, { analysedAt: '2026-11-30T20:00:00.000Z' });
      expect(carryAnalysisFacts(grouped.groups, grouped.entries, [stored()], AMENDED_BY, { timeZone: NY }).entries[0].analysedAt).toBe(ANALYSED.toISOString());
      // 04:00Z on 30 November is the 29th in New York: another day, taken as given.
      const other = withDate('0.12', '2026-11-30T04:00:00.000Z');
      const moved = carryAnalysisFacts(other.groups, other.entries, [stored()], AMENDED_BY, { timeZone: NY });
      expect([moved.entries[0].analysedAt, moved.sources[0].sourceType]).toEqual(['2026-11-30T04:00:00.000Z', 'amendment']);
    });

    it('judges the final date of every row it makes its own, kept or given; leaves unchanged rows and another lab’s test day alone', () => {
      const early = new Date('2026-11-20T15:00:00.000Z');
      const keptEarly = withDate('0.31', undefined);
      expect(
        carryAnalysisFacts(keptEarly.groups, keptEarly.entries, [stored({ analysedAt: early })], AMENDED_BY, {
          timeZone: NY,
          bounds,
          baseVersion: 1,
          groupsKey: 'results',
        }).errors,
      ).toEqual([
        {
          field: 'results[0].analytes[0].analysedAt',
          message:
            "analysedAt 2026-11-20T15:00:00.000Z is before the sample was received (2026-11-29T10:00:00.000Z): it is version 1's date, kept because none was given; give this row's analysedAt",
        },
      ]);
      // A group's date is judged once, on the group's field.
      const grouped = amended(
        [
          { analyte: 'lead', value: '0.31', unit: 'µg/g' },
          { analyte: 'arsenic', value: '0.06', unit: 'µg/g' },
        ],
        { analysedAt: '2026-11-20' },
      );
      expect(
        carryAnalysisFacts(grouped.groups, grouped.entries, [stored(), stored({ analyte: 'arsenic', value: '0.05' })], AMENDED_BY, { timeZone: NY, bounds })
          .errors,
      ).toEqual([{ field: 'groups[0].analysedAt', message: 'analysedAt 2026-11-20 is before the sample was received (2026-11-29T10:00:00.000Z)' }]);
      const unchangedEarly = withDate('0.12', undefined);
      expect(
        carryAnalysisFacts(unchangedEarly.groups, unchangedEarly.entries, [stored({ analysedAt: early })], AMENDED_BY, { timeZone: NY, bounds }).errors,
      ).toEqual([]);
      // The receipt day given alone is the whole day, so it is possible; a day in the future is not.
      const receiptDay = withDate('0.31', '2026-11-29');
      expect(carryAnalysisFacts(receiptDay.groups, receiptDay.entries, [stored()], AMENDED_BY, { timeZone: NY, bounds }).errors).toEqual([]);
      const future = withDate('0.31', '2026-12-09');
      expect(carryAnalysisFacts(future.groups, future.entries, [stored()], AMENDED_BY, { timeZone: NY, bounds }).errors).toEqual([
        expect.objectContaining({ field: 'groups[0].analytes[0].analysedAt', message: expect.stringMatching(/is in the future/) }),
      ]);
    });

    it('a re-test of another lab’s row is dated after receipt; a transcription correction may date that lab’s test before it, not after now', () => {
      const theirs = stored({
        analyteGroup: 'metals',
        method: 'as reported on the COA of Kaycha Labs',
        methodId: null,
        methodSetId: null,
        instrument: null,
        lod: null,
        loq: null,
        sourceType: 'coa_import',
        sourceId: 'run-1',
        analysedAt: new Date('2021-11-18T05:00:00.000Z'),
      });
      const retest = amended([{ analyte: 'lead', value: '0.31', unit: 'µg/g', method: 'ICP-MS re-test', analysedAt: '2021-11-18' }]);
      expect(carryAnalysisFacts(retest.groups, retest.entries, [theirs], AMENDED_BY, { timeZone: NY, bounds }).errors).toEqual([
        expect.objectContaining({
          field: 'groups[0].analytes[0].analysedAt',
          message: expect.stringMatching(/^analysedAt 2021-11-18 is before the sample was received/),
        }),
      ]);
      const corrected = amended([{ analyte: 'lead', value: '0.12', unit: 'µg/g', analysedAt: '2021-11-17' }]);
      corrected.entries[0].analysedAt = '2021-11-17T05:00:00.000Z';
      const out = carryAnalysisFacts(corrected.groups, corrected.entries, [theirs], AMENDED_BY, { timeZone: NY, bounds });
      expect([out.errors, out.sources[0].sourceType, out.entries[0].analysedAt]).toEqual([[], 'coa_import', '2021-11-17T05:00:00.000Z']);
      const late = amended([{ analyte: 'lead', value: '0.12', unit: 'µg/g', analysedAt: '2026-12-20' }]);
      expect(carryAnalysisFacts(late.groups, late.entries, [theirs], AMENDED_BY, { timeZone: NY, bounds }).errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/is in the future/) }),
      ]);
    });
  });

  describe('sources', () => {
    const RUN = 'c0a1e2b3-0000-4000-8000-00000000c0a1';
    const RETESTED = '2026-12-03T09:00:00.000Z';
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
        [{ analyte: 'arsenic', value: '0.05', unit: 'µg/g', analysedAt: '2026-12-01T15:00:00.000Z' }, {}],
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

    it('a changed value of another lab’s COA naming a method and a date is the lab’s re-test: the amendment’s, with the lab’s method and date', () => {
      const base = [imported('thca', { value: '15.00', qualifier: null })];
      const named = cannabinoids([{ analyte: 'thca', value: '14.20', unit: '%', method: 'HPLC-DAD, LabTrace run 2026-12-03', analysedAt: RETESTED }]);
      const byText = carryAnalysisFacts(named.groups, named.entries, base, AMENDED_BY);
      expect([byText.errors, byText.sources]).toEqual([[], [AMENDED_BY]]);
      expect(byText.entries[0]).toMatchObject({ method: 'HPLC-DAD, LabTrace run 2026-12-03', analysedAt: RETESTED });
      const picked = cannabinoids([{ analyte: 'thca', value: '14.20', unit: '%' }], { methodId: 'LT-M-CANN-01', analysedAt: RETESTED });
      const byId = carryAnalysisFacts(picked.groups, picked.entries, base, AMENDED_BY);
      expect([byId.errors, byId.sources]).toEqual([[], [AMENDED_BY]]);
      expect(byId.entries[0]).toMatchObject({ analysedAt: RETESTED });
      expect(byId.entries[0].method).not.toBe(SC_LABS);
    });

    it('refuses a method on another lab’s row without a date of its own, whatever it changes: that lab’s date is never carried onto the lab’s row', () => {
      const base = [imported('thca', { value: '15.00', qualifier: null })];
      const cases: Array<[AnalyteEntry, Partial<GroupEntry>]> = [
        [{ analyte: 'thca', value: '29.80', unit: '%', method: 'HPLC-DAD in-house re-test' }, {}],
        [{ analyte: 'thca', value: '15.00', unit: '%', methodId: 'LT-M-POT-01' }, {}],
        [{ analyte: 'thca', value: '15.10', unit: '%' }, { methodId: 'LT-M-POT-01' }],
      ];
      for (const [row, group] of cases) {
        const { groups, entries } = cannabinoids([row], group);
        expect([row, group, carryAnalysisFacts(groups, entries, base, AMENDED_BY, { groupsKey: 'results' }).errors]).toEqual([
          row,
          group,
          [
            {
              field: 'results[0].analytes[0].analysedAt',
              message:
                'reported by SC Laboratories California LLC: a re-test needs its own method and analysis date; a transcription correction names no method',
            },
          ],
        ]);
      }
    });

    it('a group’s method and date re-test only the rows whose report changes: another lab’s rows re-sent as they are keep all they had', () => {
      const base = [imported('cbg'), imported('thca', { value: '15.00', qualifier: null, loq: '0.24' }), imported('cbd', { value: '0.50', qualifier: null })];
      const { groups, entries } = cannabinoids(
        [
          { analyte: 'cbg', qualifier: 'ND', unit: '%' },
          { analyte: 'thca', value: '15.00', unit: '%' },
          { analyte: 'cbd', value: '0.61', unit: '%' },
        ],
        { methodId: 'LT-M-POT-01', analysedAt: RETESTED },
      );
      // What withMethods made of the group's pick, on every row.
      for (const e of entries)
        Object.assign(e, {
          methodId: 'LT-M-POT-01',
          methodSetId: 'set-2026',
          method: 'Cannabinoids by HPLC-DAD (SOP-CHEM-101 rev 4)',
          lod: '0.03',
          loq: '0.1',
        });
      const out = carryAnalysisFacts(groups, entries, base, AMENDED_BY);
      expect(out.errors).toEqual([]);
      expect(out.sources).toEqual([IMPORTED_SOURCE, IMPORTED_SOURCE, AMENDED_BY]);
      expect(out.entries.map((e) => [e.analyte, e.method, e.methodId, e.lod, e.loq, e.analysedAt])).toEqual([
        ['cbg', SC_LABS, null, null, null, ANALYSED.toISOString()],
        ['thca', SC_LABS, null, null, '0.24', ANALYSED.toISOString()],
        ['cbd', 'Cannabinoids by HPLC-DAD (SOP-CHEM-101 rev 4)', 'LT-M-POT-01', '0.03', '0.1', RETESTED],
      ]);
    });

    it('a transcription correction corrects the transcribed date only by the row’s own analysedAt, never by the group’s', () => {
      const base = [imported('thca', { value: '15.00', qualifier: null })];
      const grouped = cannabinoids([{ analyte: 'thca', value: '15.10', unit: '%' }], { analysedAt: RETESTED });
      const byGroup = carryAnalysisFacts(grouped.groups, grouped.entries, base, AMENDED_BY);
      expect([byGroup.errors, byGroup.sources[0].sourceType, byGroup.entries[0].analysedAt]).toEqual([[], 'coa_import', ANALYSED.toISOString()]);
      const own = cannabinoids([{ analyte: 'thca', value: '15.00', unit: '%', analysedAt: '2026-11-20' }]);
      own.entries[0].analysedAt = '2026-11-20T00:00:00.000Z';
      const byRow = carryAnalysisFacts(own.groups, own.entries, base, AMENDED_BY);
      expect([byRow.errors, byRow.sources[0].sourceType, byRow.entries[0].analysedAt]).toEqual([[], 'coa_import', '2026-11-20T00:00:00.000Z']);
    });

    it('a correction to ND of another lab’s row must keep or give an LOD or LOQ', () => {
      const base = [imported('cbd', { value: '0.50', qualifier: null })];
      const nd = cannabinoids([{ analyte: 'cbd', qualifier: 'ND', unit: '%' }]);
      expect(carryAnalysisFacts(nd.groups, nd.entries, base, AMENDED_BY).errors).toEqual([
        {
          field: 'groups[0].analytes[0].loq',
          message:
            "reported by SC Laboratories California LLC: a correction to ND must carry the LOD or LOQ SC Laboratories California LLC's certificate prints for it (give lod or loq)",
        },
      ]);
      const given = cannabinoids([{ analyte: 'cbd', qualifier: 'ND', unit: '%', loq: '0.24' }]);
      const withLoq = carryAnalysisFacts(given.groups, given.entries, base, AMENDED_BY);
      expect([withLoq.errors, withLoq.entries[0].loq, withLoq.sources[0].sourceType]).toEqual([[], '0.24', 'coa_import']);
      const kept = carryAnalysisFacts(nd.groups, nd.entries, [imported('cbd', { value: '0.50', qualifier: null, loq: '0.24' })], AMENDED_BY);
      expect([kept.errors, kept.entries[0].loq]).toEqual([[], '0.24']);
      // Re-sent ND as that lab printed it: its report, with the import's exemption.
      expect(carryAnalysisFacts(nd.groups, nd.entries, [imported('cbd')], AMENDED_BY).errors).toEqual([]);
    });

    it('refuses method text claiming another lab’s report on a row that is not that lab’s, and accepts an imported row’s own, in any case or spacing', () => {
      const kaycha = 'As  reported on the COA of Kaycha Labs';
      const manual = amended([
        { analyte: 'lead', value: '0.10', unit: 'µg/g', method: kaycha },
        { analyte: 'mercury', qualifier: 'ND', unit: 'µg/g', method: 'as\u00a0REPORTED by Kaycha' },
      ]);
      expect(carryAnalysisFacts(manual.groups, manual.entries, [stored()], AMENDED_BY).errors.map((e) => e.field)).toEqual([
        'groups[0].analytes[0].method',
        'groups[0].analytes[1].method',
      ]);
      const base = [imported('thca', { value: '15.00', qualifier: null })];
      const other = cannabinoids([{ analyte: 'thca', value: '15.10', unit: '%', method: kaycha }]);
      expect(carryAnalysisFacts(other.groups, other.entries, base, AMENDED_BY).errors).toEqual([
        expect.objectContaining({ field: 'groups[0].analytes[0].method', message: expect.stringMatching(/claims another laboratory's report/) }),
      ]);
      const restated = cannabinoids([{ analyte: 'thca', value: '15.10', unit: '%', method: '  AS REPORTED ON THE COA OF   SC Laboratories California LLC' }]);
      const out = carryAnalysisFacts(restated.groups, restated.entries, base, AMENDED_BY);
      expect([out.errors, out.sources[0].sourceType, out.entries[0].method]).toEqual([[], 'coa_import', SC_LABS]);
    });

    it('an analyte new to the amended version is the amendment’s', () => {
      const { groups, entries } = amended([{ analyte: 'mercury', qualifier: 'ND', unit: 'µg/g', method: 'CV-AAS' }]);
      expect(carryAnalysisFacts(groups, entries, [stored()], AMENDED_BY).sources).toEqual([AMENDED_BY]);
    });
  });
});

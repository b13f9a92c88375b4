import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SampleResults } from '../../api/types';
import type { EntryTemplate, TemplateMethod } from './entry-template';
import { buildPayload, humanGroups, parseClipboard, pasteIntoGroup, type GridRow } from './grid-model';
import { judgeLive } from './live-judgement';
import { optionalAnalyteIds, refigure, rowsFromTemplate, withDefaultUnits } from './template-rows';

const method = (methodId: string, group: string, analytes: TemplateMethod['analytes']): TemplateMethod => ({
  methodId,
  name: `${group} method`,
  sopRef: 'SOP-1',
  technique: 'X',
  instrument: 'I-1',
  analytes,
});
const fig = (analyte: string, name: string, lod: string | null, loq: string | null, unit: string) => ({ analyte, name, lod, loq, unit });

/** A flower template, cut down: the shapes GET /v1/samples/:id/entry-template answers with. */
const template: EntryTemplate = {
  sampleId: 's1',
  productType: 'flower',
  version: 1,
  limitSet: { id: 'ls', name: 'ny-ocm-2025-draft', effectiveDate: '2025-01-01' },
  methodSet: { id: 'ms', name: 'labtrace-methods-2025-v1', effectiveDate: '2025-01-01' },
  edible: null,
  limits: [
    { analyte: 'lead', group: 'metals', operator: 'lte', limitMin: null, limitMax: '0.5', unit: 'µg/g', limit: '≤ 0.5 µg/g' },
    { analyte: 'nickel', group: 'metals', operator: 'lte', limitMin: null, limitMax: '5', unit: 'µg/g', limit: '≤ 5 µg/g' },
    { analyte: 'salmonella', group: 'microbials', operator: 'not_detected', limitMin: null, limitMax: null, unit: null, limit: 'Not detected' },
    { analyte: 'stec', group: 'microbials', operator: 'not_detected', limitMin: null, limitMax: null, unit: null, limit: 'Not detected' },
    { analyte: 'total-yeast-mold', group: 'microbials', operator: 'report_only', limitMin: null, limitMax: null, unit: 'CFU/g', limit: 'Report only' },
    { analyte: 'water-activity', group: 'water_activity', operator: 'lte', limitMin: null, limitMax: '0.65', unit: 'aw', limit: '≤ 0.65 aw' },
  ],
  groups: [
    {
      group: 'cannabinoids',
      required: true,
      panelAnalytes: ['d9-thc', 'thca', 'cbd', 'cbda'],
      requiredAnalytes: ['cbd', 'cbda', 'd9-thc', 'thca'],
      notTested: [],
      methods: [
        method('LT-M-POT-01', 'cannabinoids', [
          fig('cbd', 'CBD', '0.003', '0.01', '%'),
          fig('cbda', 'CBDA', '0.003', '0.01', '%'),
          fig('cbg', 'CBG', '0.003', '0.01', '%'),
          fig('d9-thc', 'Δ9-THC', '0.003', '0.01', '%'),
          fig('thca', 'THCA', '0.003', '0.01', '%'),
        ]),
      ],
    },
    {
      group: 'metals',
      required: true,
      panelAnalytes: ['lead', 'nickel'],
      requiredAnalytes: ['lead', 'nickel'],
      notTested: [],
      methods: [
        method('LT-M-MET-01', 'metals', [fig('lead', 'Lead', '0.02', '0.05', 'µg/g'), fig('nickel', 'Nickel', '0.05', '0.1', 'µg/g')]),
        method('LT-M-MET-02', 'metals', [fig('lead', 'Lead', '0.1', '0.6', 'µg/g'), fig('nickel', 'Nickel', '0.1', '0.2', 'µg/g')]),
      ],
    },
    {
      group: 'microbials',
      required: true,
      panelAnalytes: ['salmonella', 'stec'],
      requiredAnalytes: ['salmonella', 'stec'],
      notTested: [],
      methods: [
        method('LT-M-MICRO-01', 'microbials', [
          fig('salmonella', 'Salmonella spp.', '1', null, 'CFU/g'),
          fig('stec', 'Shiga toxin-producing E. coli', '1', null, 'CFU/g'),
          fig('total-yeast-mold', 'Total yeast and mold', '10', '100', 'CFU/g'),
        ]),
      ],
    },
    {
      group: 'terpenes',
      required: true,
      panelAnalytes: null,
      requiredAnalytes: [],
      notTested: [],
      methods: [
        method('LT-M-TERP-01', 'terpenes', [fig('beta-myrcene', 'β-Myrcene', '0.003', '0.01', '%'), fig('limonene', 'Limonene', '0.003', '0.01', '%')]),
      ],
    },
    {
      group: 'water_activity',
      required: true,
      panelAnalytes: ['water-activity'],
      requiredAnalytes: ['water-activity'],
      notTested: [],
      methods: [method('LT-M-AW-01', 'water_activity', [fig('water-activity', 'Water activity', null, '0.03', 'aw')])],
    },
  ],
};

const noResults: SampleResults = {
  sampleId: 's1',
  labCode: 'LT-2612-000001',
  version: 1,
  released: false,
  status: 'incomplete',
  reason: '',
  failedGroups: [],
  missingGroups: [],
  missingAnalytes: {},
  accountedFor: false,
  edible: null,
  resultsDigest: '0'.repeat(64),
  requiredGroups: ['cannabinoids', 'metals', 'microbials', 'terpenes', 'water_activity'],
  groups: [],
};

const ONLY_METHOD: Record<string, string> = {
  cannabinoids: 'LT-M-POT-01',
  metals: 'LT-M-MET-01',
  microbials: 'LT-M-MICRO-01',
  terpenes: 'LT-M-TERP-01',
  water_activity: 'LT-M-AW-01',
};
const methodIdOf = (group: string) => ONLY_METHOD[group];
const fresh = () => rowsFromTemplate(noResults, template, methodIdOf);
const rowOf = (rows: GridRow[], id: string) => rows.find((r) => r.analyteId === id)!;
const type = (rows: GridRow[], id: string, cells: Partial<GridRow>) => rows.map((r) => (r.analyteId === id ? { ...r, ...cells } : r));

describe('panel-driven entry: the grid opens with the panel, judged while typing', () => {
  test('every required analyte is a row, named for people, in the method’s unit with its LOD and LOQ', () => {
    const rows = fresh();
    const byGroup = (g: string) => rows.filter((r) => r.group === g).map((r) => r.analyte);
    assert.deepEqual(byGroup('cannabinoids'), ['Δ9-THC', 'THCA', 'CBD', 'CBDA'], 'the panel’s list, in its order; CBG only on request');
    assert.deepEqual(byGroup('microbials'), ['Salmonella spp.', 'Shiga toxin-producing E. coli']);
    assert.deepEqual(byGroup('terpenes'), ['β-Myrcene', 'Limonene'], 'no list: the method’s profile');
    const lead = rowOf(rows, 'lead');
    assert.deepEqual(
      { unit: lead.unit, lod: lead.lod, loq: lead.loq, value: lead.value, fixed: lead.fixedAnalyte, required: lead.required },
      { unit: 'µg/g', lod: '0.02', loq: '0.05', value: '', fixed: true, required: true },
    );
    assert.deepEqual({ unit: rowOf(rows, 'water-activity').unit, loq: rowOf(rows, 'water-activity').loq }, { unit: 'aw', loq: '0.03' });
    assert.deepEqual(optionalAnalyteIds(template.groups[0], template.groups[0].methods[0], rows), ['cbg']);
    assert.deepEqual(optionalAnalyteIds(template.groups[2], template.groups[2].methods[0], rows), ['total-yeast-mold']);
  });

  test('a stored result stands in its analyte’s place, as it is', () => {
    const results: SampleResults = {
      ...noResults,
      groups: [
        {
          group: 'metals',
          status: 'incomplete',
          reason: '',
          missingAnalytes: ['nickel'],
          notTested: [],
          analytes: [
            {
              analyte: 'lead',
              name: 'Lead',
              value: '0.12',
              qualifier: null,
              unit: 'µg/g',
              lod: '0.02',
              loq: '0.05',
              dilution: null,
              method: null,
              instrument: null,
              analyst: null,
              analysedAt: null,
              sourceType: 'instrument_import',
              sourceId: null,
              computed: false,
              status: 'pass',
              limit: '≤ 0.5 µg/g',
              reason: null,
            },
          ],
        },
      ],
    };
    const metals = rowsFromTemplate(results, template, methodIdOf).filter((r) => r.group === 'metals');
    assert.deepEqual(
      metals.map((r) => [r.analyte, r.value, r.original?.value ?? null, r.source ?? null]),
      [
        ['Lead', '0.12', '0.12', 'instrument_import'],
        ['Nickel', '', null, null],
      ],
    );
  });

  test('live: a value over its limit fails the row and the group before Save; blank required rows are counted missing', () => {
    let rows = fresh();
    const start = judgeLive(rows, template, methodIdOf);
    assert.deepEqual(
      { status: start.groups.get('metals')!.status, missing: start.groups.get('metals')!.missing, required: start.groups.get('metals')!.required },
      { status: 'incomplete', missing: ['lead', 'nickel'], required: 2 },
    );
    assert.equal(start.rows.get(rowOf(rows, 'lead').key)!.status, 'missing');
    assert.equal(start.rows.get(rowOf(rows, 'lead').key)!.limit, '≤ 0.5 µg/g', 'the limit shows before any value');

    rows = type(rows, 'lead', { value: '0.75' });
    const typed = judgeLive(rows, template, methodIdOf);
    assert.deepEqual(
      { status: typed.rows.get(rowOf(rows, 'lead').key)!.status, reason: typed.rows.get(rowOf(rows, 'lead').key)!.reason },
      { status: 'fail', reason: '0.75 µg/g is above the limit ≤ 0.5 µg/g.' },
    );
    assert.deepEqual({ status: typed.groups.get('metals')!.status, missing: typed.groups.get('metals')!.missing }, { status: 'fail', missing: ['nickel'] });

    // 450 ppb is 0.45 µg/g: converted exactly, as the server converts.
    rows = type(type(rows, 'lead', { value: '450', unit: 'ppb' }), 'nickel', { value: 'ND' });
    const passed = judgeLive(rows, template, methodIdOf);
    assert.equal(passed.rows.get(rowOf(rows, 'lead').key)!.status, 'pass');
    assert.deepEqual({ status: passed.groups.get('metals')!.status, missing: passed.groups.get('metals')!.missing }, { status: 'pass', missing: [] });
  });

  test('live: an LOQ above the limit is inconclusive, never a pass; a typed problem is named on its cell, not judged', () => {
    let rows = type(type(fresh(), 'lead', { value: '<LOQ', loq: '0.6' }), 'nickel', { value: '0.1.2' });
    const live = judgeLive(rows, template, methodIdOf);
    assert.equal(live.rows.get(rowOf(rows, 'lead').key)!.status, 'inconclusive');
    assert.deepEqual(live.rows.get(rowOf(rows, 'nickel').key)!.problem, { column: 'value', message: 'a number such as 0.82, or ND, <LOQ, >ULOQ' });
    assert.deepEqual({ status: live.groups.get('metals')!.status, problems: live.groups.get('metals')!.problems }, { status: 'incomplete', problems: 1 });
    rows = type(rows, 'nickel', { value: '0.3', unit: 'furlongs' });
    assert.deepEqual(judgeLive(rows, template, methodIdOf).rows.get(rowOf(rows, 'nickel').key)!.problem, {
      column: 'unit',
      message: 'unknown unit "furlongs"',
    });
  });

  test('a microbial ND pasted without a unit takes the method’s unit (CFU/g), and passes "Not detected"', () => {
    let rows = fresh().map((r) => (r.group === 'microbials' ? { ...r, unit: '' } : r));
    rows = pasteIntoGroup(rows, rowOf(rows, 'salmonella').key, 'value', parseClipboard('Salmonella\tND\nSTEC\tND\n'));
    const live = judgeLive(rows, template, methodIdOf);
    assert.equal(live.rows.get(rowOf(rows, 'stec').key)!.unit, 'CFU/g');
    assert.equal(live.groups.get('microbials')!.status, 'pass');
    const { body } = buildPayload(withDefaultUnits(rows, template, methodIdOf), new Set(['microbials']), '');
    assert.deepEqual(body.groups[0].analytes, [
      { analyte: 'salmonella', unit: 'CFU/g', qualifier: 'ND', lod: '1' },
      { analyte: 'stec', unit: 'CFU/g', qualifier: 'ND', lod: '1' },
    ]);
  });

  test('two pasted columns (name, value) fill their rows by name in any order; a header is skipped; an unknown name is kept and flagged', () => {
    const rows = fresh();
    const block = parseClipboard('Analyte\tResult (µg/g)\r\nNickel\t1.9\r\nPb\t0.2\r\nKryptonite\t3\r\n');
    const pasted = pasteIntoGroup(rows, rowOf(rows, 'lead').key, 'lod', block);
    const metals = pasted.filter((r) => r.group === 'metals');
    assert.deepEqual(
      metals.map((r) => [r.analyte, r.value, r.unit]),
      [
        ['Lead', '0.2', 'µg/g'],
        ['Nickel', '1.9', 'µg/g'],
        ['Kryptonite', '3', ''],
      ],
    );
    const live = judgeLive(pasted, template, methodIdOf);
    assert.deepEqual(live.rows.get(metals[2].key)!.problem, { column: 'analyte', message: 'unknown analyte "Kryptonite"' });
    assert.equal(live.groups.get('metals')!.status, 'pass', 'the rows that can be judged still are');
  });

  test('one pasted column of values fills down the group from the cell', () => {
    const rows = fresh();
    const pasted = pasteIntoGroup(rows, rowOf(rows, 'd9-thc').key, 'value', parseClipboard('0.62\n21.4\nND\nND\n'));
    assert.deepEqual(
      pasted.filter((r) => r.group === 'cannabinoids').map((r) => [r.analyte, r.value]),
      [
        ['Δ9-THC', '0.62'],
        ['THCA', '21.4'],
        ['CBD', 'ND'],
        ['CBDA', 'ND'],
      ],
    );
    // Total THC = Δ9-THC + 0.877 × THCA, computed live by the server's totals (to the inputs' places); CBD ND + CBDA ND is ND.
    const totals = judgeLive(pasted, template, methodIdOf).groups.get('cannabinoids')!.totals;
    assert.deepEqual(
      totals.map((t) => [t.analyte, t.value, t.qualifier, t.unit]),
      [
        ['total-thc', '19.39', null, '%'],
        ['total-cbd', null, 'ND', '%'],
      ],
    );
  });

  test('another method brings its own figures; an LOQ the technician raised is kept', () => {
    const [one, two] = template.groups[1].methods;
    const rows = type(fresh(), 'nickel', { loq: '0.4' });
    const moved = refigure(rows, 'metals', one, two);
    assert.deepEqual([rowOf(moved, 'lead').lod, rowOf(moved, 'lead').loq, rowOf(moved, 'nickel').loq], ['0.1', '0.6', '0.4']);
  });

  test('terpenes: no list, so the group needs any result; with one typed it passes', () => {
    let rows = fresh();
    assert.deepEqual(
      {
        status: judgeLive(rows, template, methodIdOf).groups.get('terpenes')!.status,
        reason: judgeLive(rows, template, methodIdOf).groups.get('terpenes')!.reason,
      },
      { status: 'incomplete', reason: 'No results.' },
    );
    rows = type(rows, 'beta-myrcene', { value: '0.41' });
    assert.equal(judgeLive(rows, template, methodIdOf).groups.get('terpenes')!.status, 'pass');
  });

  test('messages name groups as people do', () => {
    assert.equal(humanGroups('Moisture belongs to moisture, not water_activity'), 'Moisture belongs to Moisture, not Water activity');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SampleResults } from '../../api/types';
import { buildPayload, correctedAnalytes, dirtyGroups, parseClipboard, pasteBlock, placeErrors, rowsFromResults } from './grid-model';

const analyte = (over: Partial<SampleResults['groups'][number]['analytes'][number]>) => ({
  analyte: 'd9-thc',
  name: 'Δ9-THC',
  value: '0.62',
  qualifier: null,
  unit: '%',
  lod: null,
  loq: '0.05',
  dilution: null,
  method: null,
  instrument: null,
  analyst: 'Terry Tech <tech@demo.lab>',
  analysedAt: null,
  sourceType: 'manual' as const,
  sourceId: null,
  computed: false,
  status: 'no_limit' as const,
  limit: null,
  reason: null,
  ...over,
});

const results: SampleResults = {
  sampleId: 's1',
  labCode: 'LT-2611-000001',
  version: 1,
  released: false,
  status: 'incomplete',
  reason: '',
  failedGroups: [],
  missingGroups: ['water_activity'],
  missingAnalytes: { metals: ['cadmium', 'mercury'], water_activity: ['water-activity'] },
  accountedFor: false,
  edible: null,
  resultsDigest: '0'.repeat(64),
  requiredGroups: ['cannabinoids', 'metals', 'water_activity'],
  groups: [
    {
      group: 'cannabinoids',
      status: 'pass',
      reason: '',
      missingAnalytes: [],
      notTested: [],
      analytes: [analyte({}), analyte({ analyte: 'total-thc', name: 'Total THC', value: '0.62', computed: true, sourceType: 'computed' })],
    },
    {
      group: 'metals',
      status: 'pass',
      reason: '',
      missingAnalytes: ['cadmium', 'mercury'],
      notTested: [],
      analytes: [analyte({ analyte: 'lead', name: 'Lead', value: '0.12', unit: 'µg/g', loq: null, limit: '≤ 0.5 µg/g', status: 'pass' })],
    },
  ],
};

describe('results grid model', () => {
  test('rows: entered analytes (not computed totals), then the expected missing ones, a blank row for an empty group', () => {
    const rows = rowsFromResults(results, null);
    assert.deepEqual(
      rows.map((r) => [r.group, r.analyte, r.value, r.unit, r.fixedAnalyte]),
      [
        ['cannabinoids', 'Δ9-THC', '0.62', '%', true],
        ['metals', 'Lead', '0.12', 'µg/g', true],
        ['metals', 'cadmium', '', '', false],
        ['metals', 'mercury', '', '', false],
        ['water_activity', '', '', '', false],
      ],
    );
    assert.equal(rows[1].limit, '≤ 0.5 µg/g');
    assert.equal(rows[0].loq, '0.05');
  });

  test('only changed groups are sent; values stay the strings typed; a qualifier typed as the value becomes the qualifier', () => {
    const initial = rowsFromResults(results, null);
    const rows = initial.map((r) => (r.analyte === 'cadmium' ? { ...r, value: ' nd ', unit: 'µg/g' } : r.analyte === 'Lead' ? { ...r, value: '0.120' } : r));
    const dirty = dirtyGroups(rows, initial);
    assert.deepEqual([...dirty], ['metals']);
    const { body, rowAt } = buildPayload(rows, dirty, '  re-run  ');
    assert.deepEqual(body, {
      groups: [
        {
          group: 'metals',
          analytes: [
            { analyte: 'Lead', unit: 'µg/g', value: '0.120' },
            { analyte: 'cadmium', unit: 'µg/g', qualifier: 'ND' },
          ],
        },
      ],
      reason: 're-run',
    });
    assert.equal(rowAt.get('groups[0].analytes[1]'), rows.find((r) => r.analyte === 'cadmium')!.key);
  });

  test('removing an entered analyte changes its group', () => {
    const initial = rowsFromResults(results, null);
    assert.deepEqual(
      [
        ...dirtyGroups(
          initial.filter((r) => r.analyte !== 'Lead'),
          initial,
        ),
      ],
      ['metals'],
    );
    assert.deepEqual([...dirtyGroups(initial, initial)], []);
  });

  test('saved values changed, cleared or deleted need a reason; new rows, an LOQ or a resend as saved do not', () => {
    const initial = rowsFromResults(results, null);
    const edit = (name: string, cells: object) => initial.map((r) => (r.analyte === name ? { ...r, ...cells } : r));
    assert.deepEqual(correctedAnalytes(initial, initial), []);
    assert.deepEqual(correctedAnalytes(edit('cadmium', { value: '0.1', unit: 'µg/g' }), initial), []);
    assert.deepEqual(correctedAnalytes(edit('Lead', { loq: '0.05', value: ' 0.12 ' }), initial), []);
    assert.deepEqual(correctedAnalytes(edit('Lead', { value: '0.49' }), initial), ['Lead']);
    assert.deepEqual(correctedAnalytes(edit('Lead', { value: 'nd' }), initial), ['Lead']);
    assert.deepEqual(correctedAnalytes(edit('Δ9-THC', { value: '' }), initial), ['Δ9-THC']);
    assert.deepEqual(
      correctedAnalytes(
        initial.filter((r) => r.analyte !== 'Lead'),
        initial,
      ),
      ['Lead'],
    );
  });

  test("the API's field errors land on their row and column, in either path spelling, without the path in the text", () => {
    const rowAt = new Map([
      ['groups[0].analytes[1]', 'r-cd'],
      ['groups[0].analytes[0]', 'r-pb'],
    ]);
    const groupAt = new Map([['groups[0]', 'metals' as const]]);
    const placed = placeErrors(
      [
        { field: 'groups[0].analytes[1].value', message: 'must not be negative (-0.2); report ND or <LOQ instead' },
        { field: 'groups[0].analytes[0].value', message: 'groups.0.analytes.0.value must be a decimal number written as a string, e.g. "0.82"' },
        { field: 'groups[0].analytes[0].dilution', message: 'dilution must be a positive decimal string' },
        { field: 'groups[0].group', message: 'metals is listed twice; send each group once' },
        { field: 'reason', message: 'reason is too long' },
      ],
      rowAt,
      groupAt,
    );
    assert.deepEqual(placed.cells.get('r-cd'), { value: 'must not be negative (-0.2); report ND or <LOQ instead' });
    assert.deepEqual(placed.cells.get('r-pb'), {
      value: 'must be a decimal number written as a string, e.g. "0.82"',
      row: 'dilution must be a positive decimal string',
    });
    assert.equal(placed.groups.get('metals'), 'Heavy metals is listed twice; send each group once');
    assert.deepEqual(placed.other, ['reason: reason is too long']);
  });

  test('a pasted block fills down and across from the cell, adds rows past the group, and never renames an entered analyte', () => {
    const initial = rowsFromResults(results, null);
    const lead = initial.find((r) => r.analyte === 'Lead')!;
    const block = parseClipboard('0.11\tµg/g\r\n<LOQ\tµg/g\r\nND\tµg/g\r\n0.02\tug/g\r\n');
    assert.deepEqual(block, [
      ['0.11', 'µg/g'],
      ['<LOQ', 'µg/g'],
      ['ND', 'µg/g'],
      ['0.02', 'ug/g'],
    ]);
    const pasted = pasteBlock(
      initial,
      lead.key,
      'value',
      block.map(([v, u]) => [v, '', u]),
    );
    const metals = pasted.filter((r) => r.group === 'metals');
    assert.deepEqual(
      metals.map((r) => [r.analyte, r.value, r.unit]),
      [
        ['Lead', '0.11', 'µg/g'],
        ['cadmium', '<LOQ', 'µg/g'],
        ['mercury', 'ND', 'µg/g'],
        ['', '0.02', 'ug/g'],
      ],
    );
    assert.equal(pasted.at(-1)!.group, 'water_activity', 'the added row stays inside metals');
    const renamed = pasteBlock(initial, lead.key, 'analyte', [['Arsenic', '0.3']]);
    assert.equal(renamed.find((r) => r.key === lead.key)!.analyte, 'Lead');
  });

  test('a block that names its analytes replaces their empty placeholder rows instead of listing them twice', () => {
    const initial = rowsFromResults(results, null);
    const cadmium = initial.find((r) => r.analyte === 'cadmium')!;
    const pasted = pasteBlock(initial, cadmium.key, 'analyte', [
      ['Mercury', 'ND', '', 'µg/g'],
      ['Arsenic', '0.2', '', 'µg/g'],
    ]);
    assert.deepEqual(
      pasted.filter((r) => r.group === 'metals').map((r) => [r.analyte, r.value, r.qualifier]),
      [
        ['Lead', '0.12', ''],
        ['Mercury', 'ND', ''],
        ['Arsenic', '0.2', ''],
      ],
      'the empty "mercury" row below is gone; entered rows stay',
    );
  });
});

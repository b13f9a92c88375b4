import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SampleResults } from '../../api/types';
import { buildPayload, rowsFromResults } from './grid-model';
import { labDay } from '../../lib/dates';
import { analysedAtIso, changedMeta, metaFromResults, metaPayload, type MethodSet } from './methods';

const method = (methodId: string, group: string, name: string, sopRef: string) => ({
  methodId,
  group: group as MethodSet['methods'][number]['group'],
  name,
  sopRef,
  technique: 'x',
  instrument: 'y',
  analytes: [{ analyte: 'lead', lod: '0.02', loq: '0.05', unit: 'µg/g' }],
});

const set = {
  id: 'm1',
  name: 'labtrace-methods-2025-v1',
  methods: [
    method('LT-M-MET-01', 'metals', 'Heavy metals by ICP-MS', 'SOP-CHEM-103 rev 3'),
    method('LT-M-AW-01', 'water_activity', 'Water activity by dew point', 'SOP-PHYS-302 rev 1'),
    method('LT-M-POT-01', 'cannabinoids', 'Cannabinoids by HPLC-DAD', 'SOP-CHEM-101 rev 4'),
    method('LT-M-POT-02', 'cannabinoids', 'Cannabinoids by UHPLC-UV', 'SOP-CHEM-107 rev 1'),
  ],
} as unknown as MethodSet;

const lead = {
  analyte: 'lead',
  name: 'Lead',
  value: '0.12',
  qualifier: null,
  unit: 'µg/g',
  lod: '0.02',
  loq: '0.05',
  dilution: null,
  method: 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)',
  instrument: 'Agilent 7900 ICP-MS',
  analyst: 'Terry Tech <tech@demo.lab>',
  // 01:30 UTC on 1 Dec is still 30 Nov in New York.
  analysedAt: '2026-12-01T01:30:00.000Z',
  sourceType: 'manual' as const,
  sourceId: null,
  computed: false,
  status: 'pass' as const,
  limit: '≤ 0.5 µg/g',
  reason: null,
};

const results = {
  sampleId: 's1',
  labCode: 'LT-2611-000001',
  version: 1,
  released: false,
  status: 'incomplete',
  reason: '',
  failedGroups: [],
  missingGroups: ['cannabinoids', 'water_activity'],
  missingAnalytes: {},
  accountedFor: false,
  edible: null,
  resultsDigest: '0'.repeat(64),
  requiredGroups: ['cannabinoids', 'metals', 'water_activity'],
  groups: [{ group: 'metals', status: 'pass', reason: '', missingAnalytes: [], notTested: [], analytes: [lead] }],
} as SampleResults;

describe('group methods and analysed days', () => {
  test('a stored group keeps the method its rows name and the lab-zone day they were analysed', () => {
    const meta = metaFromResults(results, set);
    assert.deepEqual(meta.get('metals'), { methodId: 'LT-M-MET-01', analysedOn: '2026-11-30', storedAt: '2026-12-01T01:30:00.000Z' });
  });

  test('a group with nothing entered starts on its only method; with two it waits for a pick', () => {
    const meta = metaFromResults(results, set);
    assert.deepEqual(meta.get('water_activity'), { methodId: 'LT-M-AW-01', analysedOn: '' });
    assert.deepEqual(meta.get('cannabinoids'), { methodId: '', analysedOn: '' });
  });

  test('an unchanged day re-sends the stored instant; another day is sent as noon in New York', () => {
    const meta = metaFromResults(results, set);
    assert.equal(metaPayload(meta).get('metals')?.analysedAt, '2026-12-01T01:30:00.000Z');
    meta.set('metals', { ...meta.get('metals')!, analysedOn: '2026-11-28' });
    assert.deepEqual(metaPayload(meta, new Date('2026-12-02T15:00:00Z')).get('metals'), { methodId: 'LT-M-MET-01', analysedAt: '2026-11-28T17:00:00.000Z' });
    assert.deepEqual([...changedMeta(meta, metaFromResults(results, set))], ['metals']);
  });

  test('today is sent as now, never a time later today (the API refuses a future analysis)', () => {
    const now = new Date('2026-12-02T15:04:05.000Z');
    assert.equal(analysedAtIso(labDay(now), now), '2026-12-02T15:04:05.000Z');
    assert.equal(labDay('2026-12-02T04:59:00Z'), '2026-12-01');
  });

  test('a day picked is never sent as earlier than the receipt (the API refuses an analysis before it)', () => {
    const now = new Date('2026-12-03T15:00:00Z');
    assert.equal(analysedAtIso('2026-12-01', now, '2026-12-01T20:15:00.000Z'), '2026-12-01T20:15:00.000Z');
    assert.equal(analysedAtIso('2026-12-02', now, '2026-12-01T20:15:00.000Z'), '2026-12-02T17:00:00.000Z');
  });

  test('the PUT body names each sent group’s method and analysed time', () => {
    const rows = rowsFromResults(results, null);
    const { body } = buildPayload(rows, new Set(['metals'] as const), '', metaPayload(metaFromResults(results, set)));
    assert.deepEqual(body.groups[0], {
      group: 'metals',
      methodId: 'LT-M-MET-01',
      analysedAt: '2026-12-01T01:30:00.000Z',
      analytes: [{ analyte: 'Lead', unit: 'µg/g', value: '0.12', lod: '0.02', loq: '0.05' }],
    });
  });
});

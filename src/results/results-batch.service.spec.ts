import { RenderedDocument, documentText } from '../audit/audit-document';
import type { AuditRecord } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import type { SampleEntity } from '../samples/entities/sample.entity';
import type { SamplesService } from '../samples/samples.service';
import type { AnalyteResultEntity } from './entities/analyte-result.entity';
import { PreparedBatch, ResultsBatch } from './results-batch.service';
import type { NewResultRow, ResultsRepository } from './results.repository';

const actor: Actor = { type: 'user', id: 'u-1', label: 'Tech One', role: 'technician' };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

/** A prepared batch of two samples, one with a stored pesticides row the import replaces. */
function batch(): PreparedBatch {
  const row = (sampleId: string, analyte: string, value: string): NewResultRow =>
    ({ sampleId, version: 1, analyteGroup: 'pesticides', analyte, value, qualifier: null, unit: 'µg/g', status: 'pass', computed: false }) as NewResultRow;
  const sample = (id: string) => ({ id, status: 'received' }) as SampleEntity;
  const verdict = { status: 'incomplete', failedGroups: [], groups: [] } as unknown as PreparedBatch['samples'][number]['judged']['verdict'];
  return {
    source: { type: 'instrument_import', id: 'run-1' },
    rules: '3/3',
    rowsInsert: { rows: 2, sql: 'INSERT …', params: [] },
    samples: [
      {
        sample: sample('s-1'),
        version: 1,
        existing: [row('s-1', 'bifenazate', '0.5') as AnalyteResultEntity],
        groups: [{ group: 'pesticides', analytes: [] }],
        judged: { rows: [row('s-1', 'bifenazate', '0.01')], groups: [], verdict },
        limitSetName: 'NY flower',
      },
      {
        sample: sample('s-2'),
        version: 1,
        existing: [],
        groups: [{ group: 'pesticides', analytes: [] }],
        judged: { rows: [row('s-2', 'abamectin', '0.02')], groups: [], verdict },
        limitSetName: 'NY flower',
      },
    ],
  };
}

function writer(insertRows: () => Promise<void>) {
  const calls: string[] = [];
  const recorded: Array<Array<{ audits: AuditRecord[] }>> = [];
  const results = {
    deleteVersions: jest.fn(async () => void calls.push('delete')),
    insertRows: jest.fn(() => (calls.push('insert'), insertRows())),
  } as unknown as ResultsRepository;
  const samples = {
    recordResultsBatch: jest.fn(async (entries: Array<{ audits: AuditRecord[] }>) => void (calls.push('record'), recorded.push(entries))),
  } as unknown as SamplesService;
  const none = {} as never;
  return { batch: new ResultsBatch(results, samples, none, none, none, none, none), calls, recorded };
}

describe('ResultsBatch.write', () => {
  afterEach(() => jest.restoreAllMocks());

  it('renders the audit documents while the rows are written, and records them only once the rows are stored', async () => {
    const rows = deferred();
    const render = jest.spyOn(RenderedDocument, 'of');
    const w = writer(() => rows.promise);
    const written = w.batch.write(batch(), actor, 're-run');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The INSERT is still running: every document is rendered already, nothing else is written.
    expect(w.calls).toEqual(['delete', 'insert']);
    expect(render).toHaveBeenCalledTimes(4);
    rows.resolve();
    await written;
    expect(w.calls).toEqual(['delete', 'insert', 'record']);
    const audits = w.recorded[0].flatMap((e) => e.audits);
    expect(audits.map((a) => [a.entityId, a.action, a.reason])).toEqual([
      ['s-1', 'results.instrument_import', 're-run'],
      ['s-2', 'results.instrument_import', 're-run'],
    ]);
    expect(JSON.parse(documentText(audits[0].before)!)).toEqual({
      group: 'pesticides',
      version: 1,
      analytes: [{ analyte: 'bifenazate', value: '0.5', qualifier: null, unit: 'µg/g', status: 'pass', lod: null, loq: null, methodId: null }],
    });
    expect(JSON.parse(documentText(audits[1].after)!)).toEqual({
      group: 'pesticides',
      version: 1,
      limitSet: 'NY flower',
      analytes: [{ analyte: 'abamectin', value: '0.02', qualifier: null, unit: 'µg/g', status: 'pass', lod: null, loq: null, methodId: null }],
      sourceId: 'run-1',
    });
  });

  it('fails with the INSERT’s own error, records nothing, and leaves no rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const w = writer(() => Promise.reject(new Error('duplicate key value violates unique constraint')));
      await expect(w.batch.write(batch(), actor)).rejects.toThrow('duplicate key value');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(w.calls).toEqual(['delete', 'insert']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});

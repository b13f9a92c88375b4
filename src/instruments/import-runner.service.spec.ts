import { createHash } from 'node:crypto';
import type { UnitOfWork } from '../database/unit-of-work';
import type { SampleResultsDto } from '../results/dto/results-response.dto';
import type { ResultsBatch } from '../results/results-batch.service';
import type { ResultsService } from '../results/results.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import type { SamplesService } from '../samples/samples.service';
import type { ImportRunEntity } from './entities/import-run.entity';
import type { ImportFormat, SamplesNamed } from './import-format';
import { ImportRunner } from './import-runner.service';
import { importLockKey, ImportRunsRepository } from './import-runs.repository';
import { InstrumentsErrorCode } from './instruments.errors';

const actor = { type: 'user' as const, id: 'u-1', label: 'Tess Tech', role: 'technician' as const };
const sample = (id: string, status: SampleEntity['status'] = 'received') => ({ id, labCode: `LT-${id}`, status }) as SampleEntity;
const bytes = Buffer.from('sample,analyte,value\nLT-b,Lead,0.1\n');
const sha256 = createHash('sha256').update(bytes).digest('hex');
const lead = [{ group: 'metals', analytes: [{ analyte: 'lead', value: '0.1', unit: 'µg/g' }] }];

interface Answer {
  id: string | null;
  duplicate: boolean;
  dryRun: boolean;
  samples: string[];
  statuses: Array<string | null>;
}

/** Fakes that write down every call, in order, so a test can say what a run did and did not do. */
function harness(stored: ImportRunEntity[] = []) {
  const calls: string[] = [];
  const runs = {
    findByHash: jest.fn((kind: string, sha: string) => {
      calls.push('findByHash');
      return Promise.resolve(stored.find((r) => r.kind === kind && r.sha256 === sha) ?? null);
    }),
    findById: jest.fn((kind: string, id: string) => Promise.resolve(stored.find((r) => r.kind === kind && r.id === id) ?? null)),
    // Not written down in `calls`: every run reads it, whatever it then does.
    runsOfBytes: jest.fn((kind: string, sha: string) => Promise.resolve(stored.filter((r) => r.kind === kind && r.sha256 === sha))),
    lockContent: jest.fn((kind: string, sha: string) => (calls.push(`lock ${importLockKey(kind as 'instrument', sha)}`), Promise.resolve())),
    insert: jest.fn(
      (run: Omit<ImportRunEntity, 'id' | 'createdAt'> & { id?: string }) => (
        calls.push('insert'),
        Promise.resolve({ ...run, id: run.id ?? 'run-1', createdAt: new Date() })
      ),
    ),
  };
  /** Under the lock each sample reads as `lockedAs` says (unchanged: the same row version as when matched). */
  const lockedAs = { status: 'received' as SampleEntity['status'], rowVersion: 1 };
  const samples = {
    lockSampleVersions: jest.fn((ids: string[]) => {
      calls.push(`lockSampleVersions ${ids.join(',')}`);
      return Promise.resolve(new Map([...ids].sort().map((id) => [id, lockedAs.rowVersion])));
    }),
    lockSamples: jest.fn((ids: string[]) => {
      calls.push(`lockSamples ${ids.join(',')}`);
      return Promise.resolve([...ids].sort().map((id) => ({ ...sample(id, id === 'z' ? 'submitted' : lockedAs.status), rowVersion: lockedAs.rowVersion })));
    }),
  };
  const batch = {
    prepare: jest.fn((items: Array<{ sample: SampleEntity }>, source: { id?: string | null }) => {
      calls.push(`prepare ${items.map((i) => `${i.sample.id}:${i.sample.status}`).join(',')}`);
      return Promise.resolve({ source, samples: items, rules: 'rules-1' });
    }),
    stillCurrent: jest.fn(() => (calls.push('stillCurrent'), Promise.resolve(true))),
    write: jest.fn(
      (b: { samples: Array<{ sample: SampleEntity }> }) => (calls.push(`write ${b.samples.map((i) => i.sample.id).join(',')}`), Promise.resolve()),
    ),
  };
  const view = (id: string, status: string) => ({ sampleId: id, status }) as SampleResultsDto;
  const results = {
    applyGroups: jest.fn(
      (s: SampleEntity, _g: unknown, source: { id?: string | null }) => (calls.push(`applyGroups ${s.id} ${s.status} ${source.id}`), Promise.resolve()),
    ),
    previewGroups: jest.fn(
      (s: SampleEntity, _g: unknown, source: { id?: string | null }) => (calls.push(`previewGroups ${s.id} ${source.id}`), Promise.resolve(view(s.id, 'fail'))),
    ),
    getResults: jest.fn((id: string) => (calls.push(`getResults ${id}`), Promise.resolve(view(id, 'pass')))),
  };
  const uow = { run: jest.fn(<T>(work: () => Promise<T>) => (calls.push('transaction'), work())) };
  const runner = new ImportRunner(
    runs as unknown as ImportRunsRepository,
    samples as unknown as SamplesService,
    results as unknown as ResultsService,
    uow as unknown as UnitOfWork,
    batch as unknown as ResultsBatch,
  );

  /** A file naming samples c, b and a closed one, z. */
  const named = [sample('c'), sample('b'), sample('z', 'submitted')].map((s) => ({ ...s, rowVersion: 1 }));
  const format: ImportFormat<string, SamplesNamed, SamplesNamed, Answer> = {
    kind: 'instrument',
    source: 'instrument_import',
    label: 'test import',
    read: jest.fn((file) => (calls.push('read'), Promise.resolve(file.bytes.toString()))),
    match: jest.fn((_p, required) => (calls.push(`match ${required}`), Promise.resolve({ samples: named }))),
    plan: jest.fn(
      (_p, _n, locked) => (
        calls.push(`plan ${[...locked.values()].map((s) => `${s.id}:${s.status}`).join(',')}`),
        Promise.resolve({ samples: [...locked.values()] })
      ),
    ),
    results: (plan) => plan.samples.map((s) => ({ sample: s, groups: lead })),
    record: () => ({ format: 'test-csv', meta: { columns: 3 } }),
    reason: (file) => `import of ${file.filename}`,
    afterStore: jest.fn(() => (calls.push('afterStore'), Promise.resolve())),
    answer: async (_p, _n, plan, outcome) => ({
      id: outcome.id,
      duplicate: false,
      dryRun: outcome.dryRun,
      samples: plan.samples.map((s) => s.id),
      statuses: await Promise.all(plan.samples.map(async (s) => (await outcome.judged(s.id))?.status ?? null)),
    }),
    summary: (answer) => ({ samples: answer.samples, statuses: answer.statuses }),
    fromRun: (run, as) => ({ ...(run.summary as { samples: string[]; statuses: string[] }), id: run.id, ...as }),
  };
  return { calls, runs, samples, results, uow, runner, format, batch, lockedAs };
}

describe('ImportRunner', () => {
  it('matches, plans and judges before the transaction; in it: the content lock, an earlier run, the samples locked at once, the writes', async () => {
    const h = harness();
    const answer = await h.runner.run(h.format, { bytes, filename: 'batch.csv', dryRun: false }, actor);
    expect(h.calls).toEqual([
      'findByHash',
      'read',
      'match true',
      'plan c:received,b:received,z:submitted',
      'prepare c:received,b:received,z:submitted',
      'transaction',
      `lock import-run:instrument:${sha256}`,
      'findByHash',
      'lockSampleVersions c,b,z',
      'stillCurrent',
      'write c,b,z',
      'getResults c',
      'getResults b',
      'getResults z',
      'insert',
      'afterStore',
    ]);
    const runId = h.runs.insert.mock.calls[0][0].id!;
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.runs.insert).toHaveBeenCalledWith({
      id: runId,
      kind: 'instrument',
      format: 'test-csv',
      meta: { columns: 3 },
      filename: 'batch.csv',
      sha256,
      byteSize: bytes.length,
      uploadedBy: 'u-1',
      // Written once, with its summary (the answer's), not updated afterwards.
      summary: { samples: ['c', 'b', 'z'], statuses: ['pass', 'pass', 'pass'] },
    });
    // The rows judged before the run's row existed carry its id.
    expect(h.batch.prepare).toHaveBeenCalledWith(
      [expect.objectContaining({ sample: expect.objectContaining({ id: 'c' }), groups: lead }), expect.anything(), expect.anything()],
      { type: 'instrument_import', id: runId },
      actor,
      { merge: true },
    );
    expect(h.batch.write).toHaveBeenCalledWith(expect.objectContaining({ rules: 'rules-1' }), actor, 'import of batch.csv', []);
    expect(answer).toEqual({ id: runId, duplicate: false, dryRun: false, samples: ['c', 'b', 'z'], statuses: ['pass', 'pass', 'pass'] });
  });

  it('plans and judges again under the lock when a sample changed since it was read', async () => {
    const h = harness();
    Object.assign(h.lockedAs, { status: 'in_testing', rowVersion: 2 });
    await h.runner.run(h.format, { bytes, filename: 'batch.csv', dryRun: false }, actor);
    expect(h.calls.slice(h.calls.indexOf('transaction'))).toEqual([
      'transaction',
      `lock import-run:instrument:${sha256}`,
      'findByHash',
      'lockSampleVersions c,b,z',
      'lockSamples c,b,z',
      'plan b:in_testing,c:in_testing,z:submitted',
      'prepare b:in_testing,c:in_testing,z:submitted',
      'write b,c,z',
      'getResults b',
      'getResults c',
      'getResults z',
      'insert',
      'afterStore',
    ]);
  });

  it('plans and judges again under the lock when the rules changed since', async () => {
    const h = harness();
    h.batch.stillCurrent.mockResolvedValueOnce(false);
    await h.runner.run(h.format, { bytes, filename: 'batch.csv', dryRun: false }, actor);
    expect(h.calls.filter((c) => c.startsWith('prepare'))).toEqual(['prepare c:received,b:received,z:submitted', 'prepare b:received,c:received,z:submitted']);
    expect(h.batch.write).toHaveBeenCalledTimes(1);
  });

  it('a dry run plans and judges the samples as read, and writes nothing: no transaction, no locks, no row, no results', async () => {
    const h = harness();
    const answer = await h.runner.run(h.format, { bytes, filename: 'batch.csv', dryRun: true }, actor);
    expect(h.calls).toEqual(['findByHash', 'read', 'match false', 'plan c:received,b:received,z:submitted', 'previewGroups c null', 'previewGroups b null']);
    expect(h.results.previewGroups).toHaveBeenCalledWith(expect.objectContaining({ id: 'c' }), lead, { type: 'instrument_import', id: null }, actor, {
      merge: true,
    });
    // The closed sample is not judged: a store would refuse it, and the format's answer says so.
    expect(answer).toEqual({ id: null, duplicate: false, dryRun: true, samples: ['c', 'b', 'z'], statuses: ['fail', 'fail', null] });
    for (const write of [
      h.uow.run,
      h.runs.lockContent,
      h.runs.insert,
      h.samples.lockSampleVersions,
      h.samples.lockSamples,
      h.batch.prepare,
      h.batch.write,
      h.format.afterStore!,
    ])
      expect(write).not.toHaveBeenCalled();
  });

  const earlier: ImportRunEntity = {
    id: 'run-0',
    kind: 'instrument',
    format: 'test-csv',
    filename: 'first.csv',
    sha256,
    byteSize: bytes.length,
    uploadedBy: 'u-0',
    meta: {},
    summary: { samples: ['b'], statuses: ['pass'] },
    createdAt: new Date('2026-03-14T09:00:00Z'),
  };

  it.each([false, true])('the same bytes again (dry run: %s) answer the earlier run as a duplicate, unread and unstored', async (dryRun) => {
    const h = harness([earlier]);
    const answer = await h.runner.run(h.format, { bytes, filename: 'copy.csv', dryRun }, actor);
    expect(answer).toEqual({ id: 'run-0', duplicate: true, dryRun, samples: ['b'], statuses: ['pass'] });
    expect(h.calls).toEqual(['findByHash']);
  });

  it('the same bytes of another kind are not a duplicate', async () => {
    const h = harness([{ ...earlier, kind: 'coa_pdf' }]);
    expect(await h.runner.run(h.format, { bytes, filename: 'copy.csv', dryRun: false }, actor)).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      duplicate: false,
    });
  });

  it("asks for an earlier run with the upload's choices, and keeps them in the stored run's meta", async () => {
    const h = harness();
    const choices = { methods: 'LT-M-MYCO-01,LT-M-PEST-01' };
    await h.runner.run(h.format, { bytes, filename: 'batch.csv', dryRun: false, choices }, actor);
    expect(h.runs.findByHash.mock.calls).toEqual([
      ['instrument', sha256, choices],
      ['instrument', sha256, choices],
    ]);
    expect(h.runs.insert).toHaveBeenCalledWith(expect.objectContaining({ format: 'test-csv', meta: { columns: 3, choices } }));
    // Without choices the meta is the format's own.
    const plain = harness();
    await plain.runner.run(plain.format, { bytes, filename: 'batch.csv', dryRun: false }, actor);
    expect(plain.runs.insert).toHaveBeenCalledWith(expect.objectContaining({ meta: { columns: 3 } }));
  });

  it('a run stored by a racing upload while this one waited for the lock answers as a duplicate', async () => {
    const h = harness();
    h.runs.findByHash.mockResolvedValueOnce(null).mockResolvedValueOnce(earlier);
    const answer = await h.runner.run(h.format, { bytes, filename: 'copy.csv', dryRun: false }, actor);
    expect(answer).toMatchObject({ id: 'run-0', duplicate: true, dryRun: false });
    expect(h.runs.insert).not.toHaveBeenCalled();
    expect(h.batch.write).not.toHaveBeenCalled();
  });

  it('plans with every earlier run of the same bytes, and plans again under the lock when one was stored meanwhile', async () => {
    const other = { ...earlier, id: 'run-other', meta: { choices: { methods: 'LT-M-MET-01' } } };
    const h = harness();
    h.runs.runsOfBytes.mockResolvedValueOnce([earlier]).mockResolvedValueOnce([earlier, other]);
    await h.runner.run(h.format, { bytes, filename: 'batch.csv', dryRun: false, choices: { methods: 'LT-M-PEST-01' } }, actor);
    const plans = (h.format.plan as jest.Mock).mock.calls as unknown[][];
    expect(plans.map((c) => (c[4] as ImportRunEntity[]).map((r) => r.id))).toEqual([['run-0'], ['run-0', 'run-other']]);
    expect(h.calls).toContain('lockSamples c,b,z');
    // A dry run reads them as well.
    const dry = harness();
    dry.runs.runsOfBytes.mockResolvedValueOnce([earlier]);
    await dry.runner.run(dry.format, { bytes, filename: 'batch.csv', dryRun: true, choices: { methods: 'LT-M-PEST-01' } }, actor);
    expect(((dry.format.plan as jest.Mock).mock.calls as unknown[][])[0][4]).toEqual([earlier]);
  });

  it('the same bytes and choices answer their run unless a run of the bytes with other choices wrote its samples since', async () => {
    const x = { methods: 'LT-M-PEST-01' };
    const runX = { ...earlier, meta: { choices: x } };
    const runY = { ...earlier, id: 'run-y', meta: { choices: { methods: 'LT-M-MET-01' } } };
    const origin = (sourceId: string, sourceType = 'instrument_import') => ({
      sampleId: 'b',
      analyte: 'lead',
      analyteGroup: 'metals',
      sourceType,
      sourceId,
      analysedAt: null,
    });
    const withRows = (rows: ReturnType<typeof origin>[]) => {
      const h = harness([runX, runY]);
      const latestRowOrigins = jest.fn((_samples: readonly string[]) => Promise.resolve(rows));
      Object.assign(h.results, { latestRowOrigins });
      h.format.samplesOf = (run) => (run.summary as { samples: string[] }).samples;
      return { ...h, latestRowOrigins };
    };
    // X, then Y, then X: the rows are Y's, so X is imported again (planned with every run of the bytes).
    const reverted = withRows([origin('run-y')]);
    expect(await reverted.runner.run(reverted.format, { bytes, filename: 'batch.csv', dryRun: false, choices: x }, actor)).toMatchObject({ duplicate: false });
    expect(reverted.latestRowOrigins).toHaveBeenCalledWith(['b']);
    expect(reverted.batch.write).toHaveBeenCalled();
    // Rows still X's own, or changed by hand since (a re-import would leave them): X's run answers.
    for (const rows of [[origin('run-0')], [origin('run-0'), { ...origin('run-y'), sourceType: 'manual', sourceId: null }]]) {
      const same = withRows(rows as ReturnType<typeof origin>[]);
      expect(await same.runner.run(same.format, { bytes, filename: 'batch.csv', dryRun: false, choices: x }, actor)).toMatchObject({
        id: 'run-0',
        duplicate: true,
      });
      expect(same.batch.write).not.toHaveBeenCalled();
    }
    // Without choices any earlier run answers, unread.
    const plain = withRows([origin('run-y')]);
    expect(await plain.runner.run(plain.format, { bytes, filename: 'batch.csv', dryRun: false }, actor)).toMatchObject({ id: 'run-0', duplicate: true });
    expect(plain.latestRowOrigins).not.toHaveBeenCalled();
  });

  it('finds a stored run of its own kind only', async () => {
    const h = harness([earlier]);
    await expect(h.runner.find(h.format, '6f1c2b1e-0000-4000-8000-00000000ffff')).rejects.toMatchObject({ code: InstrumentsErrorCode.IMPORT_NOT_FOUND });
    const id = '6f1c2b1e-0000-4000-8000-000000000000';
    const h2 = harness([{ ...earlier, id }]);
    await expect(h2.runner.find(h2.format, id)).resolves.toMatchObject({ id, filename: 'first.csv' });
    await expect(h2.runner.find({ kind: 'coa_pdf', label: 'COA import' }, id)).rejects.toMatchObject({
      code: InstrumentsErrorCode.IMPORT_NOT_FOUND,
      message: `No COA import ${id}`,
    });
  });
});

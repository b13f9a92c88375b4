import { spawn } from 'node:child_process';
import IORedis from 'ioredis';
import type { LicenseeSampleDto } from '../src/licensee-api/licensee-sample.dto';
import type { SubmissionDto } from '../src/traceability/outbox/submission.dto';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../src/traceability/traceability.adapter';
import { amendAndRelease, metalsWithLead } from './support/amendments';
import { entryCommand } from './support/app-entry';
import { LicenseeHandle } from './support/lab';
import { labStaff } from './support/lab-staff';
import { eventually, releasedSample, submissionsOf } from './support/release';
import { createTestApp, startWorker, TestContext } from './support/test-app';

type User = { token: string; id: string };
type SimResults = {
  data: Array<{ resultId: string; sampleId: string; version: number; document: { filename: string } | null; overall: string }>;
  postsByInventoryId: Record<string, number>;
  amendsByInventoryId: Record<string, number>;
};

/** The state must end up with every release exactly once, whatever happened on the way. */
async function expectReportedOnce(t: TestContext, s: { id: string; inventoryIds: string[] }) {
  await eventually(async () => (await submissionsOf(t, s.id)).every((r) => r.status === 'delivered'), 30_000, `delivery of ${s.id}`);
  for (const lot of s.inventoryIds) {
    const sim = (await t.sim!.control(`/_sim/results?inventoryId=${lot}`)) as SimResults;
    expect(sim.postsByInventoryId[lot]).toBe(1);
    expect(sim.data).toHaveLength(1);
    expect(sim.data[0].document).toMatchObject({ filename: expect.stringMatching(/-v\d+\.pdf$/) });
  }
}

describe('delivery to BioTrack through the outbox, with the worker', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let licensee: LicenseeHandle;
  const fault = (body: object) => t.sim!.control('/_sim/faults', body);

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    ({ technician: tech, manager, licensee } = await labStaff(t));
  });
  afterAll(() => t.close());
  afterEach(() => fault({ mode: 'clear' }));

  it('delivers a release: results against the sampled lot, then the COA, and shows it delivered', async () => {
    const s = await releasedSample(t, tech, manager, licensee);
    await expectReportedOnce(t, s);
    const [row] = await submissionsOf(t, s.id);
    expect(row).toMatchObject({ kind: 'report', step: 'done', attempts: 0, state_result_id: expect.stringMatching(/^\d{16}$/) });
    const inventory = await t.http().get(`/v1/biotrack/submissions?status=delivered`).set('Authorization', `Bearer ${manager.token}`).expect(200);
    expect((inventory.body as SubmissionDto[]).map((r) => r.id)).toContain(row.id);
  });

  it('rides out a 503 storm', async () => {
    await fault({ mode: 'status', status: 503, count: 12, match: '/v1/lab/results' });
    const s = await releasedSample(t, tech, manager, licensee);
    await expectReportedOnce(t, s);
    expect((await submissionsOf(t, s.id))[0].attempts).toBeGreaterThan(0);
  });

  it('waits out a 429 with Retry-After and an expired session', async () => {
    await fault({ mode: 'rate_limit', retryAfter: 1, count: 2, match: '/v1/lab/results' });
    await fault({ mode: 'expire_sessions' });
    const s = await releasedSample(t, tech, manager, licensee);
    await expectReportedOnce(t, s);
  });

  it('does not post twice when the connection drops after the state stored the result', async () => {
    await fault({ mode: 'accept_duplicates', match: '/v1/lab/results' });
    await fault({ mode: 'drop_after_store', count: 1, match: '/v1/lab/results' });
    const s = await releasedSample(t, tech, manager, licensee);
    await expectReportedOnce(t, s);
  });
});

describe('dead letters: refusals and exhausted retries wait for a manager', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let licensee: LicenseeHandle;
  const fault = (body: object) => t.sim!.control('/_sim/faults', body);

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { DELIVERY_MAX_ATTEMPTS: '2', BIOTRACK_MAX_RETRIES: '0' } });
    ({ technician: tech, manager, licensee } = await labStaff(t));
  });
  afterAll(() => t.close());

  it('an outage longer than the attempts makes the row dead with its last error; a manager retry delivers it once', async () => {
    await fault({ mode: 'status', status: 503, match: '/v1/lab/results', persistent: true, count: 0 });
    const s = await releasedSample(t, tech, manager, licensee);
    const poll = (tag?: string) =>
      t
        .http()
        .get(`/v1/licensee/samples/${s.sampleInventoryId}`)
        .set('X-API-Key', licensee.apiKey)
        .set('If-None-Match', tag ?? '');
    const before = await poll();
    const dead = await eventually(async () => (await submissionsOf(t, s.id)).find((r) => r.status === 'dead'), 15_000, 'the report to die');
    expect(dead).toMatchObject({ attempts: 2, last_error: expect.stringMatching(/unavailable: simulated 503/) });
    // The licensee's view changed (its report is dead), so its tag did too.
    const afterDeath = await poll(before.headers.etag);
    expect(afterDeath.status).toBe(200);
    expect((afterDeath.body as LicenseeSampleDto).stateReport).toMatchObject({ status: 'dead', coaVersion: 1 });
    const listed = await t.http().get('/v1/biotrack/submissions?status=dead').set('Authorization', `Bearer ${manager.token}`).expect(200);
    expect((listed.body as SubmissionDto[]).find((r) => r.id === dead.id)).toMatchObject({ status: 'dead', lastError: expect.stringMatching(/503/) });
    await fault({ mode: 'clear' });
    await t.http().post(`/v1/biotrack/submissions/${dead.id}/retry`).set('Authorization', `Bearer ${tech.token}`).expect(403);
    await t.http().post(`/v1/biotrack/submissions/${dead.id}/retry`).set('Authorization', `Bearer ${manager.token}`).expect(200);
    await expectReportedOnce(t, s);
  });

  it('a refusal by the state is dead at once, carrying the state message', async () => {
    const s = await releasedSample(t, tech, manager, licensee);
    await expectReportedOnce(t, s);
    const [first] = await submissionsOf(t, s.id);
    // Withdrawn in the state system by someone else: amending it is refused there.
    await t.app.get<symbol, TraceabilityAdapter>(TRACEABILITY_ADAPTER).voidResults(first.state_result_id!, 'posted against the wrong lot');
    // Four eyes: another manager requests the amendment, the releasing manager releases it.
    await amendAndRelease(t, await t.userToken('manager'), manager, s.id, {
      amendsVersion: 1,
      reason: 'Lead value transcribed wrongly from the ICP report',
      results: metalsWithLead('0.21'),
    });
    const dead = await eventually(
      async () => (await submissionsOf(t, s.id)).find((r) => r.kind === 'amend' && r.status === 'dead'),
      15_000,
      'the amendment to die',
    );
    expect(dead).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/conflict: .*void/) });
  });
});

describe('recovery: the database, not Redis, is the truth', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    ({ technician: tech, manager, licensee } = await labStaff(t));
  });
  afterAll(() => t.close());

  it('a Redis flushed with releases pending: the sweeper recovers every one', async () => {
    const samples = [];
    for (let i = 0; i < 3; i++) samples.push(await releasedSample(t, tech, manager, licensee));
    const redis = new IORedis(t.config.redisUrl);
    try {
      const keys = await redis.keys(`${t.config.queuePrefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    const worker = await startWorker(t);
    try {
      for (const s of samples) await expectReportedOnce(t, s);
    } finally {
      await worker.close();
    }
  });

  it('a worker process killed mid-post and a new one started: reported exactly once', async () => {
    // The post reaches the state and is stored 2 s later, after the worker is dead.
    await t.sim!.control('/_sim/faults', { mode: 'accept_duplicates', match: '/v1/lab/results' });
    await t.sim!.control('/_sim/faults', { mode: 'hang', ms: 2000, count: 1, match: '/v1/lab/results' });
    const s = await releasedSample(t, tech, manager, licensee);
    const workerEntry = entryCommand('worker');
    const child = spawn(workerEntry.command, workerEntry.args, {
      env: { ...process.env, ...t.env, ...workerEntry.env },
      stdio: 'ignore',
    });
    try {
      await eventually(
        async () => {
          const log = (await t.sim!.control('/_sim/requests')) as { data: Array<{ method: string; path: string; fault: string | null }> };
          return log.data.some((r) => r.method === 'POST' && r.path === '/v1/lab/results' && r.fault === 'hang');
        },
        60_000,
        'the worker to post',
      );
    } finally {
      child.kill('SIGKILL');
    }
    const [row] = await submissionsOf(t, s.id);
    expect(row).toMatchObject({ status: 'pending', step: 'post' });
    await new Promise((r) => setTimeout(r, 2500));
    const worker = await startWorker(t);
    try {
      await expectReportedOnce(t, s);
    } finally {
      await worker.close();
    }
  }, 120_000);
});

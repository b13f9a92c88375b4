import { registerLicensee, receivedSample } from '../../test/support/lab';
import { createTestApp, TestContext } from '../../test/support/test-app';

interface Row {
  id: string;
  sampleId: string;
  status: string;
  attempts: number;
  tries: number;
  system: string | null;
  waiting: { kind: string; message: string } | null;
  nextAttemptAt: string | null;
}
interface Page {
  items: Row[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * GET /v1/state-system/outbox: the reporting screen's rows a page at a time, filtered by status and by
 * state system, each with the tries made and, while pending, why it waits. Rows are written straight
 * into the outbox (no worker runs), so each case is exactly the state it names.
 */
describe('GET /v1/state-system/outbox', () => {
  let t: TestContext;
  let token: string;
  const ids: Record<string, string> = {};
  const sampleIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const tech = await t.userToken('technician');
    token = tech.token;
    const licensee = await registerLicensee(t, (await t.userToken('admin')).token);
    // Oldest first: each row is created a minute after the one before, so "newest first" is the reverse.
    const cases: Array<[string, string, number, string | null, string, string]> = [
      ['delivered', 'delivered', 0, null, '1234567890123456', '-1 hour'],
      ['stalled', 'pending', 1, 'unavailable: simulated 503', '2234567890123456', '-30 minutes'],
      ['rate-limited', 'pending', 2, 'rate_limited: too many requests', '3234567890123456', '+5 minutes'],
      ['dead', 'dead', 5, 'refused: the state says refused', '4234567890123456', '-1 hour'],
      ['metrc', 'pending', 0, null, '1A4000000000000000000101', '+1 minute'],
    ];
    for (const [i, [name, status, attempts, lastError, stateId, next]] of cases.entries()) {
      const sample = await receivedSample(t, token, licensee);
      const [row] = await t.sql<{ id: string }>(
        `INSERT INTO biotrack_submissions (sample_id, coa_version, kind, idempotency_key, status, step, attempts, last_error, payload,
           released_at, deadline_at, next_attempt_at, created_at, delivered_at)
         VALUES ($1, 1, 'report', $2, $3, $4, $5, $6, $7, now() - interval '2 hours', now() + interval '46 hours', now() + $8::interval,
           now() - interval '1 hour' + make_interval(mins => $9), CASE WHEN $3 = 'delivered' THEN now() END)
         RETURNING id`,
        [sample.id, `outbox-e2e-${name}`, status, status === 'delivered' ? 'done' : 'post', attempts, lastError, { report: { sampleId: stateId } }, next, i],
      );
      ids[name] = row.id;
      sampleIds[name] = sample.id;
    }
  });
  afterAll(() => t?.close());

  const get = async (query: string, expect = 200) =>
    (await t.http().get(`/v1/state-system/outbox${query}`).set('Authorization', `Bearer ${token}`).expect(expect)).body as Page;

  it('pages newest first with the total on every page', async () => {
    const first = await get('?limit=2');
    expect(first).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.items.map((r) => r.id)).toEqual([ids.metrc, ids.dead]);
    const second = await get('?limit=2&offset=2');
    expect(second.items.map((r) => r.id)).toEqual([ids['rate-limited'], ids.stalled]);
    const last = await get('?limit=2&offset=4');
    expect(last).toMatchObject({ total: 5, offset: 4 });
    expect(last.items.map((r) => r.id)).toEqual([ids.delivered]);
    expect((await get('')).limit).toBe(25);
  });

  it('counts the try that delivered, and says why each pending row waits', async () => {
    const rows = new Map((await get('')).items.map((r) => [r.id, r]));
    expect(rows.get(ids.delivered)).toMatchObject({ status: 'delivered', attempts: 0, tries: 1, waiting: null, system: 'BioTrack' });
    expect(rows.get(ids.dead)).toMatchObject({ tries: 5, waiting: null });
    expect(rows.get(ids.stalled)!.waiting).toEqual({
      kind: 'worker',
      message:
        'Waiting for the worker: the next try is past due, so no worker is taking it (is the worker running?). The last answer was “unavailable: simulated 503”.',
    });
    expect(rows.get(ids['rate-limited'])).toMatchObject({ tries: 2, waiting: { kind: 'rate_limit' } });
    expect(rows.get(ids.metrc)).toMatchObject({ tries: 0, system: 'Metrc', waiting: { kind: 'queued', message: 'Queued for its first try.' } });
  });

  it("tells one sample's submissions the same way (the sample page)", async () => {
    const res = await t.http().get(`/v1/state-system/submissions?sampleId=${sampleIds.delivered}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual([expect.objectContaining({ id: ids.delivered, attempts: 0, tries: 1, system: 'BioTrack', waiting: null })]);
  });

  it('filters by status and by state system', async () => {
    const pending = await get('?status=pending');
    expect(pending.total).toBe(3);
    expect(pending.items.every((r) => r.status === 'pending')).toBe(true);
    const metrc = await get('?system=Metrc');
    expect(metrc).toMatchObject({ total: 1, items: [{ id: ids.metrc, system: 'Metrc' }] });
    const biotrackPending = await get('?system=BioTrack&status=pending');
    expect(biotrackPending.items.map((r) => r.id)).toEqual([ids['rate-limited'], ids.stalled]);
  });

  it('refuses a limit or system it does not know, and anyone not signed in', async () => {
    const bad = await t.http().get('/v1/state-system/outbox?limit=500&system=Leaf').set('Authorization', `Bearer ${token}`).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/limit must be a whole number from 1 to 100/);
    expect(JSON.stringify(bad.body)).toMatch(/system must be BioTrack or Metrc/);
    await t.http().get('/v1/state-system/outbox').expect(401);
  });

  it('refuses an offset that is not plain digits or is past the bound with a field message, never a 500', async () => {
    const message = 'offset must be a whole number from 0 to 1000000';
    // 1e20 overflowed the bigint OFFSET (500); 1e3 was read as 1000 and 9007199254740993 as …992.
    for (const offset of ['1e20', '1e3', '9007199254740993', '1000001', '-1', '0x10', '2.0']) {
      const res = await t.http().get(`/v1/state-system/outbox?offset=${offset}`).set('Authorization', `Bearer ${token}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: [message], details: [{ field: 'offset', message }] });
    }
    expect(await get('?offset=1000000')).toMatchObject({ total: 5, offset: 1000000, items: [] });
    expect(await get('?limit=1e1', 400)).toMatchObject({ details: [{ field: 'limit', message: 'limit must be a whole number from 1 to 100' }] });
  });
});

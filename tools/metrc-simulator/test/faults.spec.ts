import { Envelope, Harness, recordItem, Row, SimFaults, SimRequests, startHarness } from './harness';

describe('metrc simulator: fault injection, request log and reset', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const fault = async (body: Record<string, unknown>) => {
    const res = await h.control<Record<string, unknown>>('/_sim/faults', body);
    if (res.status >= 300) throw new Error(`fault answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const requests = async () => (await h.control<SimRequests>('/_sim/requests')).body.data;
  const faults = async () => (await h.control<SimFaults>('/_sim/faults')).body.data;
  const networkError = (p: Promise<unknown>) => expect(p).rejects.toThrow(/fetch failed|aborted|timeout/i);
  const record = (body: unknown, timeoutMs?: number) => h.call<unknown>('POST', '/labtests/v2/record', { body, timeoutMs });

  it('answers a 5xx storm of `count` calls on matching paths, leaving others alone', async () => {
    expect(await fault({ mode: 'status', status: 503, match: '/transfers/v2', count: 2 })).toMatchObject({
      id: 1,
      mode: 'status',
      status: 503,
      remaining: 2,
      method: null,
    });
    expect((await h.call('GET', '/labtests/v2/types', { query: { licenseNumber: null } })).status).toBe(200);
    const first = await h.call('GET', '/transfers/v2/incoming');
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ Message: 'An error has occurred.' });
    expect((await h.call('GET', '/transfers/v2/incoming')).status).toBe(503);
    expect((await h.call('GET', '/transfers/v2/incoming')).status).toBe(200);
    expect(await faults()).toEqual([]);
  });

  it('keeps a persistent storm until cleared (clear with match clears only that match)', async () => {
    await fault({ mode: 'status', status: 500, persistent: true, match: '/labtests' });
    await fault({ mode: 'status', status: 502, persistent: true, match: '/transfers' });
    for (let i = 0; i < 3; i++) expect((await h.call('GET', '/labtests/v2/states', { query: { licenseNumber: null } })).status).toBe(500);
    expect(await fault({ mode: 'clear', match: '/labtests' })).toEqual({ cleared: 1 });
    expect((await h.call('GET', '/labtests/v2/states', { query: { licenseNumber: null } })).status).toBe(200);
    expect((await h.call('GET', '/transfers/v2/incoming')).status).toBe(502);
    expect(await fault({ mode: 'clear' })).toEqual({ cleared: 1 });
  });

  it('answers a 429 storm before auth, with Retry-After only when the fault gives one, and only for the method asked', async () => {
    await fault({ mode: 'rate_limit', method: 'GET', count: 2 });
    const t = await h.transfer();
    expect((await record([recordItem(t.packages[0].label)])).status).toBe(200);
    const a = await h.call('GET', '/transfers/v2/incoming', { auth: false });
    expect(a.status).toBe(429);
    expect(a.body).toEqual({ Message: 'The limit of API calls allowed has been exceeded. Please try again later.' });
    expect(a.headers.get('retry-after')).toBeNull();
    expect((await h.call('GET', '/transfers/v2/incoming')).status).toBe(429);
    expect((await h.call('GET', '/transfers/v2/incoming')).status).toBe(200);
    await fault({ mode: 'rate_limit', retryAfterSeconds: 3 });
    expect((await h.call('GET', '/transfers/v2/incoming')).headers.get('retry-after')).toBe('3');
  });

  it('answers slowly by `ms`, then normally', async () => {
    await fault({ mode: 'hang', ms: 150, match: '/transfers/v2/incoming' });
    const started = Date.now();
    expect((await h.call('GET', '/transfers/v2/incoming')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('never answers a hung call, so the client times out; the log says so', async () => {
    await fault({ mode: 'hang' });
    await networkError(h.call('GET', '/transfers/v2/incoming', { timeoutMs: 200 }));
    expect((await h.call('GET', '/transfers/v2/incoming')).status).toBe(200);
    expect((await requests()).map((r) => [r.method, r.path, r.status, r.outcome, r.fault])).toEqual([
      ['GET', '/transfers/v2/incoming', null, 'hung', 'hang'],
      ['GET', '/transfers/v2/incoming', 200, 'answered', null],
    ]);
  });

  it('drops the connection before doing anything: nothing stored', async () => {
    const t = await h.transfer();
    const l = t.packages[0].label;
    await fault({ mode: 'drop', match: '/labtests/v2/record' });
    await networkError(record([recordItem(l)]));
    expect((await h.simState()).recordsByLabel).toEqual({});
    expect((await requests()).pop()).toMatchObject({ method: 'POST', path: '/labtests/v2/record', status: null, outcome: 'dropped', fault: 'drop' });
    expect((await record([recordItem(l)])).status).toBe(200);
  });

  it('stores a record and then drops the answer: the record is there, and a blind retry meets the duplicate', async () => {
    const t = await h.transfer();
    const l = t.packages[0].label;
    await fault({ mode: 'drop_after_store', match: '/labtests/v2/record' });
    // A refused write does not use the fault up.
    expect((await record([{ ...recordItem(l), Results: [] }])).status).toBe(400);
    await networkError(record([recordItem(l)]));
    expect(await faults()).toEqual([]);
    const state = await h.simState();
    expect(state.recordPostsByLabel).toEqual({ [l]: 1 });
    expect(state.recordsByLabel).toEqual({ [l]: { 'Lead (µg/g)': 1, 'THC (%)': 1 } });
    expect((await requests()).pop()).toMatchObject({ method: 'POST', status: null, outcome: 'stored_then_dropped', fault: 'drop_after_store' });
    // What a careful client does instead: read the package, then its results, and post nothing.
    const pkg = await h.call<Row>('GET', `/packages/v2/${l}`);
    const rows = await h.call<Envelope<Row>>('GET', '/labtests/v2/results', { query: { packageId: pkg.body.Id as number } });
    expect(rows.body.Data.map((r) => r.TestTypeName)).toEqual(['Lead (µg/g)', 'THC (%)']);
    const retry = await record([recordItem(l)]);
    expect(retry.status).toBe(400);
    expect(retry.body).toEqual([
      { row: 0, message: `Package ${l} already has a result for Lab Test Type 'Lead (µg/g)'.` },
      { row: 0, message: `Package ${l} already has a result for Lab Test Type 'THC (%)'.` },
    ]);
    expect((await h.simState()).recordPostsByLabel).toEqual({ [l]: 1 });
  });

  it('lands a slow write after the client gave up waiting (another unknown outcome)', async () => {
    const t = await h.transfer();
    const l = t.packages[0].label;
    await fault({ mode: 'hang', ms: 300, method: 'POST' });
    await networkError(record([recordItem(l)], 100));
    expect((await h.simState()).recordPostsByLabel).toEqual({});
    await new Promise((r) => setTimeout(r, 400));
    expect((await h.simState()).recordPostsByLabel).toEqual({ [l]: 1 });
  });

  it('drops the answer of a release after applying it', async () => {
    const t = await h.transfer();
    const l = t.packages[0].label;
    await record([recordItem(l)]);
    await fault({ mode: 'drop_after_store', method: 'PUT' });
    await networkError(h.call('PUT', '/labtests/v2/results/release', { body: [{ PackageLabel: l }] }));
    expect((await h.call<Row>('GET', `/packages/v2/${l}`)).body.LabTestingState).toBe('TestPassed');
  });

  it('refuses a malformed fault with 400 {message}', async () => {
    const res = await h.control('/_sim/faults', { mode: 'status', status: 404, ms: 5 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'ms: is not a field of a status fault; status: must be an integer from 500 to 599' });
    expect((await h.control('/_sim/faults', { mode: 'explode' })).body).toEqual({
      message: 'mode must be one of status, rate_limit, hang, drop, drop_after_store, clear',
    });
  });

  it('logs API calls (not /_sim/ ones) with license and vendor key; reset forgets data, faults, log and config', async () => {
    const t = await h.transfer();
    await h.call('GET', '/transfers/v2/incoming', { query: { pageSize: 5 } });
    await record([recordItem(t.packages[0].label)]);
    expect((await requests()).map((r) => [r.method, r.path, r.query, r.licenseNumber, r.vendorKey, r.status])).toEqual([
      ['GET', '/transfers/v2/incoming', '?licenseNumber=OCM-LAB-25-000007&pageSize=5', 'OCM-LAB-25-000007', 'metrc-sim-vendor-key', 200],
      ['POST', '/labtests/v2/record', '?licenseNumber=OCM-LAB-25-000007', 'OCM-LAB-25-000007', 'metrc-sim-vendor-key', 200],
    ]);
    expect((await h.control<SimRequests>('/_sim/requests?method=POST&path=/labtests')).body.data.map((r) => r.path)).toEqual(['/labtests/v2/record']);
    expect((await h.control<{ data: Array<{ transferId: number; packageLabels: string[] }> }>('/_sim/transfers')).body.data).toEqual([
      expect.objectContaining({ transferId: t.transferId, packageLabels: [t.packages[0].label] }),
    ]);
    await fault({ mode: 'status', status: 500, persistent: true });
    await h.control('/_sim/config', { oneResultPerType: false });
    expect((await h.control('/_sim/reset', {})).body).toEqual({ reset: true });
    expect(await requests()).toEqual([]);
    expect(await faults()).toEqual([]);
    expect((await h.control<{ oneResultPerType: boolean }>('/_sim/config')).body.oneResultPerType).toBe(true);
    expect((await h.simState()).recordsByLabel).toEqual({});
    expect((await h.call<Envelope<Row>>('GET', '/transfers/v2/incoming')).body.Total).toBe(0);
  });
});

import { ErrorAnswer, Harness, ListAnswer, passingResult, SimFaults, SimRequests, SimResults, SimSamples, startHarness } from './harness';

describe('simulator: faults, request log and reset', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ ratePerSecond: 10_000 });
  });
  afterEach(() => h.close());

  const fault = async (body: Record<string, unknown>) => {
    const res = await h.control('/_sim/faults', body);
    if (res.status >= 300) throw new Error(`fault answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const requests = async () => (await h.control<SimRequests>('/_sim/requests')).body.data;
  const faults = async () => (await h.control<SimFaults>('/_sim/faults')).body.data;
  const networkError = (p: Promise<unknown>) => expect(p).rejects.toThrow(/fetch failed|aborted|timeout/i);

  it('answers with a 5xx for `count` matching requests, leaving other paths alone', async () => {
    const registered = await fault({ mode: 'status', status: 503, match: '/v1/lab/samples', count: 2 });
    expect(registered).toMatchObject({ id: expect.any(Number), mode: 'status', status: 503, match: '/v1/lab/samples', remaining: 2 });
    expect(await faults()).toHaveLength(1);
    expect((await h.call('GET', '/v1/inventory/1234567890123456')).status).toBe(404);
    const first = await h.call('GET', '/v1/lab/samples');
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ error: 'unavailable', message: 'simulated 503 from the state system' });
    expect((await h.call('POST', '/v1/lab/samples/1234567890123456/accept', { body: {} })).status).toBe(503);
    expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
    expect(await faults()).toEqual([]);
  });

  it('answers 429 with the given Retry-After, before checking anything else', async () => {
    await fault({ mode: 'rate_limit', retryAfter: 7 });
    const res = await h.call<ErrorAnswer>('GET', '/v1/lab/samples', { auth: false });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.error).toBe('rate_limited');
  });

  it('expires every open session at once; a new login works', async () => {
    expect(await fault({ mode: 'expire_sessions' })).toEqual({ expired: 1 });
    expect((await h.call<ErrorAnswer>('GET', '/v1/lab/samples')).body.error).toBe('session_expired');
    await h.login();
    expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
    expect(await faults()).toEqual([]);
  });

  it('delays an answer by `ms`, then answers normally', async () => {
    await fault({ mode: 'hang', ms: 150, match: '/v1/lab/samples' });
    const started = Date.now();
    const res = await h.call('GET', '/v1/lab/samples');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('never answers a hung request, so the client times out; the next one is answered', async () => {
    await fault({ mode: 'hang' });
    await networkError(h.call('GET', '/v1/lab/samples', { timeoutMs: 200 }));
    expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
    expect((await requests()).map((r) => [r.path, r.status, r.outcome, r.fault])).toEqual([
      ['/v1/user/login', 200, 'answered', null],
      ['/v1/lab/samples', null, 'hung', 'hang'],
      ['/v1/lab/samples', 200, 'answered', null],
    ]);
  });

  it('drops the connection without doing anything', async () => {
    const { sampleId } = await h.acceptedSample();
    await fault({ mode: 'drop', match: '/v1/lab/results' });
    await networkError(h.call('POST', '/v1/lab/results', { body: passingResult(sampleId) }));
    expect((await h.control<SimResults>('/_sim/results')).body.data).toEqual([]);
    expect((await requests()).pop()).toMatchObject({ method: 'POST', path: '/v1/lab/results', status: null, outcome: 'dropped', fault: 'drop' });
    expect((await h.call('POST', '/v1/lab/results', { body: passingResult(sampleId) })).status).toBe(201);
  });

  it('stores a write and then drops the connection, so a retry meets the duplicate', async () => {
    const { sampleId, lot } = await h.acceptedSample();
    await fault({ mode: 'drop_after_store', match: '/v1/lab/results' });
    // a refused write does not use the fault up
    expect((await h.call('POST', '/v1/lab/results', { body: { ...passingResult(sampleId), overall: 'bad' } })).status).toBe(422);
    await networkError(h.call('POST', '/v1/lab/results', { body: passingResult(sampleId) }));
    const stored = (await h.control<SimResults>(`/_sim/results?inventoryId=${lot}`)).body;
    expect(stored.postsByInventoryId).toEqual({ [lot]: 1 });
    const retry = await h.call('POST', '/v1/lab/results', { body: passingResult(sampleId) });
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ error: 'duplicate', resultId: stored.data[0].resultId });
    expect((await requests()).slice(-3).map((r) => r.outcome)).toEqual(['answered', 'stored_then_dropped', 'answered']);
  });

  it('with accept_duplicates, lets a double post through so it shows in the counts', async () => {
    const { sampleId, lot } = await h.acceptedSample();
    await fault({ mode: 'accept_duplicates', persistent: true });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await h.call<{ resultId: string }>('POST', '/v1/lab/results', { body: passingResult(sampleId) });
      expect(res.status).toBe(201);
      ids.push(res.body.resultId);
    }
    expect(new Set(ids).size).toBe(3);
    expect((await h.control<SimResults>(`/_sim/results?inventoryId=${lot}`)).body.postsByInventoryId).toEqual({ [lot]: 3 });
    expect((await h.call<ListAnswer<unknown>>('GET', `/v1/lab/results?externalId=LT-${sampleId}-v1`)).body.data).toHaveLength(3);
    expect(await faults()).toEqual([expect.objectContaining({ mode: 'accept_duplicates', remaining: null })]);
    expect(await fault({ mode: 'clear' })).toEqual({ cleared: 1 });
    expect((await h.call('POST', '/v1/lab/results', { body: passingResult(sampleId) })).status).toBe(409);
  });

  it('never applies faults to /_sim/ paths', async () => {
    await fault({ mode: 'drop', persistent: true });
    await fault({ mode: 'status', status: 500, match: '/_sim' });
    expect((await h.control('/_sim/samples')).status).toBe(200);
    expect(await faults()).toHaveLength(2);
    await networkError(h.call('GET', '/v1/lab/samples'));
  });

  it('clears only the faults registered for a given match', async () => {
    await fault({ mode: 'drop', match: '/v1/lab/results', count: 5 });
    await fault({ mode: 'status', status: 502, match: '/v1/inventory' });
    expect(await fault({ mode: 'clear', match: '/v1/lab/results' })).toEqual({ cleared: 1 });
    expect((await faults()).map((f) => f.mode)).toEqual(['status']);
  });

  it('refuses a malformed fault with 422 details', async () => {
    const res = await h.control<ErrorAnswer>('/_sim/faults', { mode: 'status', status: 200, count: -1 });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      { field: 'count', message: 'must be an integer from 0 to 1000000' },
      { field: 'status', message: 'must be an integer from 500 to 599' },
    ]);
  });

  it('logs NY-API calls (not /_sim/ ones) with their status, so a test can tell a 4xx was not retried', async () => {
    await h.call('POST', '/v1/lab/results', { body: { externalId: 'x' } });
    const log = await requests();
    expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/v1/user/login', 200],
      ['POST', '/v1/lab/results', 422],
    ]);
  });

  it('keeps only the last 500 requests', async () => {
    const sim = h.sim.state;
    for (let i = 0; i < 520; i++) sim.requests.start(sim.iso(), 'GET', `/v1/inventory/${i}`, '');
    const log = await requests();
    expect(log).toHaveLength(500);
    expect(log[499].path).toBe('/v1/inventory/519');
  });

  it('forgets samples, results, faults and the log on reset, and expires open sessions', async () => {
    const { sampleId } = await h.acceptedSample();
    await h.call('POST', '/v1/lab/results', { body: passingResult(sampleId) });
    await fault({ mode: 'drop', persistent: true, match: '/v1/inventory' });
    expect((await h.control('/_sim/reset', {})).body).toEqual({ reset: true });
    expect((await h.control<SimSamples>('/_sim/samples')).body.data).toEqual([]);
    expect((await h.control('/_sim/results')).body).toEqual({ data: [], postsByInventoryId: {}, amendsByInventoryId: {} });
    expect(await faults()).toEqual([]);
    expect(await requests()).toEqual([]);
    expect((await h.call<ErrorAnswer>('GET', '/v1/lab/samples')).body.error).toBe('session_expired');
    await h.login();
    expect((await h.call<{ total: number }>('GET', '/v1/lab/samples')).body.total).toBe(0);
  });
});

import { API_KEY, ErrorAnswer, Harness, LAB, startHarness } from './harness';

describe('simulator: login, sessions, license and rate limit', () => {
  let h: Harness;
  let now: number;

  beforeEach(async () => {
    now = Date.parse('2025-08-01T12:00:00Z');
    h = await startHarness({ now: () => new Date(now), sessionTtlSeconds: 600, ratePerSecond: 1000 });
  });
  afterEach(() => h.close());

  const login = <T = unknown>(body: Record<string, unknown>, apiKey = API_KEY) =>
    h.call<T>('POST', '/v1/user/login', { auth: false, headers: { 'X-Api-Key': apiKey }, body });
  const good = { username: 'lab@sim', password: 'sim-password', license: LAB };

  it('opens a session that lasts the configured time', async () => {
    const res = await login(good);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sessionToken: expect.stringMatching(/^[0-9a-f]{48}$/), expiresAt: '2025-08-01T12:10:00.000Z' });
    // Idle connections outlive a client's reuse window (about 4 s), so a reused one is never closed under a request.
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
  });

  it.each([
    ['a wrong password', { ...good, password: 'nope' }, API_KEY, /bad username or password/],
    ['an unknown user', { ...good, username: 'someone@else' }, API_KEY, /bad username or password/],
    ['another license', { ...good, license: 'OCM-CULT-24-000123' }, API_KEY, /may not act for license OCM-CULT-24-000123/],
    ['a wrong integrator key', good, 'wrong-key', /X-Api-Key is not a registered/],
  ])('answers %s with 401 unauthorized', async (_, body, key, message) => {
    const res = await login(body, key);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthorized', message: expect.stringMatching(message) });
  });

  it('answers a login body with unknown or missing fields with 422', async () => {
    const res = await login<ErrorAnswer>({ user: 'lab@sim', password: 'sim-password', license: LAB });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('validation');
    expect(res.body.details).toEqual([
      { field: 'user', message: 'is not a known field' },
      { field: 'username', message: 'is required' },
    ]);
  });

  it('tells an expired session (session_expired) from an unknown one (unauthorized)', async () => {
    expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
    now += 599_000;
    expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
    now += 1000;
    const expired = await h.call('GET', '/v1/lab/samples');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: 'session_expired', message: 'the session has expired; log in again' });
    const unknown = await h.call<ErrorAnswer>('GET', '/v1/lab/samples', { headers: { 'X-Session-Token': 'f'.repeat(48) } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('unauthorized');
    const none = await h.call<ErrorAnswer>('GET', '/v1/lab/samples', { auth: false, headers: { 'X-Api-Key': API_KEY, 'X-License': LAB } });
    expect(none.body.error).toBe('unauthorized');
    await h.login();
    expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
  });

  it('requires the integrator key on every call, not just login', async () => {
    const res = await h.call<ErrorAnswer>('GET', '/v1/lab/samples', { headers: { 'X-Api-Key': 'stolen-token-no-key' } });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
  });

  it.each([
    ['missing', undefined, /X-License is required/],
    ['a licensee’s license', 'OCM-CULT-24-000123', /is not the license this session was opened for/],
    ['an unknown license', 'OCM-LAB-99-999999', /is not known/],
  ])('answers an X-License that is %s with 403 forbidden', async (_, license, message) => {
    const headers = { 'X-Api-Key': API_KEY, 'X-Session-Token': h.token, ...(license && { 'X-License': license }) };
    const res = await h.call('GET', '/v1/lab/samples', { auth: false, headers });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'forbidden', message: expect.stringMatching(message) });
  });

  it('answers unknown routes with 404 and known routes with the wrong method with 405', async () => {
    const missing = await h.call<ErrorAnswer>('GET', '/v1/lab/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
    const method = await h.call('GET', '/v1/user/login');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
  });
});

describe('simulator: rate limit per integrator key', () => {
  it('answers 429 rate_limited with Retry-After once the burst is spent, and recovers as tokens refill', async () => {
    let now = Date.parse('2025-08-01T12:00:00Z');
    const h = await startHarness({ now: () => now, ratePerSecond: 3 });
    try {
      // login took one token
      expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
      expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
      const limited = await h.call('GET', '/v1/lab/samples');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(limited.body).toEqual({ error: 'rate_limited', message: 'rate limit exceeded; retry after 1s' });
      const login = await h.call('POST', '/v1/user/login', {
        auth: false,
        headers: { 'X-Api-Key': API_KEY },
        body: { username: 'lab@sim', password: 'sim-password', license: LAB },
      });
      expect(login.status).toBe(429);
      // a bad key is refused as unauthorized and does not spend the real key's tokens
      expect((await h.call('GET', '/v1/lab/samples', { headers: { 'X-Api-Key': 'other' } })).status).toBe(401);
      now += 400;
      expect((await h.call('GET', '/v1/lab/samples')).status).toBe(200);
      expect((await h.call('GET', '/v1/lab/samples')).status).toBe(429);
      // the control surface is never limited
      for (let i = 0; i < 5; i++) expect((await h.control('/_sim/faults')).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

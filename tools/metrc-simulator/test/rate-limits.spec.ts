import { config, Harness, LAB, recordItem, SimStats, startHarness, USER_KEY } from './harness';

const SECOND_LAB = 'OCM-LAB-25-000008';

describe('metrc simulator: GET rate limits per facility and per vendor key', () => {
  let h: Harness;
  let now: number;

  beforeEach(async () => {
    now = Date.parse('2026-12-01T12:00:00Z');
    h = await startHarness({ now: () => now, licenses: [LAB, SECOND_LAB], vendorKeys: ['vendor-a', 'vendor-b'] });
    await config(h, { getsPerSecondPerFacility: 5, getsPerSecondPerVendorKey: 8 });
  });
  afterEach(() => h.close());

  const as = (vendorKey: string) => ({ vendorKey, userKey: USER_KEY });
  const get = (license = LAB, vendorKey = 'vendor-a') => h.call('GET', '/transfers/v2/incoming', { auth: as(vendorKey), query: { licenseNumber: license } });
  const statuses = async (n: number, call: () => Promise<{ status: number }>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await call()).status);
    return out;
  };

  it('answers the GET past the per-facility rate with 429 {Message} and no Retry-After by default; a second later it passes', async () => {
    expect(await statuses(5, () => get())).toEqual([200, 200, 200, 200, 200]);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ Message: 'The limit of API calls allowed has been exceeded. Please try again later.' });
    expect(refused.headers.get('retry-after')).toBeNull();
    now += 200; // a fifth of a second refills one token
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    now += 1000;
    expect(await statuses(5, () => get())).toEqual([200, 200, 200, 200, 200]);
  });

  it('sends Retry-After when configured: 0 = computed from the bucket, N = N seconds', async () => {
    await config(h, { retryAfterSeconds: 0 });
    await statuses(5, () => get());
    expect((await get()).headers.get('retry-after')).toBe('1');
    await h.control('/_sim/rate-limits', { retryAfterSeconds: 7 });
    await statuses(5, () => get());
    expect((await get()).headers.get('retry-after')).toBe('7');
  });

  it('never counts POST or PUT', async () => {
    const t = await h.transfer();
    await statuses(5, () => get());
    expect((await get()).status).toBe(429);
    expect((await h.call('POST', '/labtests/v2/record', { auth: as('vendor-a'), body: [recordItem(t.packages[0].label)] })).status).toBe(200);
    expect((await h.call('PUT', '/labtests/v2/results/release', { auth: as('vendor-a'), body: [{ PackageLabel: t.packages[0].label }] })).status).toBe(200);
    expect((await h.control<SimStats>('/_sim/stats')).body.rateLimited).toBe(1);
  });

  it('limits per vendor key across facilities, and per facility across vendor keys', async () => {
    expect(await statuses(6, () => get(LAB))).toEqual([200, 200, 200, 200, 200, 429]);
    // vendor-a has 3 tokens left of 8: the second facility gets 3, then the key is spent.
    expect(await statuses(4, () => get(SECOND_LAB))).toEqual([200, 200, 200, 429]);
    // Another vendor key is its own bucket, but the facility's bucket is shared: 2 left.
    expect(await statuses(3, () => get(SECOND_LAB, 'vendor-b'))).toEqual([200, 200, 429]);
    // Id-scoped calls have no facility: only the key's bucket counts.
    const idScoped = await h.call('GET', '/labtests/v2/types', { auth: as('vendor-b'), query: { licenseNumber: null } });
    expect(idScoped.status).toBe(200);
  });

  it('caps GETs in flight per facility (a slow answer holds its slot)', async () => {
    await config(h, { getsPerSecondPerFacility: 1000, getsPerSecondPerVendorKey: 1000, concurrentGetsPerFacility: 2 });
    await h.control('/_sim/faults', { mode: 'hang', ms: 300, match: '/transfers/v2/incoming', count: 2 });
    const slow = [get(), get()];
    await new Promise((r) => setTimeout(r, 100));
    expect((await get()).status).toBe(429);
    expect((await get(SECOND_LAB)).status).toBe(200);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
    expect((await get()).status).toBe(200);
    expect((await h.control<SimStats>('/_sim/stats')).body.peakConcurrentGets).toBe(3); // two slow ones plus the other facility's
  });

  it('caps GETs in flight per vendor key across facilities', async () => {
    await config(h, { getsPerSecondPerFacility: 1000, getsPerSecondPerVendorKey: 1000, concurrentGetsPerVendorKey: 2 });
    await h.control('/_sim/faults', { mode: 'hang', ms: 300, match: '/transfers/v2/incoming', count: 2 });
    const slow = [get(LAB), get(SECOND_LAB)];
    await new Promise((r) => setTimeout(r, 100));
    expect((await h.call('GET', '/labtests/v2/types', { auth: as('vendor-a'), query: { licenseNumber: null } })).status).toBe(429);
    expect((await h.call('GET', '/labtests/v2/types', { auth: as('vendor-b'), query: { licenseNumber: null } })).status).toBe(200);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
  });

  it('can be switched off and reconfigured through /_sim/rate-limits', async () => {
    expect((await h.control('/_sim/rate-limits')).body).toEqual({
      getsPerSecondPerFacility: 5,
      getsPerSecondPerVendorKey: 8,
      concurrentGetsPerFacility: 10,
      concurrentGetsPerVendorKey: 30,
      rateLimitsEnabled: true,
      retryAfterSeconds: null,
    });
    await h.control('/_sim/rate-limits', { rateLimitsEnabled: false });
    expect(await statuses(12, () => get())).toEqual(Array(12).fill(200));
    const bad = await h.control('/_sim/rate-limits', { getsPerSecondPerFacility: 0, maxPageSize: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: 'getsPerSecondPerFacility: must be an integer from 1 to 1000000; maxPageSize: is not a known setting' });
  });

  it('reports the peak request rates seen, per facility and per vendor key, over a sliding second', async () => {
    await statuses(7, () => get(LAB));
    now += 500;
    await statuses(2, () => get(SECOND_LAB, 'vendor-b'));
    await h.call('POST', '/labtests/v2/record', { auth: as('vendor-a'), body: [] });
    now += 600; // the first seven leave the window
    await statuses(1, () => get(LAB));
    const stats = (await h.control<SimStats>('/_sim/stats')).body;
    expect(stats).toEqual({
      peakRequestsPerSecond: 10,
      peakGetsPerSecondByFacility: { [LAB]: 7, [SECOND_LAB]: 2 },
      peakGetsPerSecondByVendorKey: { 'vendor-a': 7, 'vendor-b': 2 },
      peakConcurrentGets: 1,
      requests: 11,
      gets: 10,
      rateLimited: 2,
    });
    const cleared = (await h.control<SimStats>('/_sim/stats/reset', {})).body;
    expect(cleared).toMatchObject({ peakRequestsPerSecond: 0, requests: 0, rateLimited: 0, peakGetsPerSecondByFacility: {} });
  });
});

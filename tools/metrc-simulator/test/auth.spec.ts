import { basic, Harness, LAB, startHarness, USER_KEY, VENDOR_KEY } from './harness';

describe('metrc simulator: auth, licenseNumber and error shapes', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ licenses: [LAB, 'OCM-LAB-25-000008'], extraUsers: { 'other-user-key': ['OCM-LAB-25-000099'] } });
  });
  afterEach(() => h.close());

  const denied = 'Authorization has been denied for this request.';

  it.each([
    ['no Authorization header', {}],
    ['a Bearer token', { authorization: 'Bearer abc' }],
    ['Basic without a colon', { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` }],
    ['an unknown vendor key', { authorization: basic('someone-else', USER_KEY) }],
    ['an unknown user key', { authorization: basic(VENDOR_KEY, 'nope') }],
    ['the keys swapped', { authorization: basic(USER_KEY, VENDOR_KEY) }],
  ])('answers %s with a text/plain 401', async (_, headers) => {
    const res = await h.call('GET', '/transfers/v2/incoming', { auth: false, headers });
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^text\/plain/);
    expect(res.body).toBe(denied);
  });

  it('keeps an idle connection longer than a client reuses one (Keep-Alive: timeout=65)', async () => {
    const res = await h.call('GET', '/labtests/v2/types');
    expect(res.status).toBe(200);
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
  });

  it('answers a v1-only user key with a text/plain 401 on v2', async () => {
    const res = await h.call('GET', '/labtests/v2/types', { auth: { vendorKey: VENDOR_KEY, userKey: 'metrc-sim-v1-only-user-key' } });
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^text\/plain/);
    expect(res.body).toBe('This API key is only valid for v1 endpoints.');
  });

  it('checks auth before licenseNumber and before the route data', async () => {
    const res = await h.call('GET', '/packages/v2/1A4060300000000000000001', { auth: false, query: { licenseNumber: null } });
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^text\/plain/);
  });

  it('requires licenseNumber where Metrc does: 400 {Message}', async () => {
    const res = await h.call('GET', '/transfers/v2/incoming', { query: { licenseNumber: null } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ Message: 'No license number was specified.' });
    const record = await h.call('POST', '/labtests/v2/record', { query: { licenseNumber: null }, body: [] });
    expect(record.status).toBe(400);
    expect(record.body).toEqual({ Message: 'No license number was specified.' });
  });

  it('answers a facility the user key may not act for with 401 {Message}', async () => {
    for (const license of ['OCM-LAB-25-000099', 'OCM-NOPE-00-000000']) {
      const res = await h.call('GET', '/transfers/v2/incoming', { query: { licenseNumber: license } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ Message: `The user does not have access to license number ${license}.` });
    }
    expect((await h.call('GET', '/transfers/v2/incoming', { query: { licenseNumber: 'OCM-LAB-25-000008' } })).status).toBe(200);
  });

  it('serves id-scoped and reference calls without licenseNumber', async () => {
    const states = await h.call<string[]>('GET', '/labtests/v2/states', { query: { licenseNumber: null } });
    expect(states.status).toBe(200);
    expect(states.body).toEqual(expect.arrayContaining(['TestPassed', 'TestFailed', 'SubmittedForTesting', 'TestingInProgress']));
    expect(states.body).toHaveLength(14);
    const facilities = await h.call<Array<{ License: { Number: string } }>>('GET', '/facilities/v2/', { query: { licenseNumber: null } });
    expect(facilities.body.map((f) => f.License.Number)).toEqual([LAB, 'OCM-LAB-25-000008']);
  });

  it('answers a package of another facility with 401, as Metrc does, and an unknown one the same way', async () => {
    const t = await h.transfer();
    const mine = await h.call<{ Label: string }>('GET', `/packages/v2/${t.packages[0].label}`);
    expect(mine.status).toBe(200);
    expect(mine.body.Label).toBe(t.packages[0].label);
    const foreign = await h.call('GET', `/packages/v2/${t.packages[0].label}`, { query: { licenseNumber: 'OCM-LAB-25-000008' } });
    expect(foreign.status).toBe(401);
    expect(foreign.body).toEqual({ Message: `Package ${t.packages[0].label} is not valid for license number OCM-LAB-25-000008.` });
    // The source lot is still the shipper's.
    expect((await h.call('GET', `/packages/v2/${t.packages[0].sourcePackageLabels[0]}`)).status).toBe(401);
    expect((await h.call('GET', '/packages/v2/ZZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(401);
    const bad = await h.call('GET', '/packages/v2/not-a-label');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ Message: "'not-a-label' is not a valid package label or id." });
  });

  it('hides id-scoped transfer data from a user key that is neither shipper nor recipient', async () => {
    const t = await h.transfer();
    const other = { vendorKey: VENDOR_KEY, userKey: 'other-user-key' };
    expect((await h.call('GET', `/transfers/v2/${t.transferId}/deliveries`, { auth: other, query: { licenseNumber: null } })).status).toBe(401);
    expect((await h.call('GET', `/transfers/v2/deliveries/${t.deliveryId}/packages`, { auth: other, query: { licenseNumber: null } })).status).toBe(401);
    expect((await h.call('GET', `/transfers/v2/deliveries/${t.deliveryId}/packages`, { query: { licenseNumber: null } })).status).toBe(200);
  });

  it('answers unknown paths 404 and wrong methods 405, both as {Message}', async () => {
    const missing = await h.call('GET', '/labtests/v3/types');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ Message: "No HTTP resource was found that matches the request URI '/labtests/v3/types'." });
    const wrong = await h.call('GET', '/labtests/v2/record');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body).toEqual({ Message: "The requested resource does not support http method 'GET'." });
  });

  it('answers a non-JSON body 415 and a missing or empty array 400 "No data was submitted."', async () => {
    const t = await h.transfer();
    const plain = await h.call('POST', '/labtests/v2/record', { raw: 'Label=x', headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect(plain.body).toEqual({ Message: "The request entity's media type 'text/plain' is not supported for this resource." });
    for (const body of [[], {}, { Label: t.packages[0].label }]) {
      const res = await h.call('POST', '/labtests/v2/record', { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ Message: 'No data was submitted.' });
    }
    const broken = await h.call('PUT', '/labtests/v2/results/release', { raw: '[{', headers: { 'content-type': 'application/json' } });
    expect(broken.body).toEqual({ Message: 'No data was submitted.' });
  });
});

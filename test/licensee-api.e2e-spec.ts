import type { AmendmentDto } from '../src/certificates/dto/amendment.dto';
import { LicenseeSampleDto, LicenseeSamplePageDto } from '../src/licensee-api/licensee-sample.dto';
import { metalsWithLead, releaseAmendment, requestAmendment } from './support/amendments';
import { LicenseeHandle, registerLicensee, announce, flowerSample } from './support/lab';
import { releasedSample } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string };

describe('licensee API: own samples only, ETags, paging, rate limit', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let admin: User;

  beforeAll(async () => {
    t = await createTestApp({ env: { LICENSEE_RATE_BURST: '12', LICENSEE_RATE_PER_SECOND: '1' } });
    tech = await t.userToken('technician');
    manager = await t.userToken('manager');
    admin = await t.userToken('admin');
  });
  afterAll(() => t.close());

  const poll = (l: LicenseeHandle, path: string) => t.http().get(path).set('X-API-Key', l.apiKey);

  it('shows a released sample with per-category verdicts, COA link and report status', async () => {
    const l = await registerLicensee(t, admin.token);
    const s = await releasedSample(t, tech, manager, l);
    const res = await poll(l, `/v1/licensee/samples/${s.sampleInventoryId}`).expect(200);
    expect(res.body).toMatchObject({
      inventoryId: s.sampleInventoryId,
      sampledInventoryIds: s.inventoryIds,
      labCode: s.labCode,
      status: 'released',
      overall: 'pass',
      coaVersion: 1,
      coaUrl: `/v1/licensee/samples/${s.sampleInventoryId}/coa`,
      stateReport: { status: 'pending', coaVersion: 1 },
    });
    expect((res.body as LicenseeSampleDto).categories).toEqual(
      expect.arrayContaining([
        { group: 'metals', status: 'pass' },
        { group: 'microbials', status: 'pass' },
      ]),
    );
    const byLot = await poll(l, `/v1/licensee/samples/${s.inventoryIds[0]}`).expect(200);
    expect((byLot.body as LicenseeSampleDto).inventoryId).toBe(s.sampleInventoryId);
    const pdf = await poll(l, `/v1/licensee/samples/${s.sampleInventoryId}/coa`).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    await poll(l, `/v1/licensee/samples/${s.sampleInventoryId}/coa`).set('If-None-Match', pdf.headers.etag).expect(304);
  });

  it('hides results until release', async () => {
    const l = await registerLicensee(t, admin.token);
    const sample = flowerSample();
    await announce(t, l, [sample]);
    const res = await poll(l, `/v1/licensee/samples/${sample.inventoryId}`).expect(200);
    expect(res.body).toMatchObject({ status: 'pending', overall: null, categories: [], coaUrl: null, stateReport: null });
    await poll(l, `/v1/licensee/samples/${sample.inventoryId}/coa`).expect(404);
  });

  it('answers another licensee’s ids with 404 on every route, and never lists them', async () => {
    const a = await registerLicensee(t, admin.token);
    const b = await registerLicensee(t, admin.token);
    const s = await releasedSample(t, tech, manager, b);
    for (const id of [s.sampleInventoryId, s.inventoryIds[0]]) {
      await poll(a, `/v1/licensee/samples/${id}`).expect(404);
      await poll(a, `/v1/licensee/samples/${id}/coa`).expect(404);
    }
    const list = await poll(a, '/v1/licensee/samples').expect(200);
    expect((list.body as LicenseeSamplePageDto).items).toEqual([]);
    await t.http().get(`/v1/licensee/samples/${s.sampleInventoryId}`).expect(401);
    await t.http().get(`/v1/licensee/samples/${s.sampleInventoryId}`).set('Authorization', `Bearer ${tech.token}`).expect(401);
  });

  it('answers a repeat poll with 304, and an amendment with 200 and a new tag', async () => {
    const l = await registerLicensee(t, admin.token);
    const s = await releasedSample(t, tech, manager, l);
    const first = await poll(l, `/v1/licensee/samples/${s.sampleInventoryId}`).expect(200);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^"[0-9a-f-]+\.\d+"$/);
    const again = await poll(l, `/v1/licensee/samples/${s.sampleInventoryId}`).set('If-None-Match', tag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    // Four eyes: one manager requests the amendment; until another releases it the licensee sees no change.
    const requested = await requestAmendment(t, manager, s.id, {
      amendsVersion: 1,
      reason: 'Lead re-run after a failed check standard',
      results: metalsWithLead('0.7'),
    }).expect(201);
    expect((await poll(l, `/v1/licensee/samples/${s.sampleInventoryId}`).set('If-None-Match', tag)).status).toBe(304);
    await releaseAmendment(t, await t.userToken('manager'), s.id, (requested.body as AmendmentDto).id).expect(200);
    const changed = await poll(l, `/v1/licensee/samples/${s.sampleInventoryId}`).set('If-None-Match', tag).expect(200);
    expect(changed.headers.etag).not.toBe(tag);
    expect(changed.body).toMatchObject({ coaVersion: 2, overall: 'fail' });
    expect((changed.body as LicenseeSampleDto).categories).toContainEqual({ group: 'metals', status: 'fail' });
  });

  it('pages changes by update time with an opaque cursor, and filters by updatedSince', async () => {
    const l = await registerLicensee(t, admin.token);
    const samples = [flowerSample(), flowerSample(), flowerSample()];
    await announce(t, l, samples);
    const page1 = (await poll(l, '/v1/licensee/samples?limit=2').expect(200)).body as LicenseeSamplePageDto;
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await poll(l, `/v1/licensee/samples?limit=2&cursor=${encodeURIComponent(page1.nextCursor!)}`).expect(200)).body as LicenseeSamplePageDto;
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const seen = [...page1.items, ...page2.items].map((i) => i.inventoryId).sort();
    expect(seen).toEqual(samples.map((s) => s.inventoryId).sort());
    const future = await poll(l, `/v1/licensee/samples?updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`).expect(200);
    expect((future.body as LicenseeSamplePageDto).items).toEqual([]);
    const bad = await poll(l, '/v1/licensee/samples?updatedSince=yesterday&limit=9999');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/updatedSince/);
    await poll(l, '/v1/licensee/samples?cursor=not-a-cursor').expect(400);
  });

  it('answers a forged cursor with 400 INVALID_CURSOR, even when JavaScript would read its date', async () => {
    const l = await registerLicensee(t, admin.token);
    const id = '6ebd67b2-1f4c-4d8e-9a3b-2c5d7e9f0a1b';
    // Each timestamp is one Date.parse takes and PostgreSQL refuses (once a 500), or a shape encodeCursor never writes.
    for (const at of ['1', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '2026-11-25T10:00:00.123Z']) {
      const res = await poll(l, `/v1/licensee/samples?cursor=${Buffer.from(JSON.stringify([at, id])).toString('base64url')}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'INVALID_CURSOR', details: [{ field: 'cursor', message: 'invalid cursor' }] });
    }
  });

  it('limits each key: a burst beyond the allowance gets 429 with Retry-After, other keys are unaffected', async () => {
    const noisy = await registerLicensee(t, admin.token);
    const quiet = await registerLicensee(t, admin.token);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 14; i++) {
      const res = await poll(noisy, '/v1/licensee/samples');
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(13);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    await poll(quiet, '/v1/licensee/samples').expect(200);
  });

  it('a poll the fast path hands to Express (an unknown sample) costs the key one token, not two', async () => {
    const l = await registerLicensee(t, admin.token);
    const statuses: number[] = [];
    // Burst 12 at 1/s: twelve polls in quick succession are within the allowance (a thirteenth may be
    // too if a second passed), and a poll charged twice would have run out after six.
    for (let i = 0; i < 12; i++) statuses.push((await poll(l, '/v1/licensee/samples/9999000011112222')).status);
    expect(statuses).toEqual(Array(12).fill(404));
    const started = Date.now();
    let refused = 0;
    while (refused === 0 && Date.now() - started < 5000) if ((await poll(l, '/v1/licensee/samples/9999000011112222')).status === 429) refused++;
    expect(refused).toBe(1);
  });
});

import { SampleDetailDto, SamplePageDto } from '../src/samples/dto/sample-response.dto';
import { announce, flowerSample, LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { enterCompletePanel } from './support/panels';
import { releasedSample } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

/** The lab's sample list as intake and the review queue read it: filters, paging, order; COA file names. */
describe('sample list: intake filters, review order, COA names', () => {
  let t: TestContext;
  let admin: { token: string };
  let tech: { token: string };
  let manager: { token: string };
  let a: LicenseeHandle;
  let b: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    tech = await t.userToken('technician');
    manager = await t.userToken('manager');
    a = await registerLicensee(t, admin.token, 'Alpha Farms');
    b = await registerLicensee(t, admin.token, 'Beta Growers');
  });
  afterAll(() => t.close());

  const list = async (query: string) =>
    (await t.http().get(`/v1/samples?${query}`).set('Authorization', `Bearer ${tech.token}`).expect(200)).body as SamplePageDto;

  it('finds one pending transfer by manifest, by licensee and by announcement day, and pages the rest', async () => {
    const weddingA = flowerSample({ name: 'Wedding Cake 3.5g' });
    const weddingB = flowerSample({ name: 'Wedding Cake 3.5g' });
    const others = [flowerSample({ name: 'Gelato 1g' }), flowerSample({ name: 'Runtz 1g' }), flowerSample({ name: 'Zkittlez 1g', productType: 'pre-roll' })];
    const first = await announce(t, a, [weddingA, ...others]);
    const second = await announce(t, b, [weddingB]);
    expect(first.res.status).toBe(201);
    expect(second.res.status).toBe(201);

    const both = await list('status=pending&q=wedding%20cake');
    expect(both.items.map((s) => s.sampleInventoryId).sort()).toEqual([weddingA.inventoryId, weddingB.inventoryId].sort());

    const ofB = await list(`status=pending&q=wedding%20cake&licenseNumber=${b.licenseNumber}`);
    expect(ofB.items.map((s) => [s.sampleInventoryId, s.licenseNumber])).toEqual([[weddingB.inventoryId, b.licenseNumber]]);

    const byManifest = await list(`status=pending&manifestId=${second.manifestId}`);
    expect(byManifest.items.map((s) => s.sampleInventoryId)).toEqual([weddingB.inventoryId]);

    const preRolls = await list(`status=pending&manifestId=${first.manifestId}&productType=pre-roll`);
    expect(preRolls.items.map((s) => s.name)).toEqual(['Zkittlez 1g']);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect((await list(`status=pending&announcedFrom=${tomorrow}`)).items).toEqual([]);
    const today = await list(`status=pending&manifestId=${first.manifestId}&announcedFrom=${anHourAgo}&announcedTo=${tomorrow}`);
    expect(today.items).toHaveLength(4);

    // Two pages of two, newest first, no row twice.
    const page1 = await list(`status=pending&manifestId=${first.manifestId}&limit=2`);
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await list(`status=pending&manifestId=${first.manifestId}&limit=2&cursor=${encodeURIComponent(page1.nextCursor!)}`);
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    const seen = [...page1.items, ...page2.items].map((s) => s.sampleInventoryId).sort();
    expect(seen).toEqual([weddingA, ...others].map((s) => s.inventoryId).sort());
  });

  it('refuses a malformed filter with a field error', async () => {
    const res = await t.http().get('/v1/samples?sort=sideways&announcedFrom=yesterday').set('Authorization', `Bearer ${tech.token}`).expect(400);
    const fields = (res.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort();
    expect(fields).toEqual(['announcedFrom', 'sort']);
  });

  it('orders the review queue by submission, oldest first, whatever the announcement order', async () => {
    const samples: Array<{ id: string }> = [];
    for (const name of ['Announced first', 'Announced second', 'Announced third']) {
      const s = await receivedSample(t, tech.token, a, { name });
      await enterCompletePanel(t, tech.token, s.id);
      samples.push(s);
    }
    // Submitted second, third, first: neither the announcement order nor its reverse.
    const submitted = [samples[1], samples[2], samples[0]];
    for (const s of submitted) {
      await t.http().post(`/v1/samples/${s.id}/submit`).set('Authorization', `Bearer ${tech.token}`).expect(200);
      await new Promise((r) => setTimeout(r, 20));
    }

    const queue = await list('status=submitted&sort=oldest_in_status');
    expect(queue.items.map((s) => s.name)).toEqual(['Announced second', 'Announced third', 'Announced first']);
    const since = queue.items.map((s) => Date.parse(s.statusSince!));
    expect(since[0]).toBeLessThan(since[1]);
    expect(since[1]).toBeLessThan(since[2]);
    expect(Date.now() - since[0]).toBeLessThan(120_000);

    const head = await list('status=submitted&sort=oldest_in_status&limit=2');
    expect(head.items.map((s) => s.name)).toEqual(['Announced second', 'Announced third']);
    const rest = await list(`status=submitted&sort=oldest_in_status&limit=2&cursor=${encodeURIComponent(head.nextCursor!)}`);
    expect(rest.items.map((s) => s.name)).toEqual(['Announced first']);
    expect(rest.nextCursor).toBeNull();

    // The default order is still newest announced first.
    expect((await list('status=submitted')).items.map((s) => s.name)).toEqual(['Announced third', 'Announced second', 'Announced first']);
  });

  it('names the COA file COA-<lab code>-v<N>.pdf and prints the release time in the lab zone on the verify page', async () => {
    const s = await releasedSample(t, tech, manager, a);
    const pdf = await t.http().get(`/v1/samples/${s.id}/coa`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="COA-${s.labCode}-v1.pdf"`);

    const detail = (await t.http().get(`/v1/samples/${s.id}`).set('Authorization', `Bearer ${tech.token}`).expect(200)).body as SampleDetailDto;
    const versions = (await t.http().get(`/v1/samples/${s.id}/coa/versions`).set('Authorization', `Bearer ${tech.token}`).expect(200)).body as Array<{
      verifyPath: string;
    }>;
    const page = await t.http().get(versions[0].verifyPath).set('Accept', 'text/html').expect(200);
    const wall = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).formatToParts(new Date(detail.releasedAt!));
    const part = (type: string) => wall.find((p) => p.type === type)!.value;
    expect(page.text).toContain(`${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`);
    expect(page.text).toMatch(/ E[SD]T</);
    expect(page.text).not.toContain(detail.releasedAt!);
  });
});

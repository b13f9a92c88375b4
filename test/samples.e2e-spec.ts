import { ErrorBody } from '../src/common/all-exceptions.filter';
import { FieldError } from '../src/common/domain-error';
import { ApiKeyResponseDto } from '../src/licensees/api-keys/api-key.dto';
import { SyncResultDto, TransferResultDto } from '../src/samples/dto/announce-transfer.dto';
import { SampleDetailDto, SamplePageDto } from '../src/samples/dto/sample-response.dto';
import { announce, flowerSample, inventoryId, LicenseeHandle, registerLicensee, seedStateSample } from './support/lab';
import { createTestApp, TestContext } from './support/test-app';

type FieldErrorBody = ErrorBody & { details: FieldError[] };
const sampleIdsOf = (res: { body: unknown }) => (res.body as TransferResultDto).sampleIds;

describe('sample intake: transfers, receiving, custody, licensee keys', () => {
  let t: TestContext;
  let admin: { token: string };
  let tech: { token: string };
  let a: LicenseeHandle;
  let b: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    tech = await t.userToken('technician');
    a = await registerLicensee(t, admin.token, 'Alpha Farms');
    b = await registerLicensee(t, admin.token, 'Beta Growers');
  });
  afterAll(() => t.close());

  const asTech = (req: ReturnType<ReturnType<TestContext['http']>['get']>) => req.set('Authorization', `Bearer ${tech.token}`);

  describe('state sync', () => {
    it('creates a transfer once, however often it is synced', async () => {
      const s1 = flowerSample();
      const s2 = flowerSample({ productType: 'vape', name: 'Sour Diesel cart', unit: 'each', quantity: '2' });
      await t.sim!.control('/_sim/samples', {
        samples: [s1, s2].map((s) => ({
          sampleId: s.inventoryId,
          parentInventoryIds: s.lotInventoryIds,
          manifestId: 'SYNC-MANIFEST-1',
          senderLicense: a.licenseNumber,
          productType: s.productType,
          name: s.name,
          quantity: s.quantity,
          uom: s.unit,
        })),
      });
      const first = await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
      expect(first.body).toMatchObject({ created: 1, unchanged: 0, conflicts: [] });
      const second = await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
      expect(second.body).toMatchObject({ created: 0, unchanged: 1 });
      const rows = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM samples WHERE sample_inventory_id = ANY($1)`, [[s1.inventoryId, s2.inventoryId]]);
      expect(Number(rows[0].n)).toBe(2);
      const list = await asTech(t.http().get(`/v1/samples?q=${s2.inventoryId}`)).expect(200);
      const { items } = list.body as SamplePageDto;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        sampleInventoryId: s2.inventoryId,
        inventoryIds: s2.lotInventoryIds,
        productType: 'vape',
        status: 'pending',
        licenseNumber: a.licenseNumber,
      });
    });

    it('takes a licensee push and a later sync of the same manifest as one transfer', async () => {
      const s = flowerSample();
      const { res, manifestId } = await announce(t, a, [s]);
      expect(res.status).toBe(201);
      await seedStateSample(t, a.licenseNumber, s, manifestId);
      const sync = await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
      expect((sync.body as SyncResultDto).conflicts).toEqual([]);
      const rows = await t.sql(`SELECT id FROM sample_transfers WHERE manifest_id = $1`, [manifestId]);
      expect(rows).toHaveLength(1);
    });

    it('registers a sender the lab has not met, so no sample is left behind', async () => {
      const s = flowerSample();
      await seedStateSample(t, 'OCM-PROC-25-000042', s);
      await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
      const [row] = await t.sql<{ name: string }>(`SELECT name FROM licensees WHERE license_number = 'OCM-PROC-25-000042'`);
      expect(row.name).toBe('OCM-PROC-25-000042');
    });
  });

  describe('licensee announcements', () => {
    it('answers a repeat with 200 unchanged, a changed repeat before receipt with 200 updated naming the change', async () => {
      const s = flowerSample();
      const { res, manifestId } = await announce(t, a, [s]);
      expect(res.status).toBe(201);
      const repeat = await announce(t, a, [{ ...s, quantity: '7.00' }], manifestId);
      expect(repeat.res.status).toBe(200);
      expect(repeat.res.body).toMatchObject({ outcome: 'unchanged', sampleIds: sampleIdsOf(res) });
      // Received samples refuse changes with 409 (test/transfer-isolation.e2e-spec.ts); a pending one takes them.
      const changed = await announce(t, a, [{ ...s, productType: 'concentrate' }], manifestId);
      expect(changed.res.status).toBe(200);
      expect(changed.res.body).toMatchObject({
        outcome: 'updated',
        changes: [{ inventoryId: s.inventoryId, field: 'productType', stored: 'flower', sent: 'concentrate' }],
      });
    });

    it('refuses a sample already taken in under another manifest', async () => {
      const s = flowerSample();
      await announce(t, a, [s]);
      const again = await announce(t, a, [s]);
      expect(again.res.status).toBe(409);
      expect((again.res.body as ErrorBody).message).toMatch(/another manifest/);
    });

    it.each([
      ['a 16-digit id with a letter', { inventoryId: '12345678901234a6' }, 'samples.0.inventoryId'],
      ['an unknown product type', { productType: 'hash-brownie' }, 'samples.0.productType'],
      ['a negative quantity', { quantity: '-3' }, 'samples.0.quantity'],
      ['a numeric quantity instead of a decimal string', { quantity: 3 }, 'samples.0.quantity'],
    ])('answers %s with 400 naming the field', async (_, override, field) => {
      const res = await t
        .http()
        .post('/v1/sample-transfers')
        .set('X-API-Key', a.apiKey)
        .send({ manifestId: 'BAD-1', licenseNumber: a.licenseNumber, samples: [{ ...flowerSample(), ...override }] });
      expect(res.status).toBe(400);
      expect((res.body as FieldErrorBody).details.map((d) => d.field)).toContain(field);
      const rows = await t.sql(`SELECT 1 FROM sample_transfers WHERE manifest_id = 'BAD-1'`);
      expect(rows).toHaveLength(0);
    });

    it('does not let licensee A announce for licensee B', async () => {
      const res = await t
        .http()
        .post('/v1/sample-transfers')
        .set('X-API-Key', a.apiKey)
        .send({ manifestId: 'X-1', licenseNumber: b.licenseNumber, samples: [flowerSample()] });
      expect(res.status).toBe(403);
      expect((res.body as ErrorBody).message).toContain(a.licenseNumber);
    });

    it('answers a revoked key, an unknown key and no key with 401', async () => {
      const c = await registerLicensee(t, admin.token, 'Gamma Co');
      expect((await announce(t, c, [flowerSample()])).res.status).toBe(201);
      await t.http().delete(`/v1/licensees/${c.licenseNumber}/api-keys/${c.apiKeyId}`).set('Authorization', `Bearer ${admin.token}`).expect(200);
      expect((await announce(t, c, [flowerSample()])).res.status).toBe(401);
      expect((await announce(t, { ...c, apiKey: 'lt_0123456789_' + 'x'.repeat(43) }, [flowerSample()])).res.status).toBe(401);
      await t.http().post('/v1/sample-transfers').send({}).expect(401);
      const keys = await t.http().get(`/v1/licensees/${c.licenseNumber}/api-keys`).set('Authorization', `Bearer ${admin.token}`).expect(200);
      expect((keys.body as ApiKeyResponseDto[])[0]).toMatchObject({ id: c.apiKeyId, revokedAt: expect.any(String), lastUsedAt: expect.any(String) });
      expect(JSON.stringify(keys.body)).not.toContain(c.apiKey);
      const stored = await t.sql<{ key_hash: string }>(`SELECT key_hash FROM licensee_api_keys WHERE id = $1`, [c.apiKeyId]);
      expect(stored[0].key_hash).not.toContain(c.apiKey.slice(14));
    });
  });

  describe('receiving', () => {
    it('accepts the sample in the state system, assigns a lab code and the product type’s panel, and logs custody', async () => {
      const s = flowerSample();
      await seedStateSample(t, a.licenseNumber, s);
      const { res } = await announce(t, a, [s]);
      const [id] = sampleIdsOf(res);
      const received = await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/receive`)
          .send({ receivedQuantity: '6.95', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 2 / B' } as never),
      ).expect(200);
      expect(received.body).toMatchObject({
        status: 'received',
        receivedQuantity: '6.95',
        storageLocation: 'Fridge 2 / B',
        panelSet: 'ny-ocm-2025-panels-v2',
      });
      const detail = received.body as SampleDetailDto;
      expect(detail.labCode).toMatch(/^LT-\d{4}-\d{6}$/);
      expect(detail.panel).toEqual([
        'cannabinoids',
        'foreign_matter',
        'metals',
        'microbials',
        'moisture',
        'mycotoxins',
        'pesticides',
        'terpenes',
        'water_activity',
      ]);
      expect(detail.custody.map((c) => c.kind)).toEqual(['announced', 'received']);
      const sim = (await t.sim!.control('/_sim/samples')) as
        { data?: Array<{ sampleId: string; status: string }> } | Array<{ sampleId: string; status: string }>;
      const simSamples = Array.isArray(sim) ? sim : (sim.data ?? []);
      expect(simSamples.find((x) => x.sampleId === s.inventoryId)?.status).toBe('accepted');
      const again = await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/receive`)
          .send({ receivedQuantity: '6.95', unit: 'g', condition: 'acceptable' } as never),
      ).expect(409);
      expect((again.body as ErrorBody).message).toMatch(/is received/);
    });

    it('leaves the sample un-received, and says why, when the state system fails', async () => {
      const s = flowerSample();
      await seedStateSample(t, a.licenseNumber, s);
      const { res } = await announce(t, a, [s]);
      const [id] = sampleIdsOf(res);
      await t.sim!.control('/_sim/faults', { match: `/v1/lab/samples/${s.inventoryId}/accept`, mode: 'status', status: 503, count: 50 });
      const failed = await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/receive`)
          .send({ receivedQuantity: '7', unit: 'g', condition: 'acceptable' } as never),
      );
      await t.sim!.control('/_sim/faults', { mode: 'clear' });
      expect(failed.status).toBe(503);
      expect((failed.body as ErrorBody).message).toMatch(/BioTrack could not accept/);
      const detail = await asTech(t.http().get(`/v1/samples/${id}`)).expect(200);
      expect(detail.body).toMatchObject({ status: 'pending', labCode: null, receivedAt: null });
      expect((detail.body as SampleDetailDto).custody.map((c) => c.kind)).toEqual(['announced']);
      await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/receive`)
          .send({ receivedQuantity: '7', unit: 'g', condition: 'acceptable' } as never),
      ).expect(200);
    });

    it('rejects with a reason, and rejects the sample in the state system', async () => {
      const s = flowerSample();
      await seedStateSample(t, a.licenseNumber, s);
      const { res } = await announce(t, a, [s]);
      const [id] = sampleIdsOf(res);
      const noReason = await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/receive`)
          .send({ receivedQuantity: '7', unit: 'g', condition: 'rejected' } as never),
      ).expect(400);
      expect((noReason.body as FieldErrorBody).details.map((d) => d.field)).toContain('rejectionReason');
      const rejected = await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/receive`)
          .send({ receivedQuantity: '7', unit: 'g', condition: 'rejected', rejectionReason: 'Seal broken on arrival' } as never),
      ).expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Seal broken on arrival', labCode: null });
    });

    it('records custody moves and shows them on the sample', async () => {
      const s = flowerSample();
      await seedStateSample(t, a.licenseNumber, s);
      const { res } = await announce(t, a, [s]);
      const [id] = sampleIdsOf(res);
      await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/receive`)
          .send({ receivedQuantity: '7', unit: 'g', condition: 'acceptable', storageLocation: 'Intake bench' } as never),
      ).expect(200);
      await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/custody`)
          .send({ kind: 'moved', location: 'Freezer 1' } as never),
      ).expect(201);
      await asTech(
        t
          .http()
          .post(`/v1/samples/${id}/custody`)
          .send({ kind: 'sub_sampled', quantity: '0.5', unit: 'g', note: 'HPLC prep' } as never),
      ).expect(201);
      const detail = (await asTech(t.http().get(`/v1/samples/${id}`)).expect(200)).body as SampleDetailDto;
      expect(detail.storageLocation).toBe('Freezer 1');
      expect(detail.custody.map((c) => c.kind)).toEqual(['announced', 'received', 'moved', 'sub_sampled']);
      expect(detail.custody[3]).toMatchObject({ quantity: '0.5', unit: 'g', note: 'HPLC prep', actor: expect.stringContaining('@test.lab') });
      await expect(t.sql(`UPDATE custody_events SET note = 'x' WHERE sample_id = $1`, [id])).rejects.toThrow(/append-only/);
      const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [id]);
      expect(audit.map((r) => r.action)).toEqual(['sample.announced', 'sample.received', 'sample.custody.moved', 'sample.custody.sub_sampled']);
    });
  });

  describe('lists', () => {
    it('pages with a stable cursor under inserts, filtered by licensee and product type', async () => {
      const d = await registerLicensee(t, admin.token, 'Delta Paging');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(...sampleIdsOf((await announce(t, d, [flowerSample({ productType: i % 2 ? 'vape' : 'flower', unit: 'g' })])).res));
      const page1 = (await asTech(t.http().get(`/v1/samples?licenseNumber=${d.licenseNumber}&limit=2`)).expect(200)).body as SamplePageDto;
      expect(page1.items.map((s) => s.id)).toEqual([ids[4], ids[3]]);
      await announce(t, d, [flowerSample()]); // a newer row must not shift the pages already handed out
      const page2 = (await asTech(t.http().get(`/v1/samples?licenseNumber=${d.licenseNumber}&limit=2&cursor=${page1.nextCursor}`)).expect(200))
        .body as SamplePageDto;
      expect(page2.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
      const page3 = (await asTech(t.http().get(`/v1/samples?licenseNumber=${d.licenseNumber}&limit=2&cursor=${page2.nextCursor}`)).expect(200))
        .body as SamplePageDto;
      expect(page3.items.map((s) => s.id)).toEqual([ids[0]]);
      expect(page3.nextCursor).toBeNull();
      const vapes = (await asTech(t.http().get(`/v1/samples?licenseNumber=${d.licenseNumber}&productType=vape`)).expect(200)).body as SamplePageDto;
      expect(vapes.items.map((s) => s.id)).toEqual([ids[3], ids[1]]);
      await asTech(t.http().get('/v1/samples?cursor=garbage')).expect(400);
      await asTech(t.http().get('/v1/samples?status=lost')).expect(400);
    });

    it('answers a forged cursor with 400 INVALID_CURSOR, whichever the sort, even when JavaScript would read its date', async () => {
      const id = '6ebd67b2-1f4c-4d8e-9a3b-2c5d7e9f0a1b';
      // Each timestamp is one Date.parse takes and PostgreSQL refuses (once a 500), or a shape encodeCursor never writes.
      for (const at of ['1', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '2026-02-30T10:00:00.000000Z', '2026-11-25T10:00:00Z']) {
        const cursor = Buffer.from(JSON.stringify([at, id])).toString('base64url');
        for (const sort of ['newest', 'oldest_in_status']) {
          const res = await asTech(t.http().get(`/v1/samples?sort=${sort}&cursor=${cursor}`)).expect(400);
          expect(res.body).toMatchObject({ statusCode: 400, error: 'INVALID_CURSOR', details: [{ field: 'cursor', message: 'invalid cursor' }] });
        }
      }
    });
  });

  it('keeps licensee B’s samples invisible to licensee A (by id, 404)', async () => {
    const s = flowerSample();
    await announce(t, b, [s]);
    expect(inventoryId()).toMatch(/^\d{16}$/);
    const res = await t.http().get(`/v1/licensee/samples/${s.inventoryId}`).set('X-API-Key', a.apiKey);
    expect([404]).toContain(res.status);
    const own = await t.http().get(`/v1/licensee/samples/${s.inventoryId}`).set('X-API-Key', b.apiKey);
    expect(own.status).toBe(200);
  });
});

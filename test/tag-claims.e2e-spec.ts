import type { Response } from 'supertest';
import { SyncResultDto, TransferResultDto } from '../src/samples/dto/announce-transfer.dto';
import { TAGS_TAKEN_MESSAGE } from '../src/samples/sample-tag-claims';
import { AnnouncedSample, flowerSample, inventoryId, LicenseeHandle, registerLicensee, seedStateSample } from './support/lab';
import { eventually } from './support/release';
import { bootContext, createTestApp, TestContext } from './support/test-app';

type Announced = AnnouncedSample & { solventExtracted?: boolean; collectionSite?: string; collectedAt?: string };
type SampleRow = {
  id: string;
  licensee_id: string;
  transfer_id: string;
  status: string;
  name: string;
  quantity: string;
  unit: string;
  inventory_ids: string[];
  requested_tests: string[];
  solvent_extracted: boolean;
  collection_site: string | null;
  collected_at: Date | null;
};

/**
 * A licensee's announcement of a tag is its word; the state system's manifest says who sent it. A
 * sample another licensee announced first, and the lab has not received, goes to the sender the state
 * names when the lab syncs; anything else stays a conflict.
 */
describe('the state system’s manifest over a licensee’s claim to a tag', () => {
  let t: TestContext;
  /** A second API process on the same database: its poll map hears changes only through PostgreSQL. */
  let other: TestContext;
  let admin: { token: string };
  let tech: { token: string };

  beforeAll(async () => {
    const limits = { LICENSEE_RATE_BURST: '1000', LICENSEE_RATE_PER_SECOND: '1000', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
    t = await createTestApp({ env: limits });
    other = await bootContext(t.env);
    admin = await t.userToken('admin');
    tech = await t.userToken('technician');
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const post = (l: LicenseeHandle, manifestId: string, samples: Announced[]) =>
    t.http().post('/v1/sample-transfers').set('X-API-Key', l.apiKey).send({ manifestId, licenseNumber: l.licenseNumber, samples });
  const sync = async () => (await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200)).body as SyncResultDto;
  const conflictsOf = (r: SyncResultDto, manifestId: string) => r.conflicts.filter((c) => c.manifestId === manifestId).map((c) => c.message);
  const poll = (app: TestContext, l: LicenseeHandle, tag: string, etag?: string) => {
    const req = app.http().get(`/v1/licensee/samples/${tag}`).set('X-API-Key', l.apiKey);
    return etag ? req.set('If-None-Match', etag) : req;
  };
  const sampleByTag = async (tag: string) => (await t.sql<SampleRow>(`SELECT * FROM samples WHERE sample_inventory_id = $1`, [tag]))[0];
  const licenseeIdOf = async (l: LicenseeHandle) =>
    (await t.sql<{ id: string }>(`SELECT id FROM licensees WHERE license_number = $1`, [l.licenseNumber]))[0].id;
  const manifest = (prefix: string) => `${prefix}-${inventoryId().slice(0, 8)}`;
  const receive = (id: string, s: AnnouncedSample) =>
    t
      .http()
      .post(`/v1/samples/${id}/receive`)
      .set('Authorization', `Bearer ${tech.token}`)
      .send({ receivedQuantity: s.quantity, unit: s.unit, condition: 'acceptable', storageLocation: 'Fridge 1' });

  describe('a pending sample licensee A announced under licensee B’s tag', () => {
    let a: LicenseeHandle;
    let b: LicenseeHandle;
    const bTag = flowerSample({ name: 'Beta Runtz 3.5g', quantity: '3.5' });
    // A's copy: B's tag, with A's own word on everything else.
    const squat: Announced = {
      ...bTag,
      lotInventoryIds: [inventoryId()],
      name: 'Alpha Copy',
      quantity: '9',
      requestedTests: ['terpenes'],
      solventExtracted: true,
      collectionSite: 'Alpha barn',
      collectedAt: '2026-12-01T10:00:00.000Z',
    };
    const aOwn = flowerSample({ name: 'Alpha Haze' });
    const aManifest = manifest('ALPHA');
    const bManifest = manifest('BETA');
    let aTransferId: string;
    let sampleId: string;
    let aEtag: string;
    let aReassignedEndpoint: string;

    beforeAll(async () => {
      a = await registerLicensee(t, admin.token, 'Alpha Farms');
      b = await registerLicensee(t, admin.token, 'Beta Growers');
    });

    it('is A’s until the state speaks: A’s announcement is taken (201), B’s own is a generic 409', async () => {
      const created = await post(a, aManifest, [aOwn, squat]).expect(201);
      const result = created.body as TransferResultDto;
      aTransferId = result.transferId;
      sampleId = result.sampleIds[1];
      const first = await poll(t, a, bTag.inventoryId).expect(200);
      aEtag = String(first.headers.etag);
      // Both processes now answer A's polls of the tag from memory.
      await poll(t, a, bTag.inventoryId, aEtag).expect(304);
      await poll(other, a, bTag.inventoryId).expect(200);
      await poll(other, a, bTag.inventoryId, aEtag).expect(304);

      const refused = await post(b, bManifest, [bTag]).expect(409);
      expect(refused.body).toEqual({ statusCode: 409, error: 'TRANSFER_CONFLICT', message: TAGS_TAKEN_MESSAGE });
    });

    it('goes to B when the lab syncs the state’s manifest: same sample, B’s transfer, the state’s facts; the answer names the takeover', async () => {
      const hook = await t
        .http()
        .post('/v1/licensee/webhooks')
        .set('X-API-Key', a.apiKey)
        .send({ url: `http://127.0.0.1:9/${a.licenseNumber}/reassigned`, events: ['sample.reassigned'] })
        .expect(201);
      aReassignedEndpoint = (hook.body as { id: string }).id;
      await seedStateSample(t, b.licenseNumber, bTag, bManifest);
      const result = await sync();
      expect(conflictsOf(result, bManifest)).toEqual([]);
      // The lab user who synced is told whose announcement was overruled, to contact A.
      expect(result.claimed).toEqual([
        {
          inventoryId: bTag.inventoryId,
          sampleId,
          from: { licenseNumber: a.licenseNumber, manifestId: aManifest },
          to: { licenseNumber: b.licenseNumber, manifestId: bManifest },
        },
      ]);
      // Once taken over, the next sync finds B's manifest known and claims nothing again.
      expect(await sync()).toMatchObject({ created: 0, conflicts: [], claimed: [] });

      const [bTransfer] = await t.sql<{ id: string; origin: string; licensee_id: string }>(
        `SELECT id, origin, licensee_id FROM sample_transfers WHERE manifest_id = $1`,
        [bManifest],
      );
      expect(bTransfer).toEqual({ id: expect.any(String), origin: 'state_sync', licensee_id: await licenseeIdOf(b) });
      const row = await sampleByTag(bTag.inventoryId);
      expect(row).toMatchObject({
        id: sampleId,
        licensee_id: await licenseeIdOf(b),
        transfer_id: bTransfer.id,
        status: 'pending',
        name: 'Beta Runtz 3.5g',
        quantity: '3.5',
        unit: 'g',
        inventory_ids: bTag.lotInventoryIds,
        // What the state does not list is as a state-synced sample has it, not A's word.
        requested_tests: [],
        solvent_extracted: false,
        collection_site: null,
        collected_at: null,
      });

      // A's transfer stays on record with its own sample.
      expect(await t.sql(`SELECT sample_inventory_id FROM samples WHERE transfer_id = $1`, [aTransferId])).toEqual([{ sample_inventory_id: aOwn.inventoryId }]);
    });

    it('tells A by webhook that the sample is no longer theirs, in A’s own terms and nothing of B’s', async () => {
      const deliveries = await t.sql<{ payload: { type: string; data: Record<string, unknown> } }>(
        `SELECT payload FROM webhook_deliveries WHERE endpoint_id = $1`,
        [aReassignedEndpoint],
      );
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0].payload).toMatchObject({
        type: 'sample.reassigned',
        data: { inventoryId: bTag.inventoryId, sampledInventoryIds: squat.lotInventoryIds, status: 'reassigned' },
      });
      const text = JSON.stringify(deliveries[0].payload);
      for (const secret of [b.licenseNumber, bManifest, ...(bTag.lotInventoryIds ?? [])]) expect(text).not.toContain(secret);
    });

    it('records the move: an audit event naming both licenses and manifests, A’s transfer’s sample list, a custody entry', async () => {
      const [event] = await t.sql<{ actor_type: string; before: Record<string, unknown>; after: Record<string, unknown>; reason: string }>(
        `SELECT actor_type, before, after, reason FROM audit_events WHERE action = 'sample.claimed_by_state' AND entity_id = $1`,
        [sampleId],
      );
      const [bTransfer] = await t.sql<{ id: string }>(`SELECT id FROM sample_transfers WHERE manifest_id = $1`, [bManifest]);
      expect(event.actor_type).toBe('user');
      expect(event.before).toMatchObject({
        licenseNumber: a.licenseNumber,
        transferId: aTransferId,
        manifestId: aManifest,
        origin: 'licensee_api',
        name: 'Alpha Copy',
        quantity: '9',
      });
      expect(event.after).toMatchObject({
        licenseNumber: b.licenseNumber,
        transferId: bTransfer.id,
        manifestId: bManifest,
        origin: 'state_sync',
        name: 'Beta Runtz 3.5g',
        quantity: '3.5',
        requestedTests: [],
      });
      expect(event.reason).toBe(
        `The state system lists ${bTag.inventoryId} as sent by ${b.licenseNumber} under manifest ${bManifest}; ` +
          `${a.licenseNumber} had announced it under manifest ${aManifest}, and the lab had not received it`,
      );

      const [left] = await t.sql<{ before: { samples: string[] }; after: { samples: string[]; claimedBy: Record<string, unknown> } }>(
        `SELECT before, after FROM audit_events WHERE action = 'transfer.samples_claimed_by_state' AND entity_id = $1`,
        [aTransferId],
      );
      expect(left.before.samples).toEqual([aOwn.inventoryId, bTag.inventoryId].sort());
      expect(left.after.samples).toEqual([aOwn.inventoryId]);
      expect(left.after.claimedBy).toEqual({ licenseNumber: b.licenseNumber, manifestId: bManifest, transferId: bTransfer.id, samples: [bTag.inventoryId] });

      const custody = await t.sql<{ kind: string; note: string; details: Record<string, unknown> }>(
        `SELECT kind, note, details FROM custody_events WHERE sample_id = $1 ORDER BY id`,
        [sampleId],
      );
      expect(custody.map((c) => c.kind)).toEqual(['announced', 'announced']);
      expect(custody[1].note).toBe(`Claimed by the state system's manifest: ${event.reason}`);
      expect(custody[1].details).toMatchObject({
        manifestId: bManifest,
        origin: 'state_sync',
        announced: { sampleInventoryId: bTag.inventoryId, name: 'Beta Runtz 3.5g', quantity: '3.5', requestedTests: [] },
        claimedFrom: { licenseNumber: a.licenseNumber, manifestId: aManifest, transferId: aTransferId },
      });
    });

    it('answers A’s polls of the tag 404 on either process, B’s 200; A’s list no longer holds it', async () => {
      // Each process forgets A's mapping when the change's notification arrives (milliseconds; the map's promise is a second).
      for (const app of [t, other]) {
        const gone = await eventually(
          async () => {
            const res = await poll(app, a, bTag.inventoryId, aEtag);
            return res.status === 304 ? null : res;
          },
          1000,
          'A’s poll to stop answering from memory',
        );
        expect(gone.status).toBe(404);
        expect(gone.body).toEqual({ statusCode: 404, error: 'SAMPLE_NOT_FOUND', message: `No sample ${bTag.inventoryId} for your license` });
        await poll(app, a, bTag.inventoryId).expect(404);
      }
      for (const app of [t, other]) {
        const res = await poll(app, b, bTag.inventoryId).expect(200);
        expect(res.body).toMatchObject({ inventoryId: bTag.inventoryId, name: 'Beta Runtz 3.5g', status: 'pending' });
        expect(res.headers.etag).not.toBe(aEtag);
      }
      const list = await t.http().get('/v1/licensee/samples').set('X-API-Key', a.apiKey).expect(200);
      expect((list.body as { items: Array<{ inventoryId: string }> }).items.map((i) => i.inventoryId)).toEqual([aOwn.inventoryId]);
    });

    it('lets B announce its manifest now (unchanged) and refuses A’s repeat with the generic 409', async () => {
      const mine = await post(b, bManifest, [bTag]).expect(200);
      expect((mine.body as TransferResultDto).outcome).toBe('unchanged');
      const again = await post(a, aManifest, [aOwn, squat]).expect(409);
      expect(again.body).toEqual({ statusCode: 409, error: 'TRANSFER_CONFLICT', message: TAGS_TAKEN_MESSAGE });
    });

    it('sends the sample’s events to B, never to A', async () => {
      const endpoints: Record<string, string> = {};
      for (const l of [a, b]) {
        const reg = await t
          .http()
          .post('/v1/licensee/webhooks')
          .set('X-API-Key', l.apiKey)
          .send({ url: `http://127.0.0.1:9/${l.licenseNumber}`, events: ['sample.received'] })
          .expect(201);
        endpoints[(reg.body as { id: string }).id] = l.licenseNumber;
      }
      await receive(sampleId, bTag).expect(200);
      const deliveries = await t.sql<{ endpoint_id: string }>(
        `SELECT endpoint_id FROM webhook_deliveries WHERE event_type = 'sample.received' AND endpoint_id = ANY($1::uuid[])`,
        [Object.keys(endpoints)],
      );
      expect(deliveries.map((d) => endpoints[d.endpoint_id])).toEqual([b.licenseNumber]);
    });
  });

  describe('what stays a conflict', () => {
    let a: LicenseeHandle;
    let b: LicenseeHandle;

    beforeAll(async () => {
      a = await registerLicensee(t, admin.token, 'Alpha Again');
      b = await registerLicensee(t, admin.token, 'Beta Again');
    });

    it('a tag the same licensee already holds under another manifest', async () => {
      const s = flowerSample();
      const announced = manifest('B-API');
      await post(b, announced, [s]).expect(201);
      const stated = manifest('B-STATE');
      await seedStateSample(t, b.licenseNumber, s, stated);
      expect(conflictsOf(await sync(), stated)).toEqual([`Already taken in under another manifest: ${s.inventoryId} (manifest ${announced})`]);
      expect(await sampleByTag(s.inventoryId)).toMatchObject({ licensee_id: await licenseeIdOf(b), name: s.name });
    });

    it('a tag another licensee holds under a manifest the state listed (not an announcement)', async () => {
      const s = flowerSample();
      const first = manifest('A-STATE');
      await seedStateSample(t, a.licenseNumber, s, first);
      // An ordinary sync: a new manifest, nothing taken over.
      const ordinary = await sync();
      expect(conflictsOf(ordinary, first)).toEqual([]);
      expect(ordinary).toMatchObject({ created: 1, claimed: [] });
      const second = manifest('B-STATE');
      await seedStateSample(t, b.licenseNumber, s, second);
      const refused = await sync();
      expect(conflictsOf(refused, second)).toEqual([`Already taken in under another manifest: ${s.inventoryId} (manifest ${first} of ${a.licenseNumber})`]);
      expect(refused.claimed).toEqual([]);
      expect(await sampleByTag(s.inventoryId)).toMatchObject({ licensee_id: await licenseeIdOf(a) });
    });

    it('the whole manifest when one of its tags is refused: the claimable one is not taken either', async () => {
      const squatted = flowerSample();
      const ownElsewhere = flowerSample();
      const aManifest = manifest('A-API');
      await post(a, aManifest, [squatted]).expect(201);
      const bOther = manifest('B-API');
      await post(b, bOther, [ownElsewhere]).expect(201);
      const stated = manifest('B-STATE');
      await seedStateSample(t, b.licenseNumber, squatted, stated);
      await seedStateSample(t, b.licenseNumber, ownElsewhere, stated);
      const result = await sync();
      expect(conflictsOf(result, stated)).toEqual([`Already taken in under another manifest: ${ownElsewhere.inventoryId} (manifest ${bOther})`]);
      expect(result.claimed).toEqual([]);
      expect(await sampleByTag(squatted.inventoryId)).toMatchObject({ licensee_id: await licenseeIdOf(a), name: squatted.name });
      expect(await t.sql(`SELECT 1 FROM sample_transfers WHERE manifest_id = $1`, [stated])).toEqual([]);
    });

    // Last: it resets the simulated state system, forgetting what the tests above seeded there.
    it('a squatted sample the lab has already received', async () => {
      const s = flowerSample();
      const aManifest = manifest('A-API');
      // The state knew the tag as A's when the lab received it; it names B only afterwards.
      await seedStateSample(t, a.licenseNumber, s, manifest('A-STATE'));
      const created: Response = await post(a, aManifest, [s]).expect(201);
      const [id] = (created.body as TransferResultDto).sampleIds;
      await receive(id, s).expect(200);
      await t.sim!.control('/_sim/reset', {});
      const stated = manifest('B-STATE');
      await seedStateSample(t, b.licenseNumber, s, stated);

      const result = await sync();
      expect(conflictsOf(result, stated)).toEqual([`Already taken in under another manifest: ${s.inventoryId} (manifest ${aManifest} of ${a.licenseNumber})`]);
      expect(result.claimed).toEqual([]);
      expect(await sampleByTag(s.inventoryId)).toMatchObject({ id, licensee_id: await licenseeIdOf(a), status: 'received' });
      await poll(t, a, s.inventoryId).expect(200);
      await poll(t, b, s.inventoryId).expect(404);
      expect(await t.sql(`SELECT 1 FROM audit_events WHERE action = 'sample.claimed_by_state' AND entity_id = $1`, [id])).toEqual([]);
    });
  });
});

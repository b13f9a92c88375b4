import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import type { CoaImportAnswer } from '../src/instruments/coa-pdf/coa-import.answer';
import { TransferResultDto } from '../src/samples/dto/announce-transfer.dto';
import { SampleDetailDto } from '../src/samples/dto/sample-response.dto';
import { TAGS_TAKEN_MESSAGE } from '../src/samples/sample-tag-claims';
import { AnnouncedSample, flowerSample, inventoryId, LicenseeHandle, receivedSample, registerLicensee, seedStateSample } from './support/lab';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string };
type Announced = AnnouncedSample & { solventExtracted?: boolean; collectionSite?: string; collectedAt?: string };
const resultOf = (res: Response) => res.body as TransferResultDto;
const errorOf = (res: Response) => res.body as ErrorBody & { details?: unknown };

/** Every leaf of a JSON value with its path ("sampleIds.0", "details.differences.1.sent"). */
function leaves(value: unknown, path = ''): Array<[string, string]> {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, path ? `${path}.${i}` : String(i)));
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [[path, String(value)]];
  throw new Error(`unexpected ${typeof value} at ${path}`);
}

describe('transfers: no cross-licensee answers, no silent drops', () => {
  let t: TestContext;
  let admin: User;
  let tech: User;

  beforeAll(async () => {
    // The licensee API's limit, small enough to reach: 12 requests at once, then one a second.
    t = await createTestApp({ env: { LICENSEE_RATE_BURST: '12', LICENSEE_RATE_PER_SECOND: '1' } });
    admin = await t.userToken('admin');
    tech = await t.userToken('technician');
  });
  afterAll(() => t.close());

  const post = (l: LicenseeHandle, manifestId: string, samples: Announced[], licenseNumber = l.licenseNumber) =>
    t.http().post('/v1/sample-transfers').set('X-API-Key', l.apiKey).send({ manifestId, licenseNumber, samples });
  const asTech = () => ({ Authorization: `Bearer ${tech.token}` });
  const detailOf = async (id: string) => (await t.http().get(`/v1/samples/${id}`).set(asTech()).expect(200)).body as SampleDetailDto;
  const receive = (id: string, body: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/v1/samples/${id}/receive`)
      .set(asTech())
      .send({ receivedQuantity: '30', unit: 'ml', condition: 'acceptable', storageLocation: 'Fridge 1', ...body })
      .expect(200);

  describe('licensee A learns nothing of licensee B', () => {
    let a: LicenseeHandle;
    let b: LicenseeHandle;
    const bManifest = `BETA-${inventoryId().slice(0, 6)}`;
    const bSamples = [
      flowerSample({ name: 'Beta Secret Kush 3.5g', quantity: '13.37' }),
      flowerSample({ productType: 'vape', name: 'Beta Midnight Cart', quantity: '2', unit: 'each', requestedTests: ['terpenes'] }),
    ];
    let bSecrets: string[];
    let bRows: unknown[];

    beforeAll(async () => {
      b = await registerLicensee(t, admin.token, 'Beta Hidden Growers LLC');
      a = await registerLicensee(t, admin.token, 'Alpha Farms');
      const created = await post(b, bManifest, bSamples).expect(201);
      const { transferId, sampleIds } = resultOf(created);
      bSecrets = [
        bManifest,
        b.licenseNumber,
        'Beta Hidden Growers',
        b.apiKeyId,
        transferId,
        ...sampleIds,
        ...bSamples.flatMap((s) => [s.inventoryId, ...(s.lotInventoryIds ?? [])]),
        'Beta Secret Kush',
        'Beta Midnight Cart',
        '13.37',
      ];
      bRows = await t.sql(`SELECT * FROM samples WHERE licensee_id = (SELECT id FROM licensees WHERE license_number = $1) ORDER BY id`, [b.licenseNumber]);
    });

    /**
     * Field by field: no value of A's answer (body and headers) holds any of B's values. The one
     * exception is the manifest id A itself sent, echoed in `manifestId`, when A re-used B's id.
     */
    const expectNothingOfB = (res: Response, aSentManifest: string) => {
      const fields = [...leaves(res.body), ...leaves(res.headers, 'header')];
      expect(fields.length).toBeGreaterThan(0);
      for (const [path, value] of fields) {
        for (const secret of bSecrets) {
          if (path === 'manifestId' && value === aSentManifest) continue;
          expect({ path, value, holds: value.includes(secret) }).toEqual({ path, value, holds: false });
        }
      }
    };
    const expectGenericClash = (res: Response) => {
      expect(res.status).toBe(409);
      expect(errorOf(res)).toEqual({ statusCode: 409, error: 'TRANSFER_CONFLICT', message: TAGS_TAKEN_MESSAGE });
    };

    it('answers a copy of B’s manifest (same id, B’s tags) with a generic 409 and writes nothing', async () => {
      const res = await post(a, bManifest, bSamples);
      expectGenericClash(res);
      expect(TAGS_TAKEN_MESSAGE).toBe(
        'This manifest cannot be taken in: one or more of its inventory ids are already registered at the lab. ' +
          'Check the ids against the state system’s manifest; if they are right, contact the lab.',
      );
      expectNothingOfB(res, bManifest);
      expect(await t.sql(`SELECT 1 FROM sample_transfers t JOIN licensees l ON l.id = t.licensee_id WHERE l.license_number = $1`, [a.licenseNumber])).toEqual(
        [],
      );
    });

    it('gives A its own transfer under B’s manifest id; repeats and clashes there answer only A’s own', async () => {
      const own = flowerSample({ name: 'Alpha Haze', quantity: '5' });
      const created = await post(a, bManifest, [own]);
      expect(created.status).toBe(201);
      expect(resultOf(created)).toEqual({
        transferId: expect.any(String),
        manifestId: bManifest,
        outcome: 'created',
        sampleIds: [expect.any(String)],
        changes: [],
      });
      expectNothingOfB(created, bManifest);

      const repeat = await post(a, bManifest, [own]);
      expect(repeat.status).toBe(200);
      expect(resultOf(repeat)).toEqual({ ...resultOf(created), outcome: 'unchanged' });
      expectNothingOfB(repeat, bManifest);

      // Adding one of B's tags to A's own manifest: the same generic refusal, and A's manifest is as it was.
      const adding = await post(a, bManifest, [own, bSamples[0]]);
      expectGenericClash(adding);
      expectNothingOfB(adding, bManifest);
      const rows = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM samples WHERE transfer_id = $1`, [resultOf(created).transferId]);
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('answers one of B’s tags on a new manifest of A’s with the same generic 409, whoever’s lots it names', async () => {
      const manifest = `A-${inventoryId().slice(0, 8)}`;
      const res = await post(a, manifest, [flowerSample(), { ...bSamples[1], lotInventoryIds: [inventoryId()] }]);
      expectGenericClash(res);
      expectNothingOfB(res, manifest);
      expect(await t.sql(`SELECT 1 FROM sample_transfers WHERE manifest_id = $1`, [manifest])).toEqual([]);
    });

    it('answers an announcement for B’s license exactly as for a license the lab has never seen', async () => {
      const forB = await post(a, `A-${inventoryId().slice(0, 8)}`, [flowerSample()], b.licenseNumber);
      const forNobody = await post(a, `A-${inventoryId().slice(0, 8)}`, [flowerSample()], 'OCM-CULT-26-999999');
      expect(forB.status).toBe(403);
      expect(forNobody.status).toBe(403);
      expect(errorOf(forB)).toEqual({
        statusCode: 403,
        error: 'NOT_YOUR_LICENSE',
        message: `This API key belongs to ${a.licenseNumber}; it cannot announce transfers for ${b.licenseNumber}`,
      });
      expect(errorOf(forNobody).message).toBe(String(errorOf(forB).message).replace(b.licenseNumber, 'OCM-CULT-26-999999'));
    });

    it('leaves every one of B’s rows as it was', async () => {
      expect(
        await t.sql(`SELECT * FROM samples WHERE licensee_id = (SELECT id FROM licensees WHERE license_number = $1) ORDER BY id`, [b.licenseNumber]),
      ).toEqual(bRows);
    });

    it('gives a tag two licensees race for to one of them; the other hears the generic 409, never a 500', async () => {
      const [c, d] = [await registerLicensee(t, admin.token), await registerLicensee(t, admin.token)];
      const contested = flowerSample();
      const answers = await Promise.all([c, d].map((l) => post(l, `RACE-${inventoryId().slice(0, 8)}`, [contested])));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      expectGenericClash(answers.find((r) => r.status === 409)!);
      expect(await t.sql(`SELECT count(*)::int AS n FROM samples WHERE sample_inventory_id = $1`, [contested.inventoryId])).toEqual([{ n: 1 }]);
    });

    // A licensee's pending announcement no longer clashes with the state's listing: the state's sender takes it
    // over (tag-claims.e2e-spec.ts). A tag the state itself listed as B's still clashes, and the lab is told whose.
    it('still tells the lab (state sync, a lab user) whose tag a clash is', async () => {
      const s = flowerSample({ name: 'Beta Listed Kush' });
      const bStateManifest = `SYNC-B${inventoryId().slice(0, 8)}`;
      await seedStateSample(t, b.licenseNumber, s, bStateManifest);
      await t.http().post('/v1/sample-transfers/sync').set(asTech()).expect(200);
      await seedStateSample(t, a.licenseNumber, s, `SYNC-A${inventoryId().slice(0, 8)}`);
      const sync = await t.http().post('/v1/sample-transfers/sync').set(asTech()).expect(200);
      const conflicts = (sync.body as { conflicts: Array<{ message: string }> }).conflicts;
      expect(conflicts.map((c) => c.message)).toContainEqual(
        `Already taken in under another manifest: ${s.inventoryId} (manifest ${bStateManifest} of ${b.licenseNumber})`,
      );
    });
  });

  describe('rate limit on the transfer route', () => {
    it('shares the key’s one bucket with polls: past the burst, announcing gets 429 with Retry-After and writes nothing', async () => {
      const noisy = await registerLicensee(t, admin.token);
      const quiet = await registerLicensee(t, admin.token);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await t.http().get('/v1/licensee/samples').set('X-API-Key', noisy.apiKey)).status);
      const refused: Array<{ manifest: string; res: Response }> = [];
      for (let i = 0; i < 9; i++) {
        const manifest = `RL-${inventoryId().slice(0, 10)}`;
        const res = await post(noisy, manifest, [flowerSample()]);
        statuses.push(res.status);
        if (res.status === 429) refused.push({ manifest, res });
      }
      expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
      // 12 at once plus at most a refill or two while the loop runs.
      expect(statuses.filter((s) => s !== 429).length).toBeGreaterThanOrEqual(12);
      expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(14);
      expect(refused.length).toBeGreaterThan(0);
      for (const { manifest, res } of refused) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(errorOf(res)).toEqual({
          statusCode: 429,
          error: 'Too Many Requests',
          message: `Rate limit for this API key exceeded; retry after ${res.headers['retry-after']} s`,
        });
        expect(await t.sql(`SELECT 1 FROM sample_transfers WHERE manifest_id = $1`, [manifest])).toEqual([]);
      }
      expect((await post(quiet, `RL-${inventoryId().slice(0, 10)}`, [flowerSample()])).status).toBe(201);
    });
  });

  describe('re-announcing a manifest', () => {
    const tincture = (overrides: Partial<Announced> = {}): Announced => ({
      inventoryId: inventoryId(),
      lotInventoryIds: [inventoryId()],
      productType: 'tincture',
      name: 'Calm Drops 30ml',
      quantity: '30',
      unit: 'ml',
      requestedTests: [],
      solventExtracted: false,
      collectionSite: 'Farm A, bay 2',
      ...overrides,
    });

    it('before receipt applies every changed field, audited with before and after, and the required tests follow', async () => {
      const l = await registerLicensee(t, admin.token);
      const s = tincture();
      const manifest = `RE-${inventoryId().slice(0, 8)}`;
      await seedStateSample(t, l.licenseNumber, s);
      const created = await post(l, manifest, [s]).expect(201);
      const [id] = resultOf(created).sampleIds;

      const changedSample = {
        ...s,
        name: 'Calm Drops 30ml (1:1)',
        quantity: '31.5',
        solventExtracted: true,
        requestedTests: ['terpenes'],
        collectionSite: 'Farm A, bay 3',
        collectedAt: '2026-11-30T14:00:00.000Z',
      };
      const updated = await post(l, manifest, [changedSample]);
      expect(updated.status).toBe(200);
      expect(resultOf(updated)).toEqual({
        transferId: resultOf(created).transferId,
        manifestId: manifest,
        outcome: 'updated',
        sampleIds: [id],
        changes: [
          { inventoryId: s.inventoryId, field: 'name', stored: 'Calm Drops 30ml', sent: 'Calm Drops 30ml (1:1)' },
          { inventoryId: s.inventoryId, field: 'quantity', stored: '30', sent: '31.5' },
          { inventoryId: s.inventoryId, field: 'requestedTests', stored: [], sent: ['terpenes'] },
          { inventoryId: s.inventoryId, field: 'solventExtracted', stored: false, sent: true },
          { inventoryId: s.inventoryId, field: 'collectedAt', stored: null, sent: '2026-11-30T14:00:00.000Z' },
          { inventoryId: s.inventoryId, field: 'collectionSite', stored: 'Farm A, bay 2', sent: 'Farm A, bay 3' },
        ],
      });
      expect(await detailOf(id)).toMatchObject({
        name: 'Calm Drops 30ml (1:1)',
        quantity: '31.5',
        solventExtracted: true,
        requestedTests: ['terpenes'],
        collectionSite: 'Farm A, bay 3',
        collectedAt: '2026-11-30T14:00:00.000Z',
        status: 'pending',
      });
      const [audit] = await t.sql<{ actor_type: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
        `SELECT actor_type, before, after FROM audit_events WHERE action = 'sample.reannounced' AND entity_id = $1`,
        [id],
      );
      expect(audit.actor_type).toBe('licensee');
      expect(audit.before).toMatchObject({ quantity: '30', solventExtracted: false, requestedTests: [], collectionSite: 'Farm A, bay 2', collectedAt: null });
      expect(audit.after).toMatchObject({ quantity: '31.5', solventExtracted: true, requestedTests: ['terpenes'], collectionSite: 'Farm A, bay 3' });

      const custody = (await detailOf(id)).custody.map((c) => [c.kind, c.note]);
      expect(custody.map(([kind]) => kind)).toEqual(['announced', 'announced']);
      expect(custody[0][1]).toBeNull();
      expect(custody[1][1]).toBe(
        `Re-announced: ${s.inventoryId} name: stored Calm Drops 30ml, sent Calm Drops 30ml (1:1); ${s.inventoryId} quantity: stored 30, sent 31.5; ` +
          `${s.inventoryId} requestedTests: stored [], sent [terpenes]; ${s.inventoryId} solventExtracted: stored false, sent true; ` +
          `${s.inventoryId} collectedAt: stored none, sent 2026-11-30T14:00:00.000Z; ${s.inventoryId} collectionSite: stored Farm A, bay 2, sent Farm A, bay 3`,
      );

      // The same again changes nothing; receiving assigns the panel from the new facts.
      const again = await post(l, manifest, [changedSample]).expect(200);
      expect(resultOf(again)).toMatchObject({ outcome: 'unchanged', sampleIds: [id], changes: [] });
      const received = (await receive(id, { receivedQuantity: '31.5' })).body as { panel: string[] };
      expect([...received.panel].sort()).toEqual(['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides', 'residual_solvents', 'terpenes']);
    });

    it('adds a new sample to a manifest before receipt, and refuses leaving one off with 409', async () => {
      const l = await registerLicensee(t, admin.token);
      const [s1, s2] = [tincture(), tincture()];
      const manifest = `RE-${inventoryId().slice(0, 8)}`;
      await post(l, manifest, [s1]).expect(201);
      const added = await post(l, manifest, [s1, s2]).expect(200);
      expect(resultOf(added)).toMatchObject({
        outcome: 'updated',
        changes: [{ inventoryId: s2.inventoryId, field: 'samples', stored: null, sent: s2.inventoryId }],
      });
      expect(resultOf(added).sampleIds).toHaveLength(2);

      const leftOff = await post(l, manifest, [s2]);
      expect(leftOff.status).toBe(409);
      expect(errorOf(leftOff)).toEqual({
        statusCode: 409,
        error: 'TRANSFER_CONFLICT',
        message:
          `Manifest ${manifest} was not changed: a sample cannot be taken off a manifest by announcement (${s1.inventoryId}); ask the lab to reject it. ` +
          `Differences: ${s1.inventoryId} is on the manifest but not in this announcement`,
        details: { differences: [{ inventoryId: s1.inventoryId, field: 'samples', stored: s1.inventoryId, sent: null }] },
      });
      expect(await t.sql(`SELECT count(*)::int AS n FROM samples WHERE transfer_id = $1`, [resultOf(added).transferId])).toEqual([{ n: 2 }]);
    });

    it('after receipt refuses a change with 409 listing field, stored and sent, and changes nothing', async () => {
      const l = await registerLicensee(t, admin.token);
      const s = tincture();
      const manifest = `RE-${inventoryId().slice(0, 8)}`;
      await seedStateSample(t, l.licenseNumber, s);
      const [id] = resultOf(await post(l, manifest, [s]).expect(201)).sampleIds;
      // Receiving corrects the collection site: the licensee's identical repeat is still "unchanged".
      await receive(id, { collectionSite: 'Loading dock 3' });
      const before = await t.sql(`SELECT * FROM samples WHERE id = $1`, [id]);
      expect((await post(l, manifest, [s]).expect(200)).body).toMatchObject({ outcome: 'unchanged', sampleIds: [id], changes: [] });

      const res = await post(l, manifest, [{ ...s, solventExtracted: true, requestedTests: ['terpenes'], collectionSite: 'Farm B' }]);
      expect(res.status).toBe(409);
      expect(errorOf(res)).toEqual({
        statusCode: 409,
        error: 'TRANSFER_CONFLICT',
        message:
          `Manifest ${manifest} was not changed: the lab has already received ${s.inventoryId} (received), so its facts can no longer be changed by announcement; ` +
          `ask the lab to correct them. Differences: ${s.inventoryId} requestedTests: stored [], sent [terpenes]; ` +
          `${s.inventoryId} solventExtracted: stored false, sent true; ${s.inventoryId} collectionSite: stored Farm A, bay 2, sent Farm B`,
        details: {
          differences: [
            { inventoryId: s.inventoryId, field: 'requestedTests', stored: [], sent: ['terpenes'] },
            { inventoryId: s.inventoryId, field: 'solventExtracted', stored: false, sent: true },
            { inventoryId: s.inventoryId, field: 'collectionSite', stored: 'Farm A, bay 2', sent: 'Farm B' },
          ],
        },
      });
      expect(await t.sql(`SELECT * FROM samples WHERE id = $1`, [id])).toEqual(before);
      expect(await t.sql(`SELECT 1 FROM audit_events WHERE action = 'sample.reannounced' AND entity_id = $1`, [id])).toEqual([]);
    });
  });

  describe('a COA PDF already attached to one sample, sent for another', () => {
    it('answers 409 saying where it is and what to do, attaches nothing; the same sample again stays a duplicate', async () => {
      const l = await registerLicensee(t, admin.token);
      const first = await receivedSample(t, tech.token, l);
      const second = await receivedSample(t, tech.token, l);
      const pdf = readFileSync(join(__dirname, 'fixtures', 'coa-pdfs', 'kaycha-labs_DA30318004-001-Original.pdf'));
      const upload = (sampleId: string) => t.http().post('/v1/coa-imports').set(asTech()).field('sampleId', sampleId).attach('file', pdf, 'coa.pdf');

      const imported = await upload(first.id);
      expect(imported.status).toBe(201);
      const importId = (imported.body as CoaImportAnswer).id!;
      const [{ day }] = await t.sql<{ day: string }>(
        `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM instrument_imports WHERE id = $1`,
        [importId],
      );

      const elsewhere = await upload(second.id);
      expect(elsewhere.status).toBe(409);
      expect(errorOf(elsewhere)).toEqual({
        statusCode: 409,
        error: 'COA_ALREADY_IMPORTED',
        message:
          `This COA file was already imported into sample ${first.labCode} (import ${importId}, ${day}); nothing was attached to ${second.labCode}. ` +
          `A file is imported once: if its results are ${second.labCode}'s, correct ${first.labCode}'s results and enter ${second.labCode}'s by hand; ` +
          `if ${first.labCode} is right, there is nothing to do.`,
        details: { importId, sampleId: first.id, labCode: first.labCode, requestedSampleId: second.id, requestedLabCode: second.labCode },
      });
      const results = await t.http().get(`/v1/samples/${second.id}/results`).set(asTech()).expect(200);
      expect(JSON.stringify(results.body)).not.toContain(importId);
      expect(await t.sql(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1`, [second.id])).toEqual([{ n: 0 }]);

      const dryRun = await t.http().post('/v1/coa-imports').set(asTech()).field('sampleId', second.id).field('dryRun', 'true').attach('file', pdf, 'coa.pdf');
      expect(dryRun.status).toBe(409);

      const same = await upload(first.id);
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ id: importId, duplicate: true, sampleId: first.id, labCode: first.labCode });
      expect(await t.sql(`SELECT count(*)::int AS n FROM instrument_imports WHERE id = $1`, [importId])).toEqual([{ n: 1 }]);
    });
  });
});

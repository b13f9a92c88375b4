import { Logger } from '@nestjs/common';
import { ReportedAnalyte, ResultReport, TRACEABILITY_ADAPTER, TraceabilityAdapter, receivesInState } from '../../src/traceability/traceability.adapter';
import { TraceabilityError } from '../../src/traceability/traceability.errors';
import { amendAndRelease, metalsWithLead } from '../support/amendments';
import { enterCompletePanel } from '../support/panels';
import { eventually, submitAndRelease } from '../support/release';
import { passingFlowerPanel } from '../support/results';
import { createTestApp, TestContext } from '../support/test-app';
import type { ContractHarness, SeededSample, StateCall } from './contract-harness';

type User = { token: string };
interface LabSample {
  id: string;
  sampleInventoryId: string;
  inventoryIds: string[];
  productType: string;
  licenseNumber: string;
}
interface SubmissionRow {
  kind: string;
  status: string;
  attempts: number;
  state_result_id: string | null;
  state_action: string | null;
  last_error: string | null;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** The passing panel's Lead (µg/g); the limit is 0.5. */
const PASSING_LEAD = passingFlowerPanel()
  .find((g) => g.group === 'metals')!
  .analytes.find((a) => a.analyte === 'Lead')!.value!;
const SETTLED = ['delivered', 'needs_state_action', 'dead'];

/**
 * The TraceabilityAdapter contract, the same for every state system: LabTrace boots on the harness's
 * simulator (the real composition root builds the adapter), samples come in through the state,
 * releases go out through the real outbox delivery with its worker, and the simulator says what it
 * holds. Where the systems differ (receipt through the API or not, COA with the results or after
 * them, amendments), the test asserts what the adapter declares and the harness probes the state.
 */
export function describeAdapterContract(h: ContractHarness): void {
  describe(`TraceabilityAdapter contract: ${h.system}`, () => {
    let t: TestContext;
    let adapter: TraceabilityAdapter;
    let tech: User;
    let manager: User;
    let secondManager: User;
    let admin: User;

    beforeAll(async () => {
      Logger.overrideLogger(false);
      const { env } = await h.start();
      await h.reset();
      t = await createTestApp({ simulator: false, worker: true, env });
      adapter = t.app.get<symbol, TraceabilityAdapter>(TRACEABILITY_ADAPTER);
      tech = await t.userToken('technician');
      manager = await t.userToken('manager');
      secondManager = await t.userToken('manager');
      admin = await t.userToken('admin');
    });
    afterAll(async () => {
      await t?.close();
      await h.stop();
    });
    afterEach(() => h.faults.clear());

    const lastSeq = async () => (await h.calls()).reduce((max, c) => Math.max(max, c.seq), 0);
    const callsAfter = async (seq: number) => (await h.calls()).filter((c) => c.seq > seq);
    const writesAfter = async (seq: number): Promise<StateCall[]> => (await callsAfter(seq)).filter((c) => c.method !== 'GET');

    /** The seeded sample reaches LabTrace through the state (sync) and is received there. */
    async function takeIn(): Promise<{ seeded: SeededSample; sample: LabSample }> {
      const seeded = await h.seedIncoming();
      const sync = await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
      expect(sync.body).toMatchObject({ conflicts: [] });
      const list = await t.http().get(`/v1/samples?q=${seeded.sampleId}`).set('Authorization', `Bearer ${tech.token}`).expect(200);
      const sample = (list.body as { items: LabSample[] }).items.find((s) => s.sampleInventoryId === seeded.sampleId);
      if (!sample) throw new Error(`sync did not create a sample for ${seeded.sampleId}: ${JSON.stringify(sync.body)}`);
      await t
        .http()
        .post(`/v1/samples/${sample.id}/receive`)
        .set('Authorization', `Bearer ${tech.token}`)
        .send({ receivedQuantity: '7', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 1' })
        .expect(200);
      return { seeded, sample };
    }

    /** A complete panel (Lead as given), submitted and released: COA version 1 goes to the outbox. */
    async function release(sample: LabSample, lead = PASSING_LEAD): Promise<void> {
      await enterCompletePanel(t, tech.token, sample.id, { metals: metalsWithLead(lead)[0].analytes });
      await submitAndRelease(t, tech, manager, sample.id);
    }

    /** The outbox row of one COA version once the delivery has settled it (delivered, waiting for a person, or dead). */
    async function settled(sampleId: string, coaVersion: number, timeoutMs = 30_000): Promise<SubmissionRow> {
      return eventually(
        async () => {
          const [row] = await t.sql<SubmissionRow>(
            `SELECT kind, status, attempts, state_result_id, state_action, last_error FROM biotrack_submissions WHERE sample_id = $1 AND coa_version = $2`,
            [sampleId, coaVersion],
          );
          return row && SETTLED.includes(row.status) ? row : null;
        },
        timeoutMs,
        `COA version ${coaVersion} of ${sampleId} to settle in ${h.system}`,
      );
    }

    /** An API key for the licensee that sent the sample (sync registered it from the state's manifest). */
    async function licenseeKey(sample: LabSample): Promise<string> {
      const res = await t
        .http()
        .post(`/v1/licensees/${sample.licenseNumber}/api-keys`)
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ label: 'contract' })
        .expect(201);
      return (res.body as { key: string }).key;
    }

    /** The SHA-256 of the COA version LabTrace released, as the lab's own API gives it. */
    async function releasedSha256(sample: LabSample, version: number): Promise<string> {
      const res = await t.http().get(`/v1/samples/${sample.id}/coa/versions`).set('Authorization', `Bearer ${manager.token}`).expect(200);
      const found = (res.body as Array<{ version: number; sha256: string }>).find((v) => v.version === version);
      if (!found) throw new Error(`no COA version ${version} for ${sample.id}`);
      return found.sha256;
    }

    it('boots on the adapter the harness names, with that state system inventory-id syntax', async () => {
      expect(adapter.displayName).toBe(h.system);
      const system = await t.http().get('/v1/state-system').set('Authorization', `Bearer ${tech.token}`).expect(200);
      expect(system.body).toMatchObject({
        name: h.system,
        receivesInState: receivesInState(adapter),
        inventoryIdPattern: adapter.inventoryIds.pattern.source,
        inventoryIdDescription: adapter.inventoryIds.description,
      });
    });

    it('intake: a sample seeded in the state is pulled with its own id and its sampled lots, and received', async () => {
      const seeded = await h.seedIncoming();
      for (const id of [seeded.sampleId, ...seeded.lots]) expect(id).toMatch(adapter.inventoryIds.pattern);
      const pulled = await adapter.pullInboundSamples();
      expect(pulled.find((s) => s.sampleId === seeded.sampleId)).toMatchObject({
        sampleId: seeded.sampleId,
        parentInventoryIds: seeded.lots,
        senderLicense: seeded.senderLicense,
        productType: 'flower',
        name: seeded.name,
        quantity: expect.stringMatching(/^7(\.0+)?$/),
        uom: 'g',
      });

      const sync = await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
      expect(sync.body).toMatchObject({ created: expect.any(Number), conflicts: [] });
      const list = await t.http().get(`/v1/samples?q=${seeded.sampleId}`).set('Authorization', `Bearer ${tech.token}`).expect(200);
      const sample = (list.body as { items: LabSample[] }).items.find((s) => s.sampleInventoryId === seeded.sampleId)!;
      expect(sample).toMatchObject({ sampleInventoryId: seeded.sampleId, inventoryIds: seeded.lots, productType: 'flower' });

      const mark = await lastSeq();
      await t
        .http()
        .post(`/v1/samples/${sample.id}/receive`)
        .set('Authorization', `Bearer ${tech.token}`)
        .send({ receivedQuantity: '7', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 1' })
        .expect(200);
      const writes = await writesAfter(mark);
      if (receivesInState(adapter)) {
        // Accepted in the state, by one call.
        expect(writes).toHaveLength(1);
        expect(await h.acceptedInState!(seeded.sampleId)).toBe(true);
      } else {
        // The state has no API for receipt: nothing is sent, and nothing pretends it was.
        expect(writes).toEqual([]);
      }
    });

    it('reports a pass: the state holds passing results for the sample, posted once', async () => {
      const { sample } = await takeIn();
      await release(sample);
      const row = await settled(sample.id, 1);
      expect(row).toMatchObject({ kind: 'report', status: 'delivered', state_result_id: expect.any(String) });
      const held = await h.held(sample);
      expect(held).toMatchObject({ posts: 1, verdict: 'pass' });
      expect(held.values.Lead).toBe(PASSING_LEAD);
    });

    it('reports a fail: the state holds the failing Lead and shows the sample failed, posted once', async () => {
      const { sample } = await takeIn();
      await release(sample, '0.9');
      expect(await settled(sample.id, 1)).toMatchObject({ kind: 'report', status: 'delivered' });
      const held = await h.held(sample);
      expect(held).toMatchObject({ posts: 1, verdict: 'fail' });
      expect(held.values.Lead).toBe('0.9');
    });

    it('the released COA reaches the state: with the results where the adapter reportsWithCertificate, uploaded after them otherwise', async () => {
      const { sample } = await takeIn();
      const mark = await lastSeq();
      await release(sample);
      expect(await settled(sample.id, 1)).toMatchObject({ status: 'delivered' });
      const held = await h.held(sample);
      expect(held.certificates).toEqual([expect.stringMatching(/-v1\.pdf$/)]);
      expect(held.certificateSha256).toEqual([await releasedSha256(sample, 1)]);
      expect(held.resultsWithoutCertificate).toBe(0);
      const uploads = (await writesAfter(mark)).filter((c) => h.isCertificateUpload(c));
      expect(uploads).toHaveLength(adapter.reportsWithCertificate ? 0 : 1);
    });

    it('exactly once: answers lost after the state stored the report; the delivery asks the state and posts nothing again', async () => {
      const { sample } = await takeIn();
      const lost = await h.faults.loseAnswersAfterStore();
      const mark = await lastSeq();
      await release(sample);
      const row = await settled(sample.id, 1);
      // Each lost answer ended one attempt not knowing (the adapter never reads back at once, as the
      // state may still be storing); the attempt after the last one found the report in the state.
      expect(row).toMatchObject({ status: 'delivered', attempts: lost });
      expect((await callsAfter(mark)).filter((c) => c.fault === 'drop_after_store')).toHaveLength(lost);
      const held = await h.held(sample);
      expect(held).toMatchObject({ posts: 1, verdict: 'pass', certificates: [expect.stringMatching(/-v1\.pdf$/)], resultsWithoutCertificate: 0 });
    });

    it('a 429 storm, then the state recovers: delivered, posted once', async () => {
      const { sample } = await takeIn();
      await h.faults.rateLimitStorm(3);
      const mark = await lastSeq();
      await release(sample);
      const row = await settled(sample.id, 1);
      expect(row).toMatchObject({ status: 'delivered' });
      expect(row.attempts).toBeGreaterThanOrEqual(1);
      expect((await callsAfter(mark)).filter((c) => c.status === 429)).toHaveLength(3);
      expect(await h.held(sample)).toMatchObject({ posts: 1, verdict: 'pass' });
    });

    it('an amendment: amended in the state where its API can, otherwise steps for a manager and nothing sent', async () => {
      const { sample } = await takeIn();
      await release(sample);
      expect(await settled(sample.id, 1)).toMatchObject({ status: 'delivered' });
      const mark = await lastSeq();
      await amendAndRelease(t, secondManager, manager, sample.id, { amendsVersion: 1, reason: 'Lead re-integrated', results: metalsWithLead('0.31') });
      const row = await settled(sample.id, 2);
      const held = await h.held(sample);
      // The licensee's poll says what became of version 2 in the state, whichever way it went.
      const poll = await t
        .http()
        .get(`/v1/licensee/samples/${sample.sampleInventoryId}`)
        .set('X-API-Key', await licenseeKey(sample))
        .expect(200);
      expect(poll.body).toMatchObject({ stateReport: { status: h.amendsThroughApi ? 'delivered' : 'needs_state_action', coaVersion: 2 } });
      if (h.amendsThroughApi) {
        expect(row).toMatchObject({ kind: 'amend', status: 'delivered', state_action: null });
        expect(held).toMatchObject({ posts: 1, verdict: 'pass', certificates: [expect.stringMatching(/-v2\.pdf$/)] });
        expect(held.values.Lead).toBe('0.31');
        expect(held.certificateSha256).toEqual([await releasedSha256(sample, 2)]);
      } else {
        // Nothing pretends it was reported: the row waits for a person, with the steps naming the sample.
        expect(row).toMatchObject({ kind: 'amend', status: 'needs_state_action', state_action: expect.stringContaining(sample.sampleInventoryId) });
        expect(row.state_action).toContain('0.31');
        expect(await writesAfter(mark)).toEqual([]);
        expect(held).toMatchObject({ posts: 1, verdict: 'pass', certificates: [expect.stringMatching(/-v1\.pdf$/)] });
        expect(held.values.Lead).toBe(PASSING_LEAD);
      }
    });

    it('an analyte the adapter cannot map is refused, named, before anything is sent', async () => {
      const { sample } = await takeIn();
      const { group, analyte, unit, named } = h.unmappable;
      const lead: ReportedAnalyte = { analyte: 'Lead', analyteId: 'lead', value: PASSING_LEAD, unit: 'µg/g', limit: '0.5', status: 'pass' };
      const unknown: ReportedAnalyte = { analyte, value: '0.01', unit, status: 'pass' };
      const report: ResultReport = {
        externalId: `CONTRACT-${sample.sampleInventoryId}-v1`,
        sampleId: sample.sampleInventoryId,
        testedAt: new Date().toISOString(),
        overall: 'pass',
        groups:
          group === 'metals'
            ? [{ group: 'metals', status: 'pass', analytes: [lead, unknown] }]
            : [
                { group: 'metals', status: 'pass', analytes: [lead] },
                { group, status: 'pass', analytes: [unknown] },
              ],
      };
      const mark = await lastSeq();
      const error = await adapter.reportResults(report, { pdf: PDF, filename: `${report.externalId}.pdf` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TraceabilityError);
      expect(error).toMatchObject({ kind: 'refused', system: h.system, message: expect.stringContaining(named) });
      expect(await writesAfter(mark)).toEqual([]);
      expect((await h.held(sample)).posts).toBe(0);
    });
  });
}

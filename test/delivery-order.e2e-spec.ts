import type { LicenseeSampleDto } from '../src/licensee-api/licensee-sample.dto';
import { amendAndRelease, metalsWithLead } from './support/amendments';
import { LicenseeHandle } from './support/lab';
import { labStaff } from './support/lab-staff';
import { eventually, releasedSample, submissionsOf } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string };
type SimResults = {
  data: Array<{ resultId: string; externalId: string; version: number; document: { filename: string } | null }>;
  postsByInventoryId: Record<string, number>;
  amendsByInventoryId: Record<string, number>;
};

/** A lab with the worker and the simulator, its people, and what the state and the outbox hold. */
function labWith(env: Record<string, string>) {
  const lab = {} as { t: TestContext; tech: User; manager: User; manager2: User; licensee: LicenseeHandle };
  beforeAll(async () => {
    lab.t = await createTestApp({ worker: true, env: { BIOTRACK_MAX_RETRIES: '0', DELIVERY_RETRY_BASE_MS: '100', ...env } });
    ({ technician: lab.tech, manager: lab.manager, secondManager: lab.manager2, licensee: lab.licensee } = await labStaff(lab.t, { secondManager: true }));
  });
  afterAll(() => lab.t.close());
  afterEach(() => fault({ mode: 'clear' }));
  const fault = (body: object) => lab.t.sim!.control('/_sim/faults', body);
  const stateResults = async (lot: string) => (await lab.t.sim!.control(`/_sim/results?inventoryId=${lot}`)) as SimResults;
  const byVersion = async (sampleId: string) => new Map((await submissionsOf(lab.t, sampleId)).map((r) => [r.coa_version, r]));
  return { lab, fault, stateResults, byVersion };
}

/**
 * The state must end up holding a sample's newest COA version, whatever failed on the way: an older
 * version still retrying never lands after a newer one, and a first report that died does not keep the
 * sample's corrected results from ever reaching it.
 */
describe('delivery order: the state ends up with the newest version', () => {
  // Retries come quickly, so an older version's later attempts fall inside the test.
  const { lab, fault, stateResults, byVersion } = labWith({ DELIVERY_MAX_ATTEMPTS: '20' });

  it('an amendment still retrying when a newer one is released is superseded, never sent after it', async () => {
    const s = await releasedSample(lab.t, lab.tech, lab.manager, lab.licensee);
    const v1 = await eventually(async () => (await byVersion(s.id)).get(1)?.state_result_id, 20_000, 'version 1 at the state');
    const lot = s.inventoryIds[0];
    await fault({ mode: 'status', status: 503, match: `/v1/lab/results/${v1}/amend`, persistent: true, count: 0 });

    await amendAndRelease(lab.t, lab.manager2, lab.manager, s.id, { amendsVersion: 1, reason: 'Lead re-run', results: metalsWithLead('0.21') });
    await eventually(async () => ((await byVersion(s.id)).get(2)?.attempts ?? 0) >= 2, 20_000, 'version 2 to be failing');
    await amendAndRelease(lab.t, lab.manager2, lab.manager, s.id, { amendsVersion: 2, reason: 'Lead transcribed wrongly', results: metalsWithLead('0.19') });
    // Version 3's first try (refused by the same outage) has settled version 2, which was still to post.
    await eventually(async () => ((await byVersion(s.id)).get(3)?.attempts ?? 0) >= 1, 20_000, 'version 3 to be tried');
    expect((await byVersion(s.id)).get(2)).toMatchObject({ status: 'superseded', last_error: expect.stringMatching(/superseded by version 3/) });
    await fault({ mode: 'clear' });

    await eventually(async () => (await byVersion(s.id)).get(3)?.status === 'delivered', 20_000, 'version 3 delivered');
    // Longer than version 2's next tries would wait: none of them may post it now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rows = await byVersion(s.id);
    expect(rows.get(2)).toMatchObject({ status: 'superseded', last_error: expect.stringMatching(/superseded by version 3/) });
    expect(rows.get(3)).toMatchObject({ kind: 'amend', status: 'delivered', state_result_id: v1 });
    const state = await stateResults(lot);
    expect(state.data).toHaveLength(1);
    expect(state.data[0]).toMatchObject({
      resultId: v1,
      externalId: expect.stringMatching(/-v3$/),
      document: { filename: expect.stringMatching(/-v3\.pdf$/) },
    });
    expect(state.amendsByInventoryId[lot]).toBe(1);

    const retried = await lab.t
      .http()
      .post(`/v1/biotrack/submissions/${rows.get(2)!.id}/retry`)
      .set('Authorization', `Bearer ${lab.manager.token}`);
    expect(retried.status).toBe(409);
    expect(retried.body).toMatchObject({ error: 'NOT_RETRYABLE', message: expect.stringMatching(/superseded/) });
  });
});

describe('delivery order: a dead first report', () => {
  const { lab, fault, stateResults, byVersion } = labWith({ DELIVERY_MAX_ATTEMPTS: '2' });

  it('a first report that died does not block the correction: the amendment goes as the first report', async () => {
    await fault({ mode: 'status', status: 503, match: '/v1/lab/results', persistent: true, count: 0 });
    const s = await releasedSample(lab.t, lab.tech, lab.manager, lab.licensee);
    const lot = s.inventoryIds[0];
    await eventually(async () => (await byVersion(s.id)).get(1)?.status === 'dead', 20_000, 'version 1 to die');
    await fault({ mode: 'clear' });

    await amendAndRelease(lab.t, lab.manager2, lab.manager, s.id, {
      amendsVersion: 1,
      reason: 'Lead value transcribed wrongly',
      results: metalsWithLead('0.21'),
    });
    await eventually(async () => (await byVersion(s.id)).get(2)?.status === 'delivered', 20_000, 'version 2 delivered');

    const rows = await byVersion(s.id);
    expect(rows.get(1)).toMatchObject({ status: 'superseded' });
    expect(rows.get(2)).toMatchObject({ kind: 'report', status: 'delivered', state_result_id: expect.stringMatching(/^\d{16}$/) });
    const state = await stateResults(lot);
    expect(state.data).toHaveLength(1);
    expect(state.data[0]).toMatchObject({ version: 1, externalId: expect.stringMatching(/-v2$/), document: { filename: expect.stringMatching(/-v2\.pdf$/) } });
    expect(state.postsByInventoryId[lot]).toBe(1);

    const retried = await lab.t
      .http()
      .post(`/v1/biotrack/submissions/${rows.get(1)!.id}/retry`)
      .set('Authorization', `Bearer ${lab.manager.token}`);
    expect(retried.status).toBe(409);
    // The licensee sees the newest version, delivered.
    const polled = await lab.t.http().get(`/v1/licensee/samples/${s.sampleInventoryId}`).set('X-API-Key', lab.licensee.apiKey).expect(200);
    expect((polled.body as LicenseeSampleDto).stateReport).toMatchObject({ status: 'delivered', coaVersion: 2 });
  });
});

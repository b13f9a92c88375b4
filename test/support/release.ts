import { LicenseeHandle, receivedSample } from './lab';
import { enterCompletePanel } from './panels';
import { TEST_PASSWORD, type TestContext } from './test-app';

type User = { token: string };

/** The body of POST /v1/samples/:id/release: the manager's electronic signature (every test user's password). */
export const RELEASE_SIGNATURE = { signature: { password: TEST_PASSWORD, meaning: 'Reviewed and released' } };
/** The body of POST /v1/samples/:id/amendments/:amendmentId/release: the second manager's signature. */
export const AMENDMENT_SIGNATURE = { signature: { password: TEST_PASSWORD, meaning: 'Reviewed and approved the amendment' } };

/** Receive, enter a complete passing panel, submit (technician) and release (manager): a COA version 1. */
export async function releasedSample(t: TestContext, tech: User, manager: User, licensee: LicenseeHandle) {
  const s = await receivedSample(t, tech.token, licensee);
  await enterCompletePanel(t, tech.token, s.id);
  await t.http().post(`/v1/samples/${s.id}/submit`).set('Authorization', `Bearer ${tech.token}`).expect(200);
  await t.http().post(`/v1/samples/${s.id}/release`).set('Authorization', `Bearer ${manager.token}`).send(RELEASE_SIGNATURE).expect(200);
  return s;
}

/** Polls until `check` returns a truthy value, or fails with what it last saw. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function submissionsOf(t: TestContext, sampleId: string) {
  return t.sql<{
    id: string;
    kind: string;
    status: string;
    step: string;
    attempts: number;
    last_error: string | null;
    state_result_id: string | null;
    coa_version: number;
  }>(`SELECT id, kind, status, step, attempts, last_error, state_result_id, coa_version FROM biotrack_submissions WHERE sample_id = $1 ORDER BY coa_version`, [
    sampleId,
  ]);
}

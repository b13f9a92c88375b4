import type { SampleResultsDto } from '../../src/results/dto/results-response.dto';
import { LicenseeHandle, receivedSample } from './lab';
import { enterCompletePanel } from './panels';
import { TEST_PASSWORD, type TestContext } from './test-app';

type User = { token: string };

/**
 * The manager's electronic signature (every test user's password). POST /v1/samples/:id/release also
 * needs the digest of the results reviewed: send `await reviewedRelease(...)`, or add `resultsDigest`.
 */
export const RELEASE_SIGNATURE = { signature: { password: TEST_PASSWORD, meaning: 'Reviewed and released' } };
/** The body of POST /v1/samples/:id/amendments/:amendmentId/release: the second manager's signature. */
export const AMENDMENT_SIGNATURE = { signature: { password: TEST_PASSWORD, meaning: 'Reviewed and approved the amendment' } };
/** A well-formed digest that is no sample's: for requests refused before any results are compared. */
export const UNKNOWN_RESULTS_DIGEST = '0'.repeat(64);

/** The resultsDigest of a sample's results as `reviewer` fetches them to review (GET /v1/samples/:id/results). */
export async function reviewedDigest(t: TestContext, reviewer: User, sampleId: string): Promise<string> {
  const res = await t.http().get(`/v1/samples/${sampleId}/results`).set('Authorization', `Bearer ${reviewer.token}`).expect(200);
  return (res.body as SampleResultsDto).resultsDigest;
}

/** The body of POST /v1/samples/:id/release: the signature on the results `reviewer` fetched just now. */
export async function reviewedRelease(t: TestContext, reviewer: User, sampleId: string, signature: object = RELEASE_SIGNATURE.signature) {
  return { signature, resultsDigest: await reviewedDigest(t, reviewer, sampleId) };
}

/** Submit (technician) and release the results as the manager reviewed them: a COA version 1. */
export async function submitAndRelease(t: TestContext, tech: User, manager: User, sampleId: string): Promise<void> {
  await t.http().post(`/v1/samples/${sampleId}/submit`).set('Authorization', `Bearer ${tech.token}`).expect(200);
  const body = await reviewedRelease(t, manager, sampleId);
  await t.http().post(`/v1/samples/${sampleId}/release`).set('Authorization', `Bearer ${manager.token}`).send(body).expect(200);
}

/** Receive, enter a complete passing panel, submit (technician) and release (manager): a COA version 1. */
export async function releasedSample(t: TestContext, tech: User, manager: User, licensee: LicenseeHandle) {
  const s = await receivedSample(t, tech.token, licensee);
  await enterCompletePanel(t, tech.token, s.id);
  await submitAndRelease(t, tech, manager, s.id);
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

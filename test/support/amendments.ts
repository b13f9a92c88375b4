import type { AmendmentDto } from '../../src/certificates/dto/amendment.dto';
import type { ReleaseAnswerDto } from '../../src/certificates/dto/release.dto';
import { AMENDMENT_SIGNATURE } from './release';
import { passingFlowerPanel } from './results';
import type { TestContext } from './test-app';

type User = { token: string };

/** The passing panel's metals group with Lead set to `value` (0.5 µg/g is the limit: above it fails). */
export function metalsWithLead(value: string) {
  const metals = passingFlowerPanel().find((g) => g.group === 'metals')!;
  return [{ group: 'metals', methodId: metals.methodId, analytes: metals.analytes.map((a) => (a.analyte === 'Lead' ? { ...a, value } : a)) }];
}

/** Manager `author` requests an amendment of the latest version (a pending version N+1). */
export function requestAmendment(t: TestContext, author: User, sampleId: string, body: { amendsVersion: number; reason: string; results: unknown[] }) {
  return t.http().post(`/v1/samples/${sampleId}/amendments`).set('Authorization', `Bearer ${author.token}`).send(body);
}

export function releaseAmendment(t: TestContext, releaser: User, sampleId: string, amendmentId: string) {
  return t.http().post(`/v1/samples/${sampleId}/amendments/${amendmentId}/release`).set('Authorization', `Bearer ${releaser.token}`).send(AMENDMENT_SIGNATURE);
}

/**
 * The whole four-eyes amendment: `author` requests version `amendsVersion + 1`, `releaser` (another
 * manager) releases it. Fails loudly if either step is refused.
 */
export async function amendAndRelease(
  t: TestContext,
  author: User,
  releaser: User,
  sampleId: string,
  body: { amendsVersion: number; reason: string; results: unknown[] },
): Promise<{ amendment: AmendmentDto; released: ReleaseAnswerDto }> {
  const requested = await requestAmendment(t, author, sampleId, body);
  if (requested.status !== 201) throw new Error(`amendment request: ${requested.status} ${JSON.stringify(requested.body)}`);
  const amendment = requested.body as AmendmentDto;
  const released = await releaseAmendment(t, releaser, sampleId, amendment.id);
  if (released.status !== 200) throw new Error(`amendment release: ${released.status} ${JSON.stringify(released.body)}`);
  return { amendment, released: released.body as ReleaseAnswerDto };
}

import type { Group } from '../../src/scripts/demo-panel';
import type { TestContext } from './test-app';

export { BUILT_IN_METHODS, passingFlowerPanel } from '../../src/scripts/demo-panel';
export type { Group, Row } from '../../src/scripts/demo-panel';

export async function putResults(t: TestContext, token: string, sampleId: string, groups: Group[], reason?: string) {
  return t.http().put(`/v1/samples/${sampleId}/results`).set('Authorization', `Bearer ${token}`).send({ groups, reason });
}

import type { Group } from '../../src/scripts/demo-panel';
import type { TestContext } from './test-app';

export { passingFlowerPanel } from '../../src/scripts/demo-panel';
export type { Group, Row } from '../../src/scripts/demo-panel';

/** The built-in method of each group (the method set seeded by the migrations), as a technician picks it on hand entry. */
export const BUILT_IN_METHODS: Readonly<Record<string, string>> = {
  cannabinoids: 'LT-M-POT-01',
  terpenes: 'LT-M-TERP-01',
  metals: 'LT-M-MET-01',
  pesticides: 'LT-M-PEST-01',
  mycotoxins: 'LT-M-MYCO-01',
  microbials: 'LT-M-MICRO-01',
  residual_solvents: 'LT-M-RS-01',
  moisture: 'LT-M-MOIST-01',
  water_activity: 'LT-M-AW-01',
  foreign_matter: 'LT-M-FM-01',
};

export async function putResults(t: TestContext, token: string, sampleId: string, groups: Group[], reason?: string) {
  return t.http().put(`/v1/samples/${sampleId}/results`).set('Authorization', `Bearer ${token}`).send({ groups, reason });
}

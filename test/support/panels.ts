import { passingFlowerPanel, putResults, type Group } from './results';
import type { TestContext } from './test-app';

/** A flower's complete panel: every analyte the panel set and the limit set require, all passing. */
export function completePanel(overrides: Parameters<typeof passingFlowerPanel>[0] = {}): Group[] {
  return passingFlowerPanel(overrides);
}

/** The complete panel but for pesticides: three of the 59 (abamectin, bifenazate, myclobutanil). */
export function threePesticidesPanel(): Group[] {
  return passingFlowerPanel({
    pesticides: [
      { analyte: 'Abamectin', qualifier: 'ND', unit: 'µg/g' },
      { analyte: 'Bifenazate', value: '0.05', unit: 'ppm' },
      { analyte: 'Myclobutanil', qualifier: 'ND', unit: 'µg/g' },
    ],
  });
}

/** Enters a complete panel by hand and fails loudly when the API refuses it. */
export async function enterCompletePanel(t: TestContext, token: string, sampleId: string, overrides: Parameters<typeof passingFlowerPanel>[0] = {}) {
  const res = await putResults(t, token, sampleId, completePanel(overrides));
  if (res.status !== 200) throw new Error(`results: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

import type { PanelSetData } from './panel-sets.service';

const SOURCE = '../shared/ny-testing-rules.md, "Which groups a product type needs" (interim matrix until OCM publishes its own)';
const ALL_BUT = (except: string[]) =>
  ['cannabinoids', 'terpenes', 'metals', 'pesticides', 'mycotoxins', 'microbials', 'residual_solvents', 'moisture', 'water_activity', 'foreign_matter'].filter(
    (g) => !except.includes(g),
  );
const INFUSED = ['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides'];

const MATRIX: Record<string, { required: string[]; ifSolventExtracted?: string[] }> = {
  flower: { required: ALL_BUT(['residual_solvents']) },
  'pre-roll': { required: ALL_BUT(['residual_solvents']) },
  concentrate: { required: ALL_BUT(['moisture', 'water_activity', 'foreign_matter']) },
  vape: { required: ALL_BUT(['moisture', 'water_activity', 'foreign_matter']) },
  edible: { required: INFUSED, ifSolventExtracted: ['residual_solvents'] },
  tincture: { required: INFUSED, ifSolventExtracted: ['residual_solvents'] },
  topical: { required: INFUSED, ifSolventExtracted: ['residual_solvents'] },
  other: { required: INFUSED, ifSolventExtracted: ['residual_solvents'] },
};

/** The first panel set, seeded at boot when absent. Later sets are loaded as data, not code. */
export const BUILT_IN_PANEL_SET: PanelSetData = {
  name: 'ny-ocm-2025-draft-panels',
  effectiveDate: '2025-01-01',
  source: SOURCE,
  rows: Object.entries(MATRIX).flatMap(([productType, m]) => [
    ...m.required.map((analyteGroup) => ({ productType, analyteGroup, requirement: 'required' as const })),
    ...(m.ifSolventExtracted ?? []).map((analyteGroup) => ({ productType, analyteGroup, requirement: 'if_solvent_extracted' as const })),
  ]),
};

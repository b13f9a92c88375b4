import type { AnalyteGroup, ProductType } from '../product-types';
import type { RuleSetData } from '../rule-sets/rule-set.types';

/** required: every sample of the product type; if_solvent_extracted: only when made with solvents. */
export const PANEL_REQUIREMENTS = ['required', 'if_solvent_extracted'] as const;
export type PanelRequirement = (typeof PANEL_REQUIREMENTS)[number];

/** One row of a panel set as uploaded: an analyte group some product types must be tested for. */
export interface PanelSetRow {
  productTypes: ProductType[];
  group: AnalyteGroup;
  requirement: PanelRequirement;
  /**
   * Analyte ids a complete test of the group must report (each with a result or a not-tested mark),
   * besides every analyte the limit set judges pass/fail. Absent (sets before v2): only the latter.
   */
  analytes?: string[] | null;
  source: string | null;
}

export type PanelSetData = RuleSetData<PanelSetRow>;

/** A requirement for one product type: the shape of a `panel_rules` row, minus the set id. */
export interface PanelRuleRow {
  productType: ProductType;
  analyteGroup: AnalyteGroup;
  requirement: PanelRequirement;
  /** The row's required analytes; null when the set names none (see PanelSetRow.analytes). */
  analytes: string[] | null;
  source: string | null;
}

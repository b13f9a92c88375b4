import { readBuiltInRuleSet } from '../rule-sets/built-in-rule-set';
import { PANEL_SET_SCHEMA } from './panel-set.schema';
import type { PanelSetData } from './panel-set.types';

/** The first panel set (the interim matrix of ny-testing-rules.md, groups only). Kept valid: databases hold it. */
export function firstPanelSet(): PanelSetData {
  return readBuiltInRuleSet('ny-ocm-2025-draft.panels.json', PANEL_SET_SCHEMA);
}

/**
 * The panel set seeded at boot when absent: the same matrix with the analytes each group must report.
 * Same effective date as the first set, so as the newer load it governs every sample from its load on.
 */
export function builtInPanelSet(): PanelSetData {
  return readBuiltInRuleSet('ny-ocm-2025-panels-v2.panels.json', PANEL_SET_SCHEMA);
}

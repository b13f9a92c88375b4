import { readBuiltInRuleSet } from '../rule-sets/built-in-rule-set';
import { PANEL_SET_SCHEMA } from './panel-set.schema';
import type { PanelSetData } from './panel-set.types';

/** The first panel set (the interim matrix of ny-testing-rules.md), seeded at boot when absent. */
export function builtInPanelSet(): PanelSetData {
  return readBuiltInRuleSet('ny-ocm-2025-draft.panels.json', PANEL_SET_SCHEMA);
}

import { readBuiltInRuleSet } from '../rule-sets/built-in-rule-set';
import { LIMIT_SET_SCHEMA } from './limit-set.schema';
import type { LimitSetData } from './limit-set.types';

/** The first limit set (ny-ocm-2025-draft, from ny-testing-rules.md), seeded at boot when absent. */
export function builtInLimitSet(): LimitSetData {
  return readBuiltInRuleSet('ny-ocm-2025-draft.limits.json', LIMIT_SET_SCHEMA);
}

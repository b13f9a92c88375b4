import { readBuiltInRuleSet } from '../rule-sets/built-in-rule-set';
import { METHOD_SET_SCHEMA, methodSetProblems } from './method-set.schema';
import type { MethodSetData } from './method-set.types';

/**
 * The method set seeded at boot when absent: one method per analyte group with per-analyte LOD and
 * LOQ. Its figures are illustrative validation figures (a stand-in the lab replaces), not regulation.
 */
export function builtInMethodSet(): MethodSetData {
  const set = readBuiltInRuleSet('labtrace-methods-2025.methods.json', METHOD_SET_SCHEMA);
  const problems = methodSetProblems(set);
  if (problems.length > 0) throw new Error(`built-in method set is invalid: ${problems.map((p) => p.message).join('; ')}`);
  return set;
}

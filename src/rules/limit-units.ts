import type { LimitOperator } from './judgement/judgement.types';

/**
 * The unit each analyte with a numeric limit must be reported in (null for analytes judged only as
 * detected or not, or reported without a limit). Entry and every import check rows against it.
 */
export function limitUnits(rules: ReadonlyArray<{ analyte: string; operator: LimitOperator; unit: string | null }>): Map<string, string | null> {
  return new Map(rules.map((r) => [r.analyte, hasNumericLimit(r.operator) ? r.unit : null]));
}

export function hasNumericLimit(operator: LimitOperator): boolean {
  return operator === 'lte' || operator === 'range';
}

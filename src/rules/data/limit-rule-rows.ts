import type { LimitRuleRow, LimitSetData } from './limit-set.types';

/** A validated limit set as stored: one rule row per product type it applies to. */
export function toLimitRuleRows(set: LimitSetData): LimitRuleRow[] {
  return set.rows.flatMap((row) =>
    row.productTypes.map((productType) => ({
      productType,
      analyteGroup: row.group,
      analyte: row.analyte,
      operator: row.operator,
      limitMin: row.limitMin,
      limitMax: row.limitMax,
      unit: row.unit,
      sourceTag: row.sourceTag,
      source: row.source,
    })),
  );
}

import type { LimitOperator } from '../judgement/judgement.types';
import type { AnalyteGroup, ProductType } from '../product-types';
import type { RuleSetData } from '../rule-sets/rule-set.types';

export const SOURCE_TAGS = ['NY', 'STAND-IN'] as const;
/** NY: from NY labs or articles describing OCM's table. STAND-IN: another state's number, used until OCM's is loaded. */
export type SourceTag = (typeof SOURCE_TAGS)[number];

/** One row of a limit set as uploaded: one analyte's limit for a list of product types. */
export interface LimitSetRow {
  productTypes: ProductType[];
  group: AnalyteGroup;
  /** Canonical analyte id. */
  analyte: string;
  operator: LimitOperator;
  limitMin: string | null;
  limitMax: string | null;
  /** Canonical unit; null for not_detected rows (and report-only rows that name none). */
  unit: string | null;
  sourceTag: SourceTag;
  source: string;
}

export type LimitSetData = RuleSetData<LimitSetRow>;

/** A rule for one product type: the shape of a `limit_rules` row, minus the set id. */
export interface LimitRuleRow {
  productType: ProductType;
  analyteGroup: AnalyteGroup;
  analyte: string;
  operator: LimitOperator;
  limitMin: string | null;
  limitMax: string | null;
  unit: string | null;
  sourceTag: SourceTag;
  source: string;
}

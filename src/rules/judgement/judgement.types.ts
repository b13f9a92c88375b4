/** How a limit rule judges: lte and range compare numbers, not_detected fails any detection, report_only never judges. */
export const LIMIT_OPERATORS = ['lte', 'range', 'not_detected', 'report_only'] as const;
export type LimitOperator = (typeof LIMIT_OPERATORS)[number];

/** ND: below the LOD. <LOQ: detected, below the LOQ. >ULOQ: above the calibrated range. */
export type Qualifier = 'ND' | '<LOQ' | '>ULOQ';
export const QUALIFIERS: readonly Qualifier[] = ['ND', '<LOQ', '>ULOQ'];

export type AnalyteStatus = 'pass' | 'fail' | 'report_only' | 'no_limit';
export type GroupStatus = 'pass' | 'fail' | 'incomplete';
export type SampleStatus = GroupStatus;

/** A reported value: a number, or a qualifier in its place (the qualifier decides when both are given). */
export interface ResultValue {
  value?: string | null;
  qualifier?: Qualifier | null;
  unit: string;
}

/** One analyte's result as judged. Structurally a subset of AnalyteResultEntity. */
export interface AnalyteResultInput extends ResultValue {
  /** Canonical analyte id (resolve names with resolveAnalyte first). */
  analyte: string;
  lod?: string | null;
  loq?: string | null;
  /** Rows LabTrace computed earlier (stored totals); judgeGroup recomputes them instead of reading them. */
  computed?: boolean;
}

/**
 * One limit for one analyte (already chosen for the sample's product type). Structurally a subset of
 * LimitRuleEntity, so stored rows can be passed as they are.
 * - lte: value ≤ limitMax passes (exactly at the limit passes).
 * - range: limitMin ≤ value ≤ limitMax passes.
 * - not_detected: only ND passes.
 * - report_only: reported, never judged.
 */
export interface LimitRule {
  analyte: string;
  operator: LimitOperator;
  limitMin?: string | null;
  limitMax?: string | null;
  unit?: string | null;
}

export interface AnalyteJudgement {
  status: AnalyteStatus;
  /** The number compared, in the limit's unit; null when there was no number (a qualifier) or no comparison. */
  comparedValue: string | null;
  comparedUnit: string | null;
  /** The limit as printed on the COA ("≤ 0.5 µg/g", "5.0–15.0 %", "Not detected", "Report only"); null without a rule. */
  limitText: string | null;
  reason: string;
}

export interface JudgedAnalyte extends AnalyteJudgement {
  analyte: string;
  name: string;
  group: string;
  value: string | null;
  qualifier: Qualifier | null;
  unit: string;
  lod: string | null;
  loq: string | null;
  computed: boolean;
}

export interface GroupJudgement {
  group: string;
  status: GroupStatus;
  analytes: JudgedAnalyte[];
  /** Analytes with a pass/fail limit but no result (for the reviewer; they do not change the status). */
  missingAnalytes: string[];
  reason: string;
}

export interface SampleJudgement {
  status: SampleStatus;
  groups: GroupJudgement[];
  failedGroups: string[];
  /** Required groups with no result. Non-empty means the sample cannot be released, even when it failed. */
  missingGroups: string[];
  reason: string;
}

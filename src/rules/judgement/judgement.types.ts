/** How a limit rule judges: lte and range compare numbers, not_detected fails any detection, report_only never judges. */
export const LIMIT_OPERATORS = ['lte', 'range', 'not_detected', 'report_only'] as const;
export type LimitOperator = (typeof LIMIT_OPERATORS)[number];

/** ND: below the LOD. <LOQ: detected, below the LOQ. >ULOQ: above the calibrated range. */
export type Qualifier = 'ND' | '<LOQ' | '>ULOQ';
export const QUALIFIERS: readonly Qualifier[] = ['ND', '<LOQ', '>ULOQ'];

/**
 * inconclusive: ND or <LOQ (or a number below the LOQ) by a method whose LOQ is above the limit, so
 * the result cannot show the limit was met; it makes its group incomplete, never pass.
 */
export type AnalyteStatus = 'pass' | 'fail' | 'report_only' | 'no_limit' | 'inconclusive';
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
  /**
   * Required analytes (the panel set's list plus every analyte with a pass/fail limit) with neither a
   * result nor a not-tested mark. Non-empty makes the group incomplete, never pass.
   */
  missingAnalytes: string[];
  /** Analytes without a result that a manager marked not tested, with why; they make the group incomplete. */
  notTested: NotTestedMark[];
  reason: string;
}

/** An analyte a manager marked as not tested (instrument down, subcontracted, …), with the reason. */
export interface NotTestedMark {
  analyte: string;
  reason: string;
}

/** What a complete test of one group must report, and what was explicitly not tested. */
export interface GroupCompleteness {
  /** The panel set's list for the group; absent: only the analytes with a pass/fail limit are required. */
  requiredAnalytes?: readonly string[] | null;
  notTested?: readonly NotTestedMark[];
}

export interface SampleJudgement {
  status: SampleStatus;
  groups: GroupJudgement[];
  failedGroups: string[];
  /** Required groups with no result. Non-empty means the sample cannot be released, even when it failed. */
  missingGroups: string[];
  /** Per group, the required analytes with neither a result nor a not-tested mark (groups with none left out). */
  missingAnalytes: Record<string, string[]>;
  /**
   * Every required group has results or marks and no group misses a required analyte: the sample may
   * be submitted. Accounted for with not-tested marks, it is still judged incomplete (a partial certificate).
   */
  accountedFor: boolean;
  reason: string;
}

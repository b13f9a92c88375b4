import { getAnalyte } from '../analytes/vocabulary';
import { ANALYTE_GROUPS, AnalyteGroup } from '../product-types';
import { judgeAnalyte } from './judge';
import { JudgementError, JudgementErrorCode } from './judgement.errors';
import type { AnalyteResultInput, GroupJudgement, JudgedAnalyte, LimitRule, SampleJudgement } from './judgement.types';
import { ComputedTotal, computePotencyTotals, computeTotal, TOTAL_AFLATOXINS } from './totals';

/**
 * Judges one group's results against the rules of the sample's product type (rules of other groups
 * are ignored). Derived rows are added: total THC / total CBD for cannabinoids, and total aflatoxins
 * (B1+B2+G1+G2) when a rule is on the total and the lab reported the four but no total.
 *
 * The group fails if any analyte fails, is incomplete if it has no results, and passes otherwise:
 * report-only and no-limit analytes never fail it. Analytes with a limit but no result are listed
 * in `missingAnalytes` for the reviewer without changing the status (the rules judge what was reported).
 */
export function judgeGroup(group: string, results: readonly AnalyteResultInput[], rules: readonly LimitRule[]): GroupJudgement {
  const groupName = requireGroup(group);
  const entered = validateGroupResults(groupName, results);
  const ruleByAnalyte = rulesOfGroup(groupName, rules);
  const derived = deriveTotals(groupName, entered, ruleByAnalyte);

  const analytes: JudgedAnalyte[] = [...entered, ...derived].map((result) => {
    const analyte = getAnalyte(result.analyte)!;
    return {
      analyte: analyte.id,
      name: analyte.name,
      group: groupName,
      value: result.value ?? null,
      qualifier: result.qualifier ?? null,
      unit: result.unit,
      lod: 'lod' in result ? (result.lod ?? null) : null,
      loq: 'loq' in result ? (result.loq ?? null) : null,
      computed: 'computed' in result && result.computed === true,
      ...withAnalyte(analyte.name, () => judgeAnalyte(result, ruleByAnalyte.get(analyte.id))),
    };
  });

  const judgedIds = new Set(analytes.map((a) => a.analyte));
  const missingAnalytes = [...ruleByAnalyte.values()]
    .filter((rule) => rule.operator !== 'report_only' && !judgedIds.has(rule.analyte))
    .map((rule) => rule.analyte)
    .sort();
  const failed = analytes.filter((a) => a.status === 'fail');
  if (entered.length === 0) return { group: groupName, status: 'incomplete', analytes, missingAnalytes, reason: 'No results.' };
  if (failed.length > 0) return { group: groupName, status: 'fail', analytes, missingAnalytes, reason: `Failed: ${failed.map((a) => a.name).join(', ')}.` };
  return { group: groupName, status: 'pass', analytes, missingAnalytes, reason: 'Every analyte passes or has no pass/fail limit.' };
}

/**
 * The sample's verdict over its required groups.
 * - 'fail' when any judged group fails, required or not: a contaminant found is a failure whether
 *   or not it was ordered. Fail wins over incomplete: the lot is held whatever the missing groups
 *   would show, and saying so early lets the licensee act. `missingGroups` still lists what is
 *   missing, and release must refuse while it is non-empty.
 * - 'incomplete' when a required group has no results (or nothing is required and nothing judged).
 * - 'pass' otherwise.
 */
export function judgeSample(
  requiredGroups: readonly string[],
  resultsByGroup: Readonly<Partial<Record<string, readonly AnalyteResultInput[]>>>,
  rules: readonly LimitRule[],
): SampleJudgement {
  const groups = Object.entries(resultsByGroup)
    .filter((entry): entry is [string, readonly AnalyteResultInput[]] => entry[1] !== undefined)
    .map(([group, results]) => judgeGroup(group, results, rules));
  return summariseSample(requiredGroups, groups);
}

/** The sample verdict from groups judged already (see judgeSample for the rules). */
export function summariseSample(requiredGroups: readonly string[], groups: readonly GroupJudgement[]): SampleJudgement {
  const required = [...new Set(requiredGroups.map(requireGroup))].sort();
  const sorted = [...groups].sort((a, b) => a.group.localeCompare(b.group));
  const judged = new Map(sorted.map((g) => [g.group, g]));
  const failedGroups = sorted.filter((g) => g.status === 'fail').map((g) => g.group);
  const missingGroups = required.filter((group) => (judged.get(group)?.status ?? 'incomplete') === 'incomplete');
  const base = { groups: sorted, failedGroups, missingGroups };
  if (failedGroups.length > 0) {
    const missing = missingGroups.length > 0 ? ` Still missing: ${missingGroups.join(', ')}.` : '';
    return { ...base, status: 'fail', reason: `Failed: ${failedGroups.join(', ')}.${missing}` };
  }
  if (missingGroups.length > 0) return { ...base, status: 'incomplete', reason: `No results for: ${missingGroups.join(', ')}.` };
  if (required.length === 0 && sorted.length === 0) return { ...base, status: 'incomplete', reason: 'Nothing required and nothing judged.' };
  return { ...base, status: 'pass', reason: 'Every required group passes.' };
}

function requireGroup(group: string): AnalyteGroup {
  if (!(ANALYTE_GROUPS as readonly string[]).includes(group)) {
    throw new JudgementError(JudgementErrorCode.INVALID_RESULT, `Unknown analyte group "${group}"; groups are ${ANALYTE_GROUPS.join(', ')}`);
  }
  return group as AnalyteGroup;
}

/** Canonical ids of this group, each once; stored computed rows are dropped (they are recomputed). */
function validateGroupResults(group: AnalyteGroup, results: readonly AnalyteResultInput[]): AnalyteResultInput[] {
  const seen = new Set<string>();
  const kept: AnalyteResultInput[] = [];
  for (const result of results) {
    const analyte = getAnalyte(result.analyte);
    if (!analyte) throw new JudgementError(JudgementErrorCode.UNKNOWN_ANALYTE, `Unknown analyte id "${result.analyte}"`);
    if (analyte.group !== group) throw new JudgementError(JudgementErrorCode.INVALID_RESULT, `${analyte.name} belongs to ${analyte.group}, not ${group}`);
    if (analyte.computed) {
      if (result.computed) continue;
      throw new JudgementError(JudgementErrorCode.COMPUTED_ANALYTE_INPUT, `${analyte.name} is computed by LabTrace and cannot be entered`);
    }
    if (seen.has(analyte.id)) throw new JudgementError(JudgementErrorCode.INVALID_RESULT, `${analyte.name} is reported twice in ${group}`);
    seen.add(analyte.id);
    kept.push(result);
  }
  return kept;
}

function rulesOfGroup(group: AnalyteGroup, rules: readonly LimitRule[]): Map<string, LimitRule> {
  const byAnalyte = new Map<string, LimitRule>();
  for (const rule of rules) {
    if (getAnalyte(rule.analyte)?.group !== group) continue;
    if (byAnalyte.has(rule.analyte)) throw new JudgementError(JudgementErrorCode.INVALID_LIMIT_RULE, `Two limit rules for ${rule.analyte}`);
    byAnalyte.set(rule.analyte, rule);
  }
  return byAnalyte;
}

function deriveTotals(group: AnalyteGroup, entered: AnalyteResultInput[], rules: Map<string, LimitRule>): ComputedTotal[] {
  const byAnalyte = new Map(entered.map((r) => [r.analyte, r]));
  if (group === 'cannabinoids') return computePotencyTotals(entered);
  if (group === 'mycotoxins' && rules.has(TOTAL_AFLATOXINS.analyte) && !byAnalyte.has(TOTAL_AFLATOXINS.analyte)) {
    const total = computeTotal(TOTAL_AFLATOXINS, byAnalyte);
    return total ? [total] : [];
  }
  return [];
}

/** Errors name the analyte, so a 400 on a 60-row entry says which row. */
function withAnalyte<T>(name: string, judge: () => T): T {
  try {
    return judge();
  } catch (error) {
    if (error instanceof JudgementError) throw new JudgementError(error.code, `${name}: ${error.message}`, error.details);
    throw error;
  }
}

import { getAnalyte } from '../analytes/vocabulary';
import { ANALYTE_GROUPS, AnalyteGroup } from '../product-types';
import { EdibleMeasures, ediblePerServingTotals } from './edible-potency';
import { judgeAnalyte } from './judge';
import { JudgementError, JudgementErrorCode } from './judgement.errors';
import type { AnalyteResultInput, GroupCompleteness, GroupJudgement, JudgedAnalyte, LimitRule, NotTestedMark, SampleJudgement } from './judgement.types';
import { ComputedTotal, computePotencyTotals, computeTotal, TOTAL_AFLATOXINS } from './totals';

/** Sample facts some derived rows need: an edible's package gives per-serving and per-package totals. */
export interface JudgeContext {
  edible?: EdibleMeasures | null;
}

/**
 * Judges one group's results against the rules of the sample's product type (rules of other groups
 * are ignored). Derived rows are added: total THC / total CBD for cannabinoids, and total aflatoxins
 * (B1+B2+G1+G2) when a rule is on the total and the lab reported the four but no total.
 *
 * A group is accounted for when each required analyte (see requiredAnalytesOf) has a result or a
 * not-tested mark. Fail wins: any failing analyte fails the group. Otherwise the group is incomplete
 * when it has nothing, when a required analyte is missing, or when one was not tested, so a partial
 * panel never reads as a pass; and it passes when all of that is absent (report-only and no-limit
 * analytes never fail it).
 */
export function judgeGroup(
  group: string,
  results: readonly AnalyteResultInput[],
  rules: readonly LimitRule[],
  completeness: GroupCompleteness = {},
  context: JudgeContext = {},
): GroupJudgement {
  const groupName = requireGroup(group);
  const entered = validateGroupResults(groupName, results);
  const ruleByAnalyte = rulesOfGroup(groupName, rules);
  const derived = deriveTotals(groupName, entered, ruleByAnalyte, context);

  const analytes: JudgedAnalyte[] = [...entered, ...derived].map((result) => {
    const analyte = getAnalyte(result.analyte)!;
    const judged = withAnalyte(analyte.name, () => judgeAnalyte(result, ruleByAnalyte.get(analyte.id)));
    // Field by field rather than spreading the judgement: a batch judges 20,000 rows.
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
      status: judged.status,
      comparedValue: judged.comparedValue,
      comparedUnit: judged.comparedUnit,
      limitText: judged.limitText,
      reason: judged.reason,
    };
  });

  const judgedIds = new Set(analytes.map((a) => a.analyte));
  const notTested = marksOfGroup(groupName, completeness.notTested ?? []).filter((m) => !judgedIds.has(m.analyte));
  const marked = new Set(notTested.map((m) => m.analyte));
  const missingAnalytes = requiredAnalytesOf(groupName, completeness.requiredAnalytes, [...ruleByAnalyte.values()]).filter(
    (id) => !judgedIds.has(id) && !marked.has(id),
  );
  const base = { group: groupName, analytes, missingAnalytes, notTested };
  const failed = analytes.filter((a) => a.status === 'fail');
  if (failed.length > 0) return { ...base, status: 'fail', reason: `Failed: ${failed.map((a) => a.name).join(', ')}.${gapsNote(missingAnalytes, notTested)}` };
  if (entered.length === 0 && notTested.length === 0) return { ...base, status: 'incomplete', reason: 'No results.' };
  if (missingAnalytes.length > 0 || notTested.length > 0) return { ...base, status: 'incomplete', reason: gapsNote(missingAnalytes, notTested).trim() };
  // A method whose LOQ is above a limit cannot show the limit was met (judge.ts): never a pass.
  const inconclusive = analytes.filter((a) => a.status === 'inconclusive');
  if (inconclusive.length > 0) return { ...base, status: 'incomplete', reason: inconclusive.map((a) => `${a.name}: ${a.reason}`).join(' ') };
  return { ...base, status: 'pass', reason: 'Every required analyte reported; every analyte passes or has no pass/fail limit.' };
}

/**
 * The analytes a complete test of a group must report: the panel set's list for the group plus every
 * analyte the limit rules judge pass/fail. Totals LabTrace derives are not asked for themselves (their
 * components are), and with a panel list, neither is total aflatoxins when the list names its four parts.
 */
export function requiredAnalytesOf(group: string, listed: readonly string[] | null | undefined, rules: readonly LimitRule[]): string[] {
  const named = new Set((listed ?? []).filter((id) => getAnalyte(id)?.group === group));
  const totalsFromParts = listed && TOTAL_AFLATOXINS.terms.every((t) => named.has(t.analyte)) ? new Set([TOTAL_AFLATOXINS.analyte]) : new Set<string>();
  for (const rule of rules) {
    const analyte = getAnalyte(rule.analyte);
    if (analyte?.group !== group || rule.operator === 'report_only' || analyte.computed || totalsFromParts.has(analyte.id)) continue;
    named.add(analyte.id);
  }
  return [...named].sort();
}

/** The panel a sample is judged against: each group's required analytes and the analytes marked not tested. */
export interface SamplePanel {
  requiredAnalytes?: Readonly<Partial<Record<string, readonly string[] | null>>>;
  notTested?: ReadonlyArray<NotTestedMark & { group: string }>;
}

/**
 * The sample's verdict over its required groups. Every required group is judged, with or without
 * results, so its missing analytes are listed; so is any group with a not-tested mark.
 */
export function judgeSample(
  requiredGroups: readonly string[],
  resultsByGroup: Readonly<Partial<Record<string, readonly AnalyteResultInput[]>>>,
  rules: readonly LimitRule[],
  panel: SamplePanel = {},
  context: JudgeContext = {},
): SampleJudgement {
  const names = new Set<string>([
    ...requiredGroups,
    ...Object.entries(resultsByGroup)
      .filter((entry) => entry[1] !== undefined)
      .map(([group]) => group),
    ...(panel.notTested ?? []).map((m) => m.group),
  ]);
  const groups = [...names].map((group) =>
    judgeGroup(
      group,
      resultsByGroup[group] ?? [],
      rules,
      {
        requiredAnalytes: panel.requiredAnalytes?.[group],
        notTested: (panel.notTested ?? []).filter((m) => m.group === group),
      },
      context,
    ),
  );
  return summariseSample(requiredGroups, groups);
}

/**
 * The sample verdict from groups judged already.
 * - 'fail' when any judged group fails, required or not: a contaminant found is a failure whether
 *   or not it was ordered. Fail wins over incomplete: the lot is held whatever the missing groups
 *   would show, and saying so early lets the licensee act. `missingGroups` and `missingAnalytes`
 *   still list what is missing, and submit and release refuse while the sample is not accounted for.
 * - 'incomplete' when a required group has no results, a group misses a required analyte, or an
 *   analyte was marked not tested (a partial certificate), or nothing is required and nothing judged.
 * - 'pass' otherwise.
 */
export function summariseSample(requiredGroups: readonly string[], groups: readonly GroupJudgement[]): SampleJudgement {
  const required = [...new Set(requiredGroups.map(requireGroup))].sort();
  const sorted = [...groups].sort((a, b) => a.group.localeCompare(b.group));
  const judged = new Map(sorted.map((g) => [g.group, g]));
  const failedGroups = sorted.filter((g) => g.status === 'fail').map((g) => g.group);
  const missingGroups = required.filter((group) => {
    const g = judged.get(group);
    return !g || (g.analytes.length === 0 && g.notTested.length === 0);
  });
  const missingAnalytes = Object.fromEntries(sorted.filter((g) => g.missingAnalytes.length > 0).map((g) => [g.group, [...g.missingAnalytes]]));
  const nothing = required.length === 0 && sorted.length === 0;
  const accountedFor = missingGroups.length === 0 && Object.keys(missingAnalytes).length === 0 && !nothing;
  const base = { groups: sorted, failedGroups, missingGroups, missingAnalytes, accountedFor };
  const gaps = [
    missingGroups.length > 0 ? `No results for: ${missingGroups.join(', ')}.` : '',
    ...Object.entries(missingAnalytes)
      .filter(([group]) => !(missingGroups as readonly string[]).includes(group))
      .map(([group, ids]) => `${group} missing ${ids.length}: ${namesOf(ids)}.`),
  ]
    .filter(Boolean)
    .join(' ');
  if (failedGroups.length > 0) return { ...base, status: 'fail', reason: `Failed: ${failedGroups.join(', ')}.${gaps ? ` Still missing: ${gaps}` : ''}` };
  if (gaps) return { ...base, status: 'incomplete', reason: gaps };
  if (nothing) return { ...base, status: 'incomplete', reason: 'Nothing required and nothing judged.' };
  const inconclusive = sorted.filter((g) => g.status === 'incomplete' && g.analytes.some((a) => a.status === 'inconclusive'));
  if (inconclusive.length > 0)
    return { ...base, status: 'incomplete', reason: `Inconclusive (method LOQ above the limit): ${inconclusive.map((g) => g.group).join(', ')}.` };
  const partial = sorted.filter((g) => g.notTested.length > 0);
  if (partial.length > 0) {
    const list = partial.map((g) => `${g.group} (${namesOf(g.notTested.map((m) => m.analyte))})`).join(', ');
    return { ...base, status: 'incomplete', reason: `Partial: not tested in ${list}.` };
  }
  return { ...base, status: 'pass', reason: 'Every required group passes.' };
}

/** Marks of this group, each analyte once; an unknown analyte, one of another group or an empty reason is refused. */
function marksOfGroup(group: AnalyteGroup, marks: readonly NotTestedMark[]): NotTestedMark[] {
  const byAnalyte = new Map<string, NotTestedMark>();
  for (const mark of marks) {
    const analyte = getAnalyte(mark.analyte);
    if (!analyte) throw new JudgementError(JudgementErrorCode.UNKNOWN_ANALYTE, `Unknown analyte id "${mark.analyte}" marked not tested`);
    if (analyte.group !== group) throw new JudgementError(JudgementErrorCode.INVALID_RESULT, `${analyte.name} belongs to ${analyte.group}, not ${group}`);
    if (!mark.reason.trim()) throw new JudgementError(JudgementErrorCode.INVALID_RESULT, `${analyte.name} is marked not tested without a reason`);
    byAnalyte.set(analyte.id, { analyte: analyte.id, reason: mark.reason });
  }
  return [...byAnalyte.values()].sort((a, b) => a.analyte.localeCompare(b.analyte));
}

function gapsNote(missing: readonly string[], notTested: readonly NotTestedMark[]): string {
  const parts = [
    missing.length > 0 ? ` Missing ${missing.length}: ${namesOf(missing)}.` : '',
    notTested.length > 0 ? ` Not tested: ${notTested.map((m) => `${getAnalyte(m.analyte)?.name ?? m.analyte} (${m.reason})`).join(', ')}.` : '',
  ];
  return parts.join('');
}

function namesOf(ids: readonly string[]): string {
  return ids.map((id) => getAnalyte(id)?.name ?? id).join(', ');
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

function deriveTotals(group: AnalyteGroup, entered: AnalyteResultInput[], rules: Map<string, LimitRule>, context: JudgeContext): ComputedTotal[] {
  const byAnalyte = new Map(entered.map((r) => [r.analyte, r]));
  if (group === 'cannabinoids') {
    const totals = computePotencyTotals(entered);
    return context.edible ? [...totals, ...ediblePerServingTotals(totals, context.edible)] : totals;
  }
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

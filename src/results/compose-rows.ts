import type { SamplePanel } from '../rules/judgement/judge-sample';
import type { LimitSetInForce } from '../rules/limit-sets/limit-sets.service';
import type { MethodRegistry } from '../rules/methods/method-registry';
import type { SampleEntity } from '../samples/entities/sample.entity';
import type { AnalyteResultEntity } from './entities/analyte-result.entity';
import { impossibleAnalysisDates, refusedDateMessage } from './entry/analysis-dates';
import { carryAnalysisFacts } from './entry/carry-analysis-facts';
import { checkEntries, type CheckedEntry, type GroupEntry } from './entry/check-entries';
import { withMethods } from './entry/entry-methods';
import { otherLabClaims } from './entry/other-lab';
import { judgeRows, pendingFromStored, type PendingRow, type RowOrigin } from './judge-rows';
import type { NotTestedMarkEntity } from './not-tested/not-tested-mark.entity';
import { ResultsError, ResultsErrorCode } from './results.errors';

/** What composing a version reads besides its rows: the rules in force and the version's marks and panel. */
export interface ComposeInputs {
  limitSet: LimitSetInForce;
  /** The unit each limited analyte is judged in (limitUnits of the set's rules). */
  limitUnits: ReadonlyMap<string, string | null>;
  registry: MethodRegistry | null;
  marks: NotTestedMarkEntity[];
  requiredAnalytes: SamplePanel['requiredAnalytes'];
  /** The instant an undated entered or imported row is dated with: a batch's one instant for all its samples (now when absent). */
  datedAt?: string;
  /** The lab's zone (AppConfig lab.timezone), in which a typed date without a time is a calendar day; UTC when absent. */
  timeZone?: string;
}

/** How a version is composed: `merge` (imports: a group keeps the analytes the file does not carry); `groupsKey`, the body's key of the groups in field paths. */
export interface ComposeOptions {
  merge?: boolean;
  groupsKey?: string;
}

/**
 * `base` with the listed groups replaced, or merged (imports: a group keeps the analytes the file does
 * not carry), checked row by row and judged. Pure: ResultsService.composeVersion and the batch writer
 * load the inputs; an invalid row throws INVALID_RESULTS naming every bad field, under the request
 * body's key of the groups (`options.groupsKey`: "groups" for hand entry, "results" for an amendment).
 */
export function composeRows(
  sample: SampleEntity,
  version: number,
  base: readonly AnalyteResultEntity[],
  groups: GroupEntry[],
  origin: RowOrigin,
  inputs: ComposeInputs,
  options: ComposeOptions = {},
) {
  const { set, rules } = inputs.limitSet;
  const groupsKey = options.groupsKey ?? 'groups';
  const checked = checkEntries(groups, inputs.limitUnits, groupsKey);
  // Each row's method, LOD/LOQ and analysed date; entry and instrument imports date undated rows today.
  const dated = origin.sourceType === 'manual' || origin.sourceType === 'instrument_import' ? (inputs.datedAt ?? new Date().toISOString()) : null;
  const methods = checked.errors.length > 0 ? checked : withMethods(groups, checked.entries, inputs.registry, dated, { timeZone: inputs.timeZone, groupsKey });
  // An amendment corrects values: what its rows do not say about their analysis stays as the amended version has it,
  // and a row it leaves as it was keeps its source (an imported row its import run); see carryAnalysisFacts.
  // It also judges the final date of each row it makes the lab's own (given or kept) against receipt and now.
  const bounds = { receivedAt: sample.receivedAt, now: new Date() };
  const timeZone = inputs.timeZone ?? 'UTC';
  const { entries, errors, sources } =
    origin.sourceType === 'amendment' && methods.errors.length === 0
      ? carryAnalysisFacts(groups, methods.entries, base, origin, { baseVersion: base[0]?.version ?? null, groupsKey, timeZone, bounds })
      : { ...methods, sources: undefined };
  // A date a person typed by hand must be possible for the sample, and a typed row is this lab's: its method text may not
  // claim another lab's report. A file's dates are evidence, not typos: imports raise a QC flag for them instead.
  if (origin.sourceType === 'manual') {
    for (const d of impossibleAnalysisDates(groups, { ...bounds, timeZone }, groupsKey)) errors.push({ field: d.field, message: refusedDateMessage(d) });
    errors.push(...otherLabClaims(groups, groupsKey));
  }
  if (errors.length > 0) throw new ResultsError(ResultsErrorCode.INVALID_RESULTS, `${errors.length} result row(s) are invalid; nothing was saved`, errors);
  const touched = new Set(groups.map((g) => g.group));
  const incoming = new Set(entries.map((e) => e.analyte));
  const kept = base.filter((r) => !r.computed && (!touched.has(r.analyteGroup) || (options.merge && !incoming.has(r.analyte))));
  const pending: PendingRow[] = kept.map(pendingFromStored);
  entries.forEach((e, i) => pending.push(withOrigin(e, sources?.[i] ?? origin)));
  const marks = inputs.marks;
  const panel: SamplePanel = {
    requiredAnalytes: inputs.requiredAnalytes,
    notTested: marks.map((m) => ({ group: m.analyteGroup, analyte: m.analyte, reason: m.reason })),
  };
  return { judged: judgeRows(sample, version, pending, { id: set.id, rules }, panel), set, rules, marks };
}

/** An entry with where it came from (field by field rather than spread: a batch makes 20,000). */
function withOrigin(e: CheckedEntry, origin: RowOrigin): PendingRow {
  return {
    group: e.group,
    analyte: e.analyte,
    analyteName: e.analyteName,
    value: e.value,
    qualifier: e.qualifier,
    unit: e.unit,
    lod: e.lod,
    loq: e.loq,
    dilution: e.dilution,
    method: e.method,
    methodId: e.methodId,
    methodSetId: e.methodSetId,
    instrument: e.instrument,
    analysedAt: e.analysedAt,
    sourceType: origin.sourceType,
    sourceId: origin.sourceId,
    enteredBy: origin.enteredBy,
    analyst: origin.analyst,
  };
}

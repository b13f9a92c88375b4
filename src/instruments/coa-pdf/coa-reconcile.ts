import Decimal from 'decimal.js';
import { CoaAnalyteRow, ParsedCoa } from './coa-layout.types';

/**
 * Checks a parsed COA against itself: the verdicts it prints per group and overall versus what its own
 * rows say. Nothing here judges against LabTrace's limits; it only surfaces the COA's inconsistencies
 * so the import screen can show them before anyone accepts the results.
 */

export type CoaInconsistencyCode =
  | 'row_fail_in_passing_group'
  | 'group_fail_without_failing_row'
  | 'row_pass_over_limit'
  | 'row_fail_within_limit'
  | 'overall_pass_with_failure'
  | 'overall_fail_without_failure';

export interface CoaInconsistency {
  code: CoaInconsistencyCode;
  group?: string;
  analyte?: string;
  message: string;
}

export function reconcileCoa(parsed: ParsedCoa): CoaInconsistency[] {
  const found: CoaInconsistency[] = [];
  for (const row of parsed.analytes) {
    const groupVerdict = parsed.reportedGroups[row.group];
    if (row.reportedStatus === 'fail' && groupVerdict === 'pass') {
      found.push({
        code: 'row_fail_in_passing_group',
        group: row.group,
        analyte: row.analyte,
        message: `${row.analyte} is marked fail but the COA passes ${row.group}.`,
      });
    }
    const limitCheck = checkAgainstLimit(row);
    if (limitCheck) found.push(limitCheck);
  }
  for (const [group, verdict] of Object.entries(parsed.reportedGroups)) {
    const judged = parsed.analytes.filter((r) => r.group === group && (r.reportedStatus === 'pass' || r.reportedStatus === 'fail'));
    if (verdict === 'fail' && judged.length > 0 && judged.every((r) => r.reportedStatus === 'pass')) {
      found.push({
        code: 'group_fail_without_failing_row',
        group,
        message: `The COA fails ${group} but every ${group} row it lists passes.`,
      });
    }
  }
  found.push(...checkOverall(parsed));
  return found;
}

/** Only unambiguous contradictions: over the limit yet passed, strictly under it (or not detected) yet failed. */
function checkAgainstLimit(row: CoaAnalyteRow): CoaInconsistency | undefined {
  if (row.limit === undefined || (row.reportedStatus !== 'pass' && row.reportedStatus !== 'fail')) return undefined;
  const limit = new Decimal(row.limit);
  const base = { group: row.group, analyte: row.analyte };
  if (row.value !== undefined) {
    const value = new Decimal(row.value);
    if (row.reportedStatus === 'pass' && value.greaterThan(limit)) {
      return { ...base, code: 'row_pass_over_limit', message: `${row.analyte} is ${row.value} against a limit of ${row.limit} but marked pass.` };
    }
    if (row.reportedStatus === 'fail' && value.lessThan(limit)) {
      return { ...base, code: 'row_fail_within_limit', message: `${row.analyte} is ${row.value}, under its limit of ${row.limit}, but marked fail.` };
    }
  }
  if (row.qualifier === 'ND' && row.reportedStatus === 'fail') {
    return { ...base, code: 'row_fail_within_limit', message: `${row.analyte} is not detected but marked fail.` };
  }
  return undefined;
}

function checkOverall(parsed: ParsedCoa): CoaInconsistency[] {
  const failedGroups = Object.entries(parsed.reportedGroups)
    .filter(([, v]) => v === 'fail')
    .map(([g]) => g);
  const failedRows = parsed.analytes.filter((r) => r.reportedStatus === 'fail');
  if (parsed.reportedOverall === 'pass' && (failedGroups.length > 0 || failedRows.length > 0)) {
    const what = failedGroups.length > 0 ? `group(s) ${failedGroups.join(', ')}` : `row(s) ${failedRows.map((r) => r.analyte).join(', ')}`;
    return [{ code: 'overall_pass_with_failure', message: `The COA passes overall but fails ${what}.` }];
  }
  const anyVerdict = Object.keys(parsed.reportedGroups).length > 0 || parsed.analytes.some((r) => r.reportedStatus === 'pass');
  if (parsed.reportedOverall === 'fail' && anyVerdict && failedGroups.length === 0 && failedRows.length === 0) {
    return [{ code: 'overall_fail_without_failure', message: 'The COA fails overall but no group or row it lists fails.' }];
  }
  return [];
}

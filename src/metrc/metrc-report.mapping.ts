import Decimal from 'decimal.js';
import { resolveAnalyte } from '../rules/analytes/vocabulary';
import type { ReportedAnalyte, ReportedGroup, ReportProblem, ResultReport } from '../traceability/traceability.adapter';
import { convertValue } from './metrc-units';
import type { TestTypeEntry, TestTypeMap } from './test-types/test-type-map';

/** One Metrc lab test type result, before it is put on the wire. */
export interface PlannedResult {
  type: string;
  /** A decimal string: Metrc's `Quantity`. */
  quantity: string;
  passed: boolean;
  notes: string;
  /** LabTrace analyte ids it stands for, for messages. */
  analytes: string[];
}

export interface ReportPlan {
  label: string;
  results: PlannedResult[];
  /** Release makes the package TestPassed/TestFailed; an incomplete certificate is recorded but never released. */
  release: boolean;
}

/** A report LabTrace cannot send to Metrc as it stands; nothing was sent. */
export class UnreportableError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'UnreportableError';
  }
}

const JUDGED = new Set(['pass', 'fail', 'report_only', 'no_limit']);

interface TestedAnalyte {
  id: string;
  group: string;
  analyte: ReportedAnalyte;
}

/** Neither a value nor a qualifier, or a status other than a judgement: the analyte was not tested. */
function wasTested(a: ReportedAnalyte): boolean {
  return JUDGED.has(a.status) && (a.value !== undefined || a.qualifier !== undefined);
}

/** The certificate is complete: every group judged and an overall verdict of pass or fail. */
function isComplete(report: ResultReport): boolean {
  const overall: string = report.overall;
  const groups: ReportedGroup[] = report.groups;
  return (overall === 'pass' || overall === 'fail') && groups.every((g) => (g.status as string) !== 'incomplete' && g.analytes.every(wasTested));
}

/**
 * A LabTrace report as Metrc lab test results, through the test-type map in force. Every tested
 * analyte must be covered by a type or deliberately listed as not reported; anything else stops the
 * report and is named (never a silent drop). A failing analyte that would not reach Metrc also stops
 * it, as does a failed report whose results would all read "passed" there.
 */
export function planReport(report: ResultReport, map: TestTypeMap): ReportPlan {
  const { plan, problems } = mapReport(report, map);
  if (!plan) {
    const messages = problems.map((p) => p.message);
    throw new UnreportableError(`cannot report ${report.externalId} to Metrc with test-type map ${map.name}: ${messages.join('; ')}`, messages);
  }
  return plan;
}

/** What `planReport` would stop on, every problem (none: Metrc can take the report). Nothing is sent. */
export function reportProblems(report: ResultReport, map: TestTypeMap): ReportProblem[] {
  return mapReport(report, map).problems;
}

/** The plan, or (plan null) every problem found, each naming its analyte where it is one analyte's. */
function mapReport(report: ResultReport, map: TestTypeMap): { plan: ReportPlan | null; problems: ReportProblem[] } {
  const problems: ReportProblem[] = [];
  const tested: TestedAnalyte[] = [];
  for (const g of report.groups) {
    for (const a of g.analytes) {
      if (!wasTested(a)) continue;
      const id = a.analyteId ?? resolveAnalyte(a.analyte)?.id;
      if (!id) problems.push(problemOf({ group: g.group, analyte: a }, 'analyte', `${a.analyte} (${g.group}) is not an analyte LabTrace knows`));
      else tested.push({ id, group: g.group, analyte: a });
    }
  }
  const byEntry = new Map<TestTypeEntry, TestedAnalyte[]>();
  for (const t of tested) {
    const entry = coveringEntry(map.types, t);
    if (entry) {
      byEntry.set(entry, [...(byEntry.get(entry) ?? []), t]);
      continue;
    }
    const skipped = coveringEntry(map.notReported, t);
    if (!skipped) problems.push(problemOf(t, 'analyte', `no Metrc lab test type is mapped for ${t.analyte.analyte} (${t.id}, ${t.group})`));
    else if (t.analyte.status === 'fail') {
      problems.push(problemOf(t, 'status', `${t.analyte.analyte} (${t.id}) failed but is not reported to Metrc (${skipped.reason})`));
    }
  }
  const results: PlannedResult[] = [];
  for (const [entry, analytes] of byEntry) {
    const planned = planResult(entry, analytes, problems);
    if (planned) results.push(planned);
  }
  if (problems.length === 0 && results.length === 0) problems.push({ message: 'the report holds no tested analyte Metrc takes' });
  if (problems.length === 0 && report.overall === 'fail' && results.every((r) => r.passed)) {
    problems.push({ message: 'the report failed but every result Metrc would receive passes: the failing analyte has no Metrc lab test type' });
  }
  if (problems.length) return { plan: null, problems };
  return { plan: { label: report.sampleId, results, release: isComplete(report) }, problems };
}

function problemOf(t: { group: string; analyte: ReportedAnalyte }, field: ReportProblem['field'], message: string): ReportProblem {
  return { analyte: t.analyte.analyte, group: t.group, field, message };
}

function coveringEntry<E extends { analytes?: string[]; group?: string }>(entries: readonly E[], t: TestedAnalyte): E | undefined {
  return entries.find((e) => e.analytes?.includes(t.id)) ?? entries.find((e) => e.group === t.group);
}

/** The type's result, or null when an analyte's quantity cannot be had (each such analyte added to `problems`). */
function planResult(entry: TestTypeEntry, analytes: TestedAnalyte[], problems: ReportProblem[]): PlannedResult | null {
  const ids = analytes.map((t) => t.id);
  const passed = analytes.every((t) => t.analyte.status !== 'fail');
  const base = { type: entry.type, passed, analytes: ids };
  switch (entry.quantity) {
    case 'value': {
      const [t] = analytes;
      const quantity = quantityIn(t, entry, problems);
      return quantity === null ? null : { ...base, quantity, notes: notesFor(t.analyte) };
    }
    case 'sum': {
      // Every analyte is looked at, so that each one Metrc cannot take is named, not just the first.
      const quantities = analytes.map((t) => quantityIn(t, entry, problems));
      if (quantities.some((q) => q === null)) return null;
      const total = quantities.reduce((sum: Decimal, q) => sum.plus(q!), new Decimal(0));
      return { ...base, quantity: total.toFixed(), notes: `sum of ${analytes.length} analyte(s)` };
    }
    case 'presence': {
      const detected = analytes.filter(isDetected);
      return {
        ...base,
        quantity: detected.length > 0 ? '1' : '0',
        notes: detected.length > 0 ? `detected: ${detected.map((t) => t.analyte.analyte).join(', ')}` : 'not detected',
      };
    }
    case 'failing_count': {
      const failing = analytes.filter((t) => t.analyte.status === 'fail');
      const list = failing.map((t) => `${t.analyte.analyte} ${t.analyte.value ?? t.analyte.qualifier ?? ''} ${t.analyte.unit}`.replace(/\s+/g, ' ').trim());
      return {
        ...base,
        quantity: String(failing.length),
        notes: `${analytes.length} analyte(s) tested; ${failing.length === 0 ? 'none failed' : `failed: ${list.join(', ')}`}`,
      };
    }
  }
}

/** The analyte's value in the type's unit; below detection (ND, <LOQ, or a negative reading) is 0. Null (the problem added) when there is none. */
function quantityIn(t: TestedAnalyte, entry: TestTypeEntry, problems: ReportProblem[]): string | null {
  const a = t.analyte;
  const below = a.qualifier === 'ND' || a.qualifier === '<LOQ' || a.value === undefined || a.value.trim().startsWith('-');
  if (below) {
    if (a.value === undefined && a.qualifier === '>ULOQ') {
      problems.push(problemOf(t, 'value', `${a.analyte} is above the upper limit of quantitation with no value to report`));
      return null;
    }
    return '0';
  }
  const converted = convertValue(a.value!, a.unit, entry.unit!);
  if (converted === null) {
    problems.push(problemOf(t, 'unit', `${a.analyte} is in ${a.unit}, which does not convert to ${entry.unit} for Metrc type "${entry.type}"`));
  }
  return converted;
}

function isDetected(t: TestedAnalyte): boolean {
  const a = t.analyte;
  if (a.status === 'fail') return true;
  if (a.qualifier === 'ND' || a.qualifier === '<LOQ' || a.value === undefined) return false;
  return new Decimal(a.value).greaterThan(0);
}

function notesFor(a: ReportedAnalyte): string {
  const parts = [a.qualifier ?? '', a.loq ? `LOQ ${a.loq} ${a.unit}` : '', a.limit ? `limit ${a.limit} ${a.unit}` : ''];
  return parts.filter((p) => p !== '').join('; ');
}

import type { AnalyteEntry, GroupEntry } from '../results/entry/check-entries';
import { resolveAnalyte } from '../rules/analytes/vocabulary';
import { isDecimalString, toDecimal } from '../rules/judgement/decimal';
import { canonicalUnit } from '../rules/judgement/units';
import { isInventoryId } from '../traceability/inventory-id';
import type { ImportMethod } from './import-method';
import { labInstant } from './lab-clock';
import type { ParsedRow, ParseResult } from './parsers/parser.types';
import { failedControlWarnings, failedQpcrControls, qpcrControlVerdict, type FailedQpcrControl } from './qpcr-controls';

/** A received sample an import row may attach to. */
export interface ImportTarget {
  id: string;
  labCode: string | null;
  sampleInventoryId: string;
  acceptsResults: boolean;
  status: string;
}

/** What a row's sample reference names: one sample, several (a lot sampled more than once, by their labels), or none. */
export type TargetLookup = (ref: string) => ImportTarget | { several: string[] } | undefined;

export interface RejectedRow {
  line: number;
  sampleRef: string;
  analyte: string;
  reason: string;
}

export interface QcVerdict {
  line: number;
  kind: string;
  sampleRef: string;
  analyte: string;
  verdict: 'pass' | 'fail' | 'not_judged';
  detail: string;
}

export interface PlannedSample {
  target: ImportTarget;
  groups: GroupEntry[];
  rows: number;
}

/** A stored ND whose well amplified at or after the Cq cut-off (the parser's `cq_at_or_above_cutoff`). */
export interface LateAmplification {
  sampleId: string;
  line: number;
  sampleRef: string;
  /** Canonical analyte id and its group. */
  analyte: string;
  group: string;
  /** The late Cq as the file wrote it. */
  raw: string;
}

/** The method a group the file carries got, and from whom; null when neither the upload nor the mapping names one. */
export interface GroupMethod {
  group: string;
  methodId: string | null;
  from: ImportMethod['source'] | null;
}

export interface ImportPlan {
  samples: PlannedSample[];
  /** Each group the file's sample rows carry (by their analytes), by name, with its method. */
  methods: GroupMethod[];
  /** Groups whose results the plan stores with no method named for them: their rows cannot be certified as they are. */
  groupsWithoutMethod: string[];
  rejected: RejectedRow[];
  unknownAnalytes: string[];
  qc: QcVerdict[];
  /** Stored qPCR results called not detected though a well amplified at or after the cut-off: each raises a QC flag. */
  lateAmplifications: LateAmplification[];
  /** qPCR run controls that failed (by the cut-off), each with the samples whose results of its target it holds back. */
  failedControls: FailedQpcrControl[];
  warnings: string[];
  /** Every parsed row lands in exactly one of these (leftAsIs: a re-import's rows changed since, see reimportPlan; absent when none). */
  accounting: { rows: number; stored: number; qc: number; rejected: number; skippedLines: number; leftAsIs?: number };
}

/** What an import knows besides the file: the methods the upload and its instrument's mapping name, and the lab's clock. */
export interface PlanOptions {
  /**
   * At most one per group (chooseImportMethods sees to it): each is given to every group of its kind
   * (the results module then fills its method text, LOD and LOQ per analyte); its group's other analytes are rejected.
   */
  methods?: readonly ImportMethod[];
  /** The zone instrument clocks read (their dates carry none); UTC when not given. */
  timeZone?: string;
  /** The instant (UTC ISO) an undated file's rows are dated with (importAnalysisDate); absent: left to the store. */
  analysedAt?: string;
}

/** Spike and check-standard recovery must fall within this window (percent). */
export const RECOVERY_WINDOW = { min: '80', max: '120' };

/**
 * Turns parsed rows into results per sample, QC verdicts and rejections, accounting for every row.
 * Pure: the caller looks the samples up (`findTarget`) and stores what the plan says.
 * - Sample rows match a received sample by lab code, then by inventory id, then by sampled lot (see
 *   SampleMatcher); an unknown, ambiguous or closed sample, an unknown analyte, an empty cell or a repeat of the same analyte is rejected with why.
 * - qPCR detections (unit Cq) are presence, not amounts: stored as <LOQ ("detected, not
 *   quantified"), which fails a not-detected limit; non-detections as ND.
 * - A negative reading (blank-subtracted) is below detection: stored as ND with a warning.
 * - QC rows are judged: a blank above its LOQ (or detected, without an LOQ) fails; spikes and
 *   check standards fail outside 80-120 % recovery. Calibration and duplicate rows are recorded.
 * - Each result is dated by the file's acquisition date (the lab's wall clock, read in `timeZone`);
 *   an undated file's results by `analysedAt` (the caller's choice: the upload's, an earlier import's,
 *   or the upload instant), else when they are stored.
 * - A named method (the upload's, or the mapping's) goes to the groups of its kind; an analyte of that
 *   group the method is not validated for is rejected (a method that did not measure it cannot vouch for it).
 * - Groups stored with no method named are listed, with a warning: a certificate cannot claim them
 *   yet. They are stored all the same: the file is the record, and a lab may import first and name
 *   the method after (an import naming it, or hand entry with methodId).
 */
export function planImport(parsed: ParseResult, findTarget: TargetLookup, options: PlanOptions = {}): ImportPlan {
  const rejected: RejectedRow[] = [];
  const unknown = new Set<string>();
  const qc: QcVerdict[] = [];
  const lateAmplifications: LateAmplification[] = [];
  const warnings = [...parsed.warnings];
  const methodOf = new Map((options.methods ?? []).map((m) => [m.group, m]));
  const analysedAt = labInstant(parsed.meta.acquiredAt, options.timeZone ?? 'UTC') ?? options.analysedAt ?? null;
  const bySample = new Map<string, { target: ImportTarget; groups: Map<string, AnalyteEntry[]>; seen: Map<string, number>; rows: number }>();
  let storedRows = 0;
  // A 20,000-row file names a few hundred samples: each is looked up once (analyte names and units are
  // remembered by resolveAnalyte and canonicalUnit themselves).
  const targetOf = once(findTarget);
  const entries: EntryContext = { warnings, assumed: new Set() };

  for (const row of parsed.rows) {
    const reject = (reason: string) => rejected.push({ line: row.line, sampleRef: row.sampleRef, analyte: row.analyte, reason });
    if (row.kind !== 'sample') {
      qc.push(qpcrControlVerdict(row, parsed.meta) ?? judgeQcRow(row));
      continue;
    }
    // The sample first: a row for a sample we do not have is about that, whatever its analyte.
    const analyte = resolveAnalyte(row.analyte);
    if (!analyte) unknown.add(row.analyte);
    const target = targetOf(row.sampleRef);
    if (!target) {
      reject(noSuchSample(row.sampleRef));
      continue;
    }
    if (!analyte) {
      reject(`unknown analyte "${row.analyte}"`);
      continue;
    }
    if ('several' in target) {
      reject(`"${row.sampleRef}" names several samples (${target.several.join(', ')}); name one by its lab code`);
      continue;
    }
    if (!target.acceptsResults) {
      reject(`sample ${target.labCode ?? row.sampleRef} is ${target.status}; it no longer takes results`);
      continue;
    }
    const method = methodOf.get(analyte.group);
    if (method && !method.analytes.has(analyte.id)) {
      reject(`method ${method.methodId} (from ${method.from}) is not validated for ${analyte.name}`);
      continue;
    }
    const entry = toEntry(row, analyte, entries, parsed.meta, analysedAt);
    if (typeof entry === 'string') {
      reject(entry);
      continue;
    }
    const plan = bySample.get(target.id) ?? { target, groups: new Map<string, AnalyteEntry[]>(), seen: new Map<string, number>(), rows: 0 };
    bySample.set(target.id, plan);
    const earlier = plan.seen.get(analyte.id);
    if (earlier !== undefined) {
      reject(`${analyte.name} for ${row.sampleRef} already comes from line ${earlier}`);
      continue;
    }
    plan.seen.set(analyte.id, row.line);
    const group = plan.groups.get(analyte.group);
    if (group) group.push(entry);
    else plan.groups.set(analyte.group, [entry]);
    plan.rows += 1;
    storedRows += 1;
    if (entry.qualifier === 'ND' && row.flags?.includes('cq_at_or_above_cutoff'))
      lateAmplifications.push({ sampleId: target.id, line: row.line, sampleRef: row.sampleRef, analyte: analyte.id, group: analyte.group, raw: row.raw });
  }

  const samples = [...bySample.values()].map((p) => ({
    target: p.target,
    rows: p.rows,
    groups: [...p.groups.entries()].map(([group, analytes]) => {
      const method = methodOf.get(group);
      return { group, analytes, ...(method ? { methodId: method.methodId } : {}) };
    }),
  }));
  const storedGroups = new Set(samples.flatMap((p) => p.groups.map((g) => g.group)));
  const groupsWithoutMethod = [...storedGroups].filter((g) => !methodOf.has(g)).sort();
  if (groupsWithoutMethod.length > 0) warnings.push(withoutMethodWarning(groupsWithoutMethod, parsed.meta.method));
  warnings.push(...rowFlagWarnings(parsed));
  const failedControls = failedQpcrControls(parsed, qc, samples);
  warnings.push(...failedControlWarnings(failedControls));
  return {
    samples,
    methods: [...groupsCarried(parsed)].sort().map((group) => {
      const method = methodOf.get(group);
      return { group, methodId: method?.methodId ?? null, from: method?.source ?? null };
    }),
    groupsWithoutMethod,
    rejected,
    unknownAnalytes: [...unknown].sort(),
    qc,
    lateAmplifications,
    failedControls,
    warnings,
    accounting: { rows: parsed.rows.length, stored: storedRows, qc: qc.length, rejected: rejected.length, skippedLines: parsed.skipped.length },
  };
}

/** At most this many rows are named per kind of row flag; the rest are counted. */
export const ROW_FLAG_WARNINGS_MAX = 20;

/**
 * The parser's row flags a reviewer must see, as warnings: a qPCR well that amplified at or after
 * the cut-off is stored as not detected (a stored one also raises a QC flag, see lateAmplifications),
 * and replicate wells that disagree are reported by the earliest detection. (A negative value is
 * warned where it is stored as ND; other parsers' flags stay advisory.)
 */
function rowFlagWarnings(parsed: ParseResult): string[] {
  const cutoff = parsed.meta.cqCutoff ? ` ${parsed.meta.cqCutoff}` : '';
  const says: Record<string, (row: ParsedRow) => string> = {
    cq_at_or_above_cutoff: (row) =>
      row.qualifier === 'ND'
        ? `line ${row.line}: ${row.analyte} for ${row.sampleRef} amplified at Cq ${row.raw}, at or after the cut-off${cutoff}: stored as not detected; review the curve`
        : `line ${row.line}: ${row.analyte} for ${row.sampleRef}: a replicate well amplified at or after the cut-off${cutoff} (counted as not detected)`,
    replicate_disagreement: (row) =>
      `line ${row.line}: replicate wells of ${row.analyte} for ${row.sampleRef} disagree; the earliest detection was kept (${row.value ?? row.qualifier ?? row.raw})`,
  };
  const warnings: string[] = [];
  for (const [flag, say] of Object.entries(says)) {
    const flagged = parsed.rows.filter((row) => row.flags?.includes(flag));
    warnings.push(...flagged.slice(0, ROW_FLAG_WARNINGS_MAX).map(say));
    if (flagged.length > ROW_FLAG_WARNINGS_MAX) warnings.push(`${flagged.length - ROW_FLAG_WARNINGS_MAX} more rows flagged ${flag}`);
  }
  return warnings;
}

/**
 * Stored, not refused: the file is the record of the measurement, and a lab may import before it says
 * which method each group was run by. Until it does, submit and release refuse the rows (409
 * CLAIMS_UNSUPPORTED). A file that states its own method text gives its rows that text, which the
 * results module may find in the registry (with its LOD and LOQ) or keep as text: what is missing
 * then is an ND's limit, unless the file gives it.
 */
function withoutMethodWarning(groups: readonly string[], fileMethod: string | undefined): string {
  const named = `no method is named for the ${groups.join(', ')} results (by the upload's methods or an instrument mapping)`;
  const consequence = fileMethod
    ? `; they carry the file's method text "${fileMethod}", so their ND and <LOQ results cannot be submitted without an LOD or LOQ (the file's, or a registry method's when that text is its id or name)`
    : ': they cannot be submitted until their method is given';
  return `${named}${consequence}; import the file again naming each group's method in methods, or enter them by hand with methodId`;
}

/** The analyte groups a file's sample rows carry (rows naming an analyte LabTrace knows), whatever becomes of the rows. */
export function groupsCarried(parsed: ParseResult): Set<string> {
  const groups = new Set<string>();
  for (const row of parsed.rows) {
    if (row.kind !== 'sample') continue;
    const analyte = resolveAnalyte(row.analyte);
    if (analyte) groups.add(analyte.group);
  }
  return groups;
}

/** Why a row's sample reference found nothing, in the words of the id it was read as. */
export function noSuchSample(ref: string): string {
  return isInventoryId(ref) ? `no sample with inventory id ${ref}` : `no sample with lab code ${ref}`;
}

/** `lookup` answering each distinct key once (a pure lookup over a file's repeated references). */
function once<T>(lookup: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (seen.has(key)) return seen.get(key)!;
    const value = lookup(key);
    seen.set(key, value);
    return value;
  };
}

/** toDecimal(value).isNegative() without building a decimal for every well-formed value (a malformed one still throws). */
function isNegative(value: string): boolean {
  return isDecimalString(value) ? value.trim().startsWith('-') : toDecimal(value).isNegative();
}

/** What turning rows into entries shares across a file: its warnings, and the names given their method unit. */
interface EntryContext {
  warnings: string[];
  /** Names (as the file writes them) whose missing unit was warned about. */
  assumed: Set<string>;
}

function toEntry(
  row: ParsedRow,
  analyte: { id: string; defaultUnit: string },
  context: EntryContext,
  meta: ParseResult['meta'],
  analysedAt: string | null,
): AnalyteEntry | string {
  const { warnings, assumed } = context;
  // One shape for every entry (absent fields undefined, as if not given), built field by field: a
  // 20,000-row file makes 20,000 of them. File-level facts travel with each result: they are printed
  // on the COA (method, analysed date).
  const entry = (qualifier: AnalyteEntry['qualifier'], value: string | null | undefined, unit: string, measured = true): AnalyteEntry => ({
    analyte: analyte.id,
    value,
    qualifier,
    unit,
    lod: measured ? (row.lod ?? null) : null,
    loq: measured ? (row.loq ?? null) : null,
    dilution: row.dilution ?? null,
    method: meta.method ?? null,
    instrument: meta.instrument ?? null,
    analysedAt,
  });
  if (row.unit?.toLowerCase() === 'cq') {
    if (row.qualifier === 'ND') return entry('ND', undefined, 'CFU/g', false);
    if (row.value !== undefined) return entry('<LOQ', undefined, 'CFU/g', false);
    return `no Cq reading in "${row.raw}"`;
  }
  let unit = row.unit;
  if (!unit) {
    unit = analyte.defaultUnit;
    // Once per analyte: a 400-sample batch without units must not answer with 20,000 warnings.
    // The name decides the analyte and so its method unit: one warning per name.
    if (!assumed.has(row.analyte)) {
      assumed.add(row.analyte);
      warnings.push(`line ${row.line}: the file gives no unit for ${row.analyte}; its method unit ${unit} was assumed`);
    }
  } else if (!canonicalUnit(unit)) {
    return `unit "${row.unit}" is not one LabTrace knows`;
  }
  if (row.qualifier === 'NO_VALUE' || (row.qualifier === undefined && row.value === undefined)) return `no result in the cell "${row.raw}"`;
  if (row.qualifier === 'ND' || row.qualifier === '<LOQ') return entry(row.qualifier, undefined, unit);
  if (row.value !== undefined && isNegative(row.value)) {
    warnings.push(`line ${row.line}: ${row.analyte} for ${row.sampleRef} read ${row.value} (below zero after blank subtraction); stored as ND`);
    return entry('ND', undefined, unit);
  }
  if (row.qualifier === '>ULOQ') return entry('>ULOQ', row.value ?? null, unit);
  return entry(undefined, row.value, unit);
}

function judgeQcRow(row: ParsedRow): QcVerdict {
  const base = { line: row.line, kind: row.kind, sampleRef: row.sampleRef, analyte: row.analyte };
  const detected = row.value !== undefined && !toDecimal(row.value).isNegative() && !toDecimal(row.value).isZero();
  switch (row.kind) {
    case 'blank': {
      if (row.qualifier === '>ULOQ') return { ...base, verdict: 'fail', detail: 'blank above the calibrated range' };
      if (!detected) return { ...base, verdict: 'pass', detail: `blank ${row.qualifier ?? row.value ?? row.raw}` };
      if (row.loq) {
        const above = toDecimal(row.value!).greaterThan(toDecimal(row.loq));
        return { ...base, verdict: above ? 'fail' : 'pass', detail: `blank ${row.value} ${above ? 'above' : 'within'} LOQ ${row.loq}` };
      }
      return { ...base, verdict: 'fail', detail: `blank detected at ${row.value} with no LOQ to compare` };
    }
    case 'spike':
    case 'check_standard': {
      if (!row.expected || row.value === undefined || toDecimal(row.expected).isZero())
        return { ...base, verdict: 'not_judged', detail: 'no measured and expected amounts to compute a recovery' };
      const recovery = toDecimal(row.value).dividedBy(toDecimal(row.expected)).times(100);
      const ok = recovery.greaterThanOrEqualTo(RECOVERY_WINDOW.min) && recovery.lessThanOrEqualTo(RECOVERY_WINDOW.max);
      return {
        ...base,
        verdict: ok ? 'pass' : 'fail',
        detail: `recovery ${recovery.toDecimalPlaces(1).toFixed(1)} % (${row.value} of ${row.expected}); window ${RECOVERY_WINDOW.min}-${RECOVERY_WINDOW.max} %`,
      };
    }
    default:
      return { ...base, verdict: 'not_judged', detail: `${row.kind} row recorded` };
  }
}

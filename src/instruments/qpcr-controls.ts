import { resolveAnalyte } from '../rules/analytes/vocabulary';
import type { PlannedSample, QcVerdict } from './import-plan';
import type { ParsedRow, ParseResult } from './parsers/parser.types';

/**
 * qPCR run controls, judged by the run's Cq cut-off: a positive control must amplify before it (or
 * the run could not have detected its target: every ND of the target is unproven), and a negative
 * (no-template) control must not (or the wells were contaminated: every detection of the target is
 * suspect). A failed control holds back every sample of the run with results of that target, and so
 * does a missing one: a control the file does not carry proves nothing, whatever the reason it is absent.
 * A sample well's internal amplification control (IAC, the parser's `spike` rows) must amplify before
 * the cut-off too, or an ND read in that well may be inhibition rather than absence.
 */

/** The flag a failed control raises on each sample with results of its target. */
export const QPCR_CONTROL_FAILED = 'qpcr_control_failed';
/** The flag a target without a positive or a negative control in the run raises on each sample with results of it. */
export const QPCR_CONTROL_MISSING = 'qpcr_control_missing';
/** The flag a sample well whose internal amplification control did not amplify raises on its sample. */
export const QPCR_INHIBITION = 'qpcr_inhibition';

export type QpcrControlRole = 'positive' | 'negative' | 'internal';
type RunControlRole = Exclude<QpcrControlRole, 'internal'>;

/** A sample of the plan, with how the file named it. */
export interface ControlledSample {
  sampleId: string;
  ref: string;
}

/** A positive or negative control that failed, and the samples of the run whose results of its target it was to vouch for. */
export interface FailedRunControl {
  problem: 'failed';
  line: number;
  role: RunControlRole;
  /** The control's name as the file gives it ("PC-SAL-0314"), or its role ("NTC") when unnamed. */
  control: string;
  /** The well(s) it was read from. */
  well: string;
  /** The target as the file writes it, and its canonical analyte and group (null: one LabTrace does not know). */
  target: string;
  analyte: string | null;
  group: string | null;
  /** The Cq the file gives (the earliest amplification, or a late one), null when no well amplified. */
  cq: string | null;
  cutoff: string;
  /** Why it failed, as the QC verdict says it. */
  detail: string;
  /** Samples the plan stores results of the target for, with how the file named them. */
  samples: ControlledSample[];
}

/** A target the plan stores results of with no positive or no negative control row in the run at all. */
export interface MissingRunControls {
  problem: 'missing';
  /** No line: the file does not have it. */
  line: null;
  /** The roles the run lacks for the target (one or both). */
  roles: RunControlRole[];
  /** How the sample rows write the target, and its canonical analyte and group. */
  target: string;
  analyte: string;
  group: string;
  samples: ControlledSample[];
}

/** A well whose internal amplification control did not amplify before the cut-off, and the ND results it leaves unproven. */
export interface InhibitedWell {
  problem: 'inhibited';
  line: number;
  role: 'internal';
  /** The well's sample (or control) as the file names it. */
  control: string;
  well: string;
  /** The IAC's target name in the file ("IAC"). */
  target: string;
  cq: string | null;
  cutoff: string;
  detail: string;
  /** The targets called not detected in that well (with their canonical analyte and group when known). */
  notDetected: Array<{ target: string; analyte: string | null; group: string | null }>;
  /** The planned sample the well belongs to (none: a control well, or a sample whose NDs are not stored). */
  samples: ControlledSample[];
}

/** What stands between a qPCR run's results and a certificate: a failed or missing run control, or an inhibited well. */
export type FailedQpcrControl = FailedRunControl | MissingRunControls | InhibitedWell;

/** The control's role, when a row of a file read with a Cq cut-off is a run or internal control. */
function roleOf(row: ParsedRow, meta: ParseResult['meta']): QpcrControlRole | undefined {
  if (meta.cqCutoff === undefined) return undefined;
  if (row.kind === 'check_standard') return 'positive';
  if (row.kind === 'blank') return 'negative';
  if (row.kind === 'spike') return 'internal';
  return undefined;
}

const ROLE_NAMES: Record<QpcrControlRole, string> = {
  positive: 'positive control',
  negative: 'negative control',
  internal: 'internal amplification control',
};

/** A decimal Cq in the cell text, for messages ("NaN" and blanks are none). */
function cqOf(row: ParsedRow): string | null {
  if (row.value !== undefined) return row.value;
  return /^\d+([.,]\d+)?$/.test(row.raw.trim()) ? row.raw.trim() : null;
}

/**
 * The verdict of a qPCR control (a file read with a Cq cut-off), or undefined for any other row.
 * Positive and internal: pass only when every well amplified before the cut-off (the parser reports a
 * group of replicate wells by its earliest detection and flags a disagreement; an internal control is
 * one well). Negative: fails when any well amplified before it. A control with no Cq reading at all
 * vouches for nothing and fails.
 */
export function qpcrControlVerdict(row: ParsedRow, meta: ParseResult['meta']): QcVerdict | undefined {
  const role = roleOf(row, meta);
  if (!role) return undefined;
  const base = { line: row.line, kind: row.kind, sampleRef: row.sampleRef, analyte: row.analyte };
  const cutoff = meta.cqCutoff!;
  const wells = row.well ? ` (well${row.well.includes(',') ? 's' : ''} ${row.well})` : '';
  const name = ROLE_NAMES[role];
  const cq = cqOf(row);
  const amplified = row.value !== undefined;
  if (row.qualifier === 'NO_VALUE') return { ...base, verdict: 'fail', detail: `${name}${wells} has no Cq reading ("${row.raw}")` };
  if (role !== 'negative') {
    if (!amplified) {
      const late = cq ? `amplified only at Cq ${cq}, at or after the cut-off ${cutoff}` : `did not amplify (Cq "${row.raw}"; cut-off ${cutoff})`;
      return { ...base, verdict: 'fail', detail: `${name}${wells} ${late}` };
    }
    if (row.flags?.includes('replicate_disagreement'))
      return {
        ...base,
        verdict: 'fail',
        detail: `a replicate well of the ${name}${wells} did not amplify before the cut-off ${cutoff} (earliest Cq ${cq})`,
      };
    return { ...base, verdict: 'pass', detail: `${name}${wells} amplified at Cq ${cq}, before the cut-off ${cutoff}` };
  }
  if (amplified) return { ...base, verdict: 'fail', detail: `${name}${wells} amplified at Cq ${cq}, before the cut-off ${cutoff}` };
  const late = cq ? `amplified only at Cq ${cq}, at or after the cut-off ${cutoff}` : `did not amplify before the cut-off ${cutoff}`;
  return { ...base, verdict: 'pass', detail: `${name}${wells} ${late}` };
}

/** The planned samples with stored results of an analyte, with how the file named them. */
function samplesCarrying(samples: readonly PlannedSample[], analyteId: string, group: string): ControlledSample[] {
  return samples
    .filter((p) => p.groups.some((g) => g.group === group && g.analytes.some((a) => a.analyte === analyteId)))
    .map((p) => ({ sampleId: p.target.id, ref: p.target.labCode ?? p.target.sampleInventoryId }));
}

const wellsOf = (row: ParsedRow) => new Set((row.well ?? '').split(',').map((w) => w.trim().toUpperCase()));

/**
 * The run's control problems, each with the planned samples it holds back: controls that failed (by
 * their verdicts), targets of stored results with no positive or no negative control row at all, and
 * sample wells whose internal control failed while a target of the well was called not detected.
 * Files without a cut-off (not qPCR) have none.
 */
export function failedQpcrControls(parsed: ParseResult, verdicts: readonly QcVerdict[], samples: readonly PlannedSample[]): FailedQpcrControl[] {
  if (parsed.meta.cqCutoff === undefined) return [];
  const cutoff = parsed.meta.cqCutoff;
  const failedLines = new Set(verdicts.filter((v) => v.verdict === 'fail').map((v) => v.line));
  const detailOf = new Map(verdicts.map((v) => [v.line, v.detail]));
  const problems: FailedQpcrControl[] = [];
  const controlled = new Map<string, Set<RunControlRole>>();
  for (const row of parsed.rows) {
    const role = roleOf(row, parsed.meta);
    if (role === 'positive' || role === 'negative') {
      const analyte = resolveAnalyte(row.analyte);
      const key = analyte?.id ?? row.analyte.trim().toLowerCase();
      controlled.set(key, (controlled.get(key) ?? new Set()).add(role));
      if (!failedLines.has(row.line)) continue;
      problems.push({
        problem: 'failed',
        line: row.line,
        role,
        control: row.sampleRef,
        well: row.well ?? '',
        target: row.analyte,
        analyte: analyte?.id ?? null,
        group: analyte?.group ?? null,
        cq: cqOf(row),
        cutoff,
        detail: detailOf.get(row.line) ?? '',
        samples: analyte ? samplesCarrying(samples, analyte.id, analyte.group) : [],
      });
    } else if (role === 'internal' && failedLines.has(row.line)) {
      problems.push(inhibitedWell(row, parsed, detailOf.get(row.line) ?? '', samples));
    }
  }
  problems.push(...missingControls(parsed, controlled, samples));
  return problems;
}

/** Each target of the file's stored sample results that lacks a positive or a negative control row. */
function missingControls(parsed: ParseResult, controlled: ReadonlyMap<string, Set<RunControlRole>>, samples: readonly PlannedSample[]): MissingRunControls[] {
  const missing = new Map<string, MissingRunControls>();
  for (const row of parsed.rows) {
    if (row.kind !== 'sample') continue;
    const analyte = resolveAnalyte(row.analyte);
    if (!analyte || missing.has(analyte.id)) continue;
    const has = controlled.get(analyte.id);
    const roles = (['positive', 'negative'] as const).filter((r) => !has?.has(r));
    const carrying = samplesCarrying(samples, analyte.id, analyte.group);
    if (roles.length === 0 || carrying.length === 0) continue;
    missing.set(analyte.id, { problem: 'missing', line: null, roles, target: row.analyte, analyte: analyte.id, group: analyte.group, samples: carrying });
  }
  return [...missing.values()];
}

/** A failed internal control, with the NDs of its well and the planned sample they are stored for. */
function inhibitedWell(iac: ParsedRow, parsed: ParseResult, detail: string, samples: readonly PlannedSample[]): InhibitedWell {
  const wells = wellsOf(iac);
  const ref = iac.sampleRef.trim().toUpperCase();
  const notDetected = parsed.rows
    .filter((r) => r.kind === 'sample' && r.qualifier === 'ND' && r.sampleRef.trim().toUpperCase() === ref && [...wellsOf(r)].some((w) => wells.has(w)))
    .map((r) => {
      const analyte = resolveAnalyte(r.analyte);
      return { target: r.analyte, analyte: analyte?.id ?? null, group: analyte?.group ?? null };
    });
  // The plan keeps no row-to-sample link: the well's sample is the planned one its reference names (a lab code or inventory id).
  const sample = samples.find((p) => [p.target.labCode, p.target.sampleInventoryId].some((id) => id?.toUpperCase() === ref));
  const stored = sample
    ? notDetected.some((t) => t.analyte !== null && sample.groups.some((g) => g.group === t.group && g.analytes.some((a) => a.analyte === t.analyte)))
    : false;
  return {
    problem: 'inhibited',
    line: iac.line,
    role: 'internal',
    control: iac.sampleRef,
    well: iac.well ?? '',
    target: iac.analyte,
    cq: cqOf(iac),
    cutoff: parsed.meta.cqCutoff!,
    detail,
    notDetected,
    samples: sample && stored ? [{ sampleId: sample.target.id, ref: sample.target.labCode ?? sample.target.sampleInventoryId }] : [],
  };
}

/** At most this many samples are named in one control's warning; the rest are counted. */
export const CONTROL_SAMPLES_NAMED_MAX = 10;

function named(samples: readonly ControlledSample[]): string {
  const refs = samples.map((s) => s.ref);
  return (
    refs.slice(0, CONTROL_SAMPLES_NAMED_MAX).join(', ') +
    (refs.length > CONTROL_SAMPLES_NAMED_MAX ? ` and ${refs.length - CONTROL_SAMPLES_NAMED_MAX} more` : '')
  );
}

/** "no positive control" / "no positive control and no negative (no-template) control". */
function missingRoles(roles: readonly RunControlRole[]): string {
  return roles.map((r) => (r === 'positive' ? 'no positive control' : 'no negative (no-template) control')).join(' and ');
}

/** Why a missing role leaves results unproven. */
function missingConsequence(roles: readonly RunControlRole[]): string {
  return roles
    .map((r) =>
      r === 'positive' ? 'nothing shows the run could detect it (its NDs are unproven)' : 'nothing shows the wells were clean (its detections are suspect)',
    )
    .join(', and ');
}

const targetsOf = (w: InhibitedWell) => w.notDetected.map((t) => t.target).join(', ');

/** What the answer (a dry run's too) says of each control problem: which samples' results it holds back. */
export function failedControlWarnings(problems: readonly FailedQpcrControl[]): string[] {
  return problems.map((c) => {
    const release = (kind: string) => `each sample gets a ${kind} QC flag a second person must resolve before release`;
    if (c.problem === 'missing')
      return `${missingRoles(c.roles)} for ${c.target} in this run: ${missingConsequence(c.roles)}; the ${c.target} results of ${named(c.samples)} cannot be trusted: ${release(QPCR_CONTROL_MISSING)}`;
    if (c.problem === 'inhibited') {
      const what = `line ${c.line}: the internal amplification control (${c.target}) of ${c.control} failed: ${c.detail}`;
      if (c.samples.length === 0)
        return c.notDetected.length === 0
          ? `${what}; no result of that well was called not detected, so none is held back`
          : `${what}; its not-detected ${targetsOf(c)} may be inhibition, but no stored result of a sample was matched to that well: check it by hand`;
      return `${what}; the not-detected ${targetsOf(c)} of ${named(c.samples)} may be inhibition rather than absence: the sample gets a ${QPCR_INHIBITION} QC flag a second person must resolve before release`;
    }
    const what = `line ${c.line}: the ${c.target} ${c.role} control ${c.control} failed: ${c.detail}`;
    if (c.samples.length === 0) return `${what}; no ${c.target} results of this file are stored, so no sample is held back`;
    return `${what}; the ${c.target} results of ${named(c.samples)} cannot be trusted: ${release(QPCR_CONTROL_FAILED)}`;
  });
}

/** The QC flags the control problems raise, one per sample held back (the shape NewQcFlag takes, less the import id). */
export function failedControlFlags(problems: readonly FailedQpcrControl[], filename: string) {
  return problems.flatMap((c) => c.samples.map((s) => ({ sampleId: s.sampleId, ...flagOf(c, filename) })));
}

function flagOf(c: FailedQpcrControl, filename: string): { analyteGroup: string | null; analyte: string | null; kind: string; message: string } {
  if (c.problem === 'missing')
    return {
      analyteGroup: c.group,
      analyte: c.analyte,
      kind: QPCR_CONTROL_MISSING,
      message: `${missingRoles(c.roles)} for ${c.target} in this run (${filename}): ${missingConsequence(c.roles)}; the ${c.target} result needs review`,
    };
  if (c.problem === 'inhibited') {
    // One flag per well: it names the analyte when the well held one ND target, the group when they share one.
    const groups = new Set(c.notDetected.map((t) => t.group));
    const one = c.notDetected.length === 1 ? c.notDetected[0] : undefined;
    return {
      analyteGroup: groups.size === 1 ? [...groups][0] : null,
      analyte: one?.analyte ?? null,
      kind: QPCR_INHIBITION,
      message: `${c.detail} at line ${c.line} of ${filename}: the not-detected ${targetsOf(c)} of well ${c.well} may be inhibition rather than absence; review (re-extract or dilute and re-run)`,
    };
  }
  return {
    analyteGroup: c.group,
    analyte: c.analyte,
    kind: QPCR_CONTROL_FAILED,
    message: `${c.role} control ${c.control} for ${c.target} at line ${c.line} failed: ${c.detail}; the ${c.target} results from ${filename} need review`,
  };
}

import { resolveAnalyte } from '../rules/analytes/vocabulary';
import type { PlannedSample, QcVerdict } from './import-plan';
import type { ParsedRow, ParseResult } from './parsers/parser.types';

/**
 * qPCR run controls, judged by the run's Cq cut-off: a positive control must amplify before it (or
 * the run could not have detected its target: every ND of the target is unproven), and a negative
 * (no-template) control must not (or the wells were contaminated: every detection of the target is
 * suspect). A failed control holds back every sample of the run with results of that target.
 */

/** The flag a failed control raises on each sample with results of its target. */
export const QPCR_CONTROL_FAILED = 'qpcr_control_failed';

export type QpcrControlRole = 'positive' | 'negative';

/** A control that failed, and the samples of the run whose results of its target it was to vouch for. */
export interface FailedQpcrControl {
  line: number;
  role: QpcrControlRole;
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
  samples: Array<{ sampleId: string; ref: string }>;
}

/** The control's role, when a row of a file read with a Cq cut-off is a run control. */
function roleOf(row: ParsedRow, meta: ParseResult['meta']): QpcrControlRole | undefined {
  if (meta.cqCutoff === undefined) return undefined;
  if (row.kind === 'check_standard') return 'positive';
  if (row.kind === 'blank') return 'negative';
  return undefined;
}

/** A decimal Cq in the cell text, for messages ("NaN" and blanks are none). */
function cqOf(row: ParsedRow): string | null {
  if (row.value !== undefined) return row.value;
  return /^\d+([.,]\d+)?$/.test(row.raw.trim()) ? row.raw.trim() : null;
}

/**
 * The verdict of a qPCR run control (a file read with a Cq cut-off), or undefined for any other row.
 * Positive: passes only when every well amplified before the cut-off (the parser reports a group of
 * replicate wells by its earliest detection and flags a disagreement). Negative: fails when any well
 * amplified before it. A control with no Cq reading at all vouches for nothing and fails.
 */
export function qpcrControlVerdict(row: ParsedRow, meta: ParseResult['meta']): QcVerdict | undefined {
  const role = roleOf(row, meta);
  if (!role) return undefined;
  const base = { line: row.line, kind: row.kind, sampleRef: row.sampleRef, analyte: row.analyte };
  const cutoff = meta.cqCutoff!;
  const wells = row.well ? ` (well${row.well.includes(',') ? 's' : ''} ${row.well})` : '';
  const cq = cqOf(row);
  const amplified = row.value !== undefined;
  if (row.qualifier === 'NO_VALUE') return { ...base, verdict: 'fail', detail: `${role} control${wells} has no Cq reading ("${row.raw}")` };
  if (role === 'positive') {
    if (!amplified) {
      const late = cq ? `amplified only at Cq ${cq}, at or after the cut-off ${cutoff}` : `did not amplify (Cq "${row.raw}"; cut-off ${cutoff})`;
      return { ...base, verdict: 'fail', detail: `positive control${wells} ${late}` };
    }
    if (row.flags?.includes('replicate_disagreement'))
      return {
        ...base,
        verdict: 'fail',
        detail: `a replicate well of the positive control${wells} did not amplify before the cut-off ${cutoff} (earliest Cq ${cq})`,
      };
    return { ...base, verdict: 'pass', detail: `positive control${wells} amplified at Cq ${cq}, before the cut-off ${cutoff}` };
  }
  if (amplified) return { ...base, verdict: 'fail', detail: `negative control${wells} amplified at Cq ${cq}, before the cut-off ${cutoff}` };
  const late = cq ? `amplified only at Cq ${cq}, at or after the cut-off ${cutoff}` : `did not amplify before the cut-off ${cutoff}`;
  return { ...base, verdict: 'pass', detail: `negative control${wells} ${late}` };
}

/** The failed run controls of a qPCR file, each with the planned samples that have results of its target. */
export function failedQpcrControls(parsed: ParseResult, verdicts: readonly QcVerdict[], samples: readonly PlannedSample[]): FailedQpcrControl[] {
  const failedLines = new Set(verdicts.filter((v) => v.verdict === 'fail').map((v) => v.line));
  const detailOf = new Map(verdicts.map((v) => [v.line, v.detail]));
  const failed: FailedQpcrControl[] = [];
  for (const row of parsed.rows) {
    const role = roleOf(row, parsed.meta);
    if (!role || !failedLines.has(row.line)) continue;
    const analyte = resolveAnalyte(row.analyte);
    const carrying = analyte ? samples.filter((p) => p.groups.some((g) => g.group === analyte.group && g.analytes.some((a) => a.analyte === analyte.id))) : [];
    failed.push({
      line: row.line,
      role,
      control: row.sampleRef,
      well: row.well ?? '',
      target: row.analyte,
      analyte: analyte?.id ?? null,
      group: analyte?.group ?? null,
      cq: cqOf(row),
      cutoff: parsed.meta.cqCutoff!,
      detail: detailOf.get(row.line) ?? '',
      samples: carrying.map((p) => ({ sampleId: p.target.id, ref: p.target.labCode ?? p.target.sampleInventoryId })),
    });
  }
  return failed;
}

/** At most this many samples are named in one control's warning; the rest are counted. */
export const CONTROL_SAMPLES_NAMED_MAX = 10;

/** What the answer (a dry run's too) says of each failed control: which samples' results of its target it holds back. */
export function failedControlWarnings(failed: readonly FailedQpcrControl[]): string[] {
  return failed.map((c) => {
    const what = `line ${c.line}: the ${c.target} ${c.role} control ${c.control} failed: ${c.detail}`;
    if (c.samples.length === 0) return `${what}; no ${c.target} results of this file are stored, so no sample is held back`;
    const refs = c.samples.map((s) => s.ref);
    const named =
      refs.slice(0, CONTROL_SAMPLES_NAMED_MAX).join(', ') +
      (refs.length > CONTROL_SAMPLES_NAMED_MAX ? ` and ${refs.length - CONTROL_SAMPLES_NAMED_MAX} more` : '');
    return `${what}; the ${c.target} results of ${named} cannot be trusted: each sample gets a ${QPCR_CONTROL_FAILED} QC flag a second person must resolve before release`;
  });
}

/** The QC flag a failed control raises on one sample (the shape NewQcFlag takes, less the import id). */
export function failedControlFlags(failed: readonly FailedQpcrControl[], filename: string) {
  return failed.flatMap((c) =>
    c.samples.map((s) => ({
      sampleId: s.sampleId,
      analyteGroup: c.group,
      analyte: c.analyte,
      kind: QPCR_CONTROL_FAILED,
      message: `${c.role} control ${c.control} for ${c.target} at line ${c.line} failed: ${c.detail}; the ${c.target} results from ${filename} need review`,
    })),
  );
}

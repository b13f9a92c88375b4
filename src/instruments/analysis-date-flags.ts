import { analysisDateFindings, impossibleAnalysisDates } from '../results/entry/analysis-dates';
import type { NewQcFlag } from '../results/results.service';
import { labInstant } from './lab-clock';

/** The QC flag kind of a file's analysis date that cannot be true of the sample. */
export const ANALYSIS_DATE_FLAG = 'analysis_date';

/** A sample an import stores into, with the analyte groups it stores. */
export interface DatedSample {
  sample: { id: string; labCode: string | null; receivedAt: Date | null };
  groups: ReadonlyArray<{ group: string }>;
}

/** One sample and group whose date, per the file, is before the sample's receipt or after now. */
export interface FileDateFinding {
  sampleId: string;
  labCode: string | null;
  group: string;
  message: string;
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The sample groups an import dates impossibly by `printed`, the file's date as it prints it (the lab's wall
 * clock, no zone; a date alone is that whole day in the lab's zone). A file is not refused for it: its
 * dates are evidence, and an instrument's clock may be wrong, so each finding becomes a QC flag a
 * reviewer resolves. `source` says whose word the date is ("the file", "the COA").
 */
export function fileDateFindings(
  samples: readonly DatedSample[],
  printed: string | null | undefined,
  clock: { timeZone: string; now: Date },
  source: string,
): FileDateFinding[] {
  const trimmed = printed?.trim();
  // A day alone stays a day (impossibleAnalysisDates reads it in the zone); a time is placed on the lab's clock.
  const analysedAt = trimmed && DAY_ONLY.test(trimmed) ? trimmed : labInstant(trimmed, clock.timeZone);
  if (!analysedAt) return [];
  return samples.flatMap(({ sample, groups }) => {
    const dated = [...new Set(groups.map((g) => g.group))].map((group) => ({ group, analysedAt, analytes: [] }));
    const found = impossibleAnalysisDates(dated, { receivedAt: sample.receivedAt, now: clock.now, timeZone: clock.timeZone });
    return analysisDateFindings(found, source).map(({ group, message }) => ({ sampleId: sample.id, labCode: sample.labCode, group, message }));
  });
}

/**
 * An import dated at the upload (the file states no date, the upload gave none): per sample and group,
 * a finding, so the date is confirmed by a second person (its QC flag) before the rows are released.
 * `day`: the upload's day on the lab's clock.
 */
export function uploadDateFindings(samples: readonly DatedSample[], day: string): FileDateFinding[] {
  return samples.flatMap(({ sample, groups }) =>
    [...new Set(groups.map((g) => g.group))].map((group) => ({
      sampleId: sample.id,
      labCode: sample.labCode,
      group,
      message: `${group}: the file states no analysis date; dated at the upload ${day}`,
    })),
  );
}

/** The findings as QC flags of the import run `importId`, one per sample and group. */
export function analysisDateFlags(findings: readonly FileDateFinding[], importId: string): NewQcFlag[] {
  return findings.map((f) => ({ sampleId: f.sampleId, importId, analyteGroup: f.group, analyte: null, kind: ANALYSIS_DATE_FLAG, message: f.message }));
}

/** The findings as the import's answer says them; a dry run says the same as its store (a store raises the flags). */
export function analysisDateWarnings(findings: readonly FileDateFinding[]): string[] {
  return findings.map((f) => `${f.labCode ?? f.sampleId}: ${f.message}; a QC flag holds the sample back from release until it is resolved.`);
}

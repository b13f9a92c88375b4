import type { SampleResultsDto } from '../../results/dto/results-response.dto';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import type { RowLeftAsIs } from '../reimport-rows';
import type { SampleMatchedBy } from '../sample-matcher';
import type { CoaImportPlan, CoaImportRow } from './coa-import-plan';
import type { CoaLayoutName, ParsedCoa } from './coa-layout.types';

/** How the COA found its sample: one of its own ids, or the `sampleId` form field. */
export type CoaMatchedBy = SampleMatchedBy | 'sampleId';

/** What the COA says about itself, beside what LabTrace made of it. */
export interface CoaFacts {
  labName: string | null;
  /** The issuing lab's licence or permit. */
  labLicense: string | null;
  sampleIds: string[];
  inventoryIds: string[];
  productName: string | null;
  productType: string | null;
  collectedAt: string | null;
  receivedAt: string | null;
  testedAt: string | null;
  releasedAt: string | null;
  reportedOverall: 'pass' | 'fail' | null;
  reportedGroups: Record<string, 'pass' | 'fail' | 'tested'>;
}

/** The COA's verdict for an analyte beside LabTrace's own judgement of the stored result. */
export interface CoaComparison {
  analyte: string;
  name: string;
  reportedStatus: CoaImportRow['reportedStatus'];
  status: string | null;
  /** Null when either side gives no pass/fail to compare. */
  agrees: boolean | null;
}

export interface CoaGroupComparison {
  group: string;
  reportedStatus: 'pass' | 'fail' | 'tested' | null;
  status: string | null;
}

export interface CoaImportAnswer {
  /** The import's id; for a duplicate the earlier import's; null for a dry run of a new file. */
  id: string | null;
  duplicate: boolean;
  dryRun: boolean;
  layout: CoaLayoutName;
  sampleId: string | null;
  /** LabTrace's lab code of that sample. */
  labCode: string | null;
  matchedBy: CoaMatchedBy | null;
  coa: CoaFacts;
  rows: CoaImportRow[];
  /** Rows stored as results (0 for a dry run); `accepted` is what a dry run would store. */
  stored: number;
  accepted: number;
  skipped: number;
  unknownAnalytes: string[];
  comparisons: CoaComparison[];
  groups: CoaGroupComparison[];
  /** The sample's overall verdict with these results, when judged. */
  sampleStatus: string | null;
  /** The QC flags the import raises on the sample (a dry run's: would raise); each holds release until a person resolves it. */
  qcFlags: CoaImportQcFlag[];
  /** The same COA bytes imported again: rows changed since (by hand, an amendment, another file) left as they are (a warning names each). */
  leftAsIs: RowLeftAsIs[];
  warnings: string[];
}

/** One QC flag an import raises (analysis_date, coa_identity, coa_product_type); its warning says the same. */
export interface CoaImportQcFlag {
  kind: string;
  /** The group it is about; null when it is about the whole sample. */
  analyteGroup: string | null;
  message: string;
}

export function coaFacts(parsed: ParsedCoa): CoaFacts {
  return {
    labName: parsed.labName ?? null,
    labLicense: parsed.labCode ?? null,
    sampleIds: parsed.sampleIds,
    inventoryIds: parsed.inventoryIds,
    productName: parsed.productName ?? null,
    productType: parsed.productType ?? null,
    collectedAt: parsed.collectedAt ?? null,
    receivedAt: parsed.receivedAt ?? null,
    testedAt: parsed.testedAt ?? null,
    releasedAt: parsed.releasedAt ?? null,
    reportedOverall: parsed.reportedOverall ?? null,
    reportedGroups: parsed.reportedGroups,
  };
}

/** Per accepted analyte and per group: the COA's verdict and LabTrace's, with a warning for each disagreement. */
export function compareVerdicts(
  parsed: ParsedCoa,
  plan: CoaImportPlan,
  judged: SampleResultsDto | null,
): { comparisons: CoaComparison[]; groups: CoaGroupComparison[]; warnings: string[] } {
  const statusOf = new Map(judged?.groups.flatMap((g) => g.analytes.map((a) => [a.analyte, a.status] as const)) ?? []);
  const warnings: string[] = [];
  const comparisons = plan.rows
    .filter((r) => r.outcome === 'accepted' && r.canonical)
    .map((r): CoaComparison => {
      const status = statusOf.get(r.canonical!.analyte) ?? null;
      const comparable = (r.reportedStatus === 'pass' || r.reportedStatus === 'fail') && (status === 'pass' || status === 'fail');
      const agrees = comparable ? r.reportedStatus === status : null;
      if (agrees === false) warnings.push(`${r.canonical!.name}: the COA says ${r.reportedStatus}, LabTrace judges ${status} against its limit set.`);
      return { analyte: r.canonical!.analyte, name: r.canonical!.name, reportedStatus: r.reportedStatus, status, agrees };
    });
  const touched = new Set([...Object.keys(parsed.reportedGroups), ...plan.groups.map((g) => g.group)]);
  const groupStatus = new Map(judged?.groups.map((g) => [g.group, g.status]) ?? []);
  const groups = [...touched].map((group) => ({ group, reportedStatus: parsed.reportedGroups[group] ?? null, status: groupStatus.get(group) ?? null }));
  return { comparisons, groups, warnings };
}

/** What is kept in `instrument_imports.summary`: the answer without what depends on the request. */
export function storedSummary(answer: CoaImportAnswer): Record<string, unknown> {
  const { id: _id, duplicate: _duplicate, dryRun: _dryRun, ...summary } = answer;
  return summary;
}

export function answerFromSummary(id: string, summary: Record<string, unknown>, as: { duplicate: boolean; dryRun: boolean }): CoaImportAnswer {
  // Imports stored before qcFlags was kept answer none (their flags, if any, are on the sample).
  const kept = summary as unknown as Omit<CoaImportAnswer, 'id' | 'duplicate' | 'dryRun' | 'qcFlags' | 'leftAsIs'> & {
    qcFlags?: CoaImportQcFlag[];
    leftAsIs?: RowLeftAsIs[];
  };
  return { ...kept, qcFlags: kept.qcFlags ?? [], leftAsIs: kept.leftAsIs ?? [], id, ...as };
}

/**
 * The same file sent again for another sample than the one it was imported into: a file is stored
 * once, so an answer of "duplicate" would leave the other sample with nothing while reading as done.
 * Null when the earlier import is the requested sample's (an idempotent repeat).
 */
export function importedElsewhere(
  earlier: CoaImportAnswer,
  run: { id: string; createdAt: Date },
  requested: { id: string; labCode: string | null; sampleInventoryId: string },
): InstrumentsError | null {
  if (earlier.sampleId === null || earlier.sampleId === requested.id) return null;
  const where = earlier.labCode ?? earlier.sampleId;
  const asked = requested.labCode ?? requested.sampleInventoryId;
  return new InstrumentsError(
    InstrumentsErrorCode.COA_ALREADY_IMPORTED,
    `This COA file was already imported into sample ${where} (import ${run.id}, ${run.createdAt.toISOString().slice(0, 10)}); nothing was attached to ${asked}. ` +
      `A file is imported once: if its results are ${asked}'s, correct ${where}'s results and enter ${asked}'s by hand; if ${where} is right, there is nothing to do.`,
    { importId: run.id, sampleId: earlier.sampleId, labCode: earlier.labCode, requestedSampleId: requested.id, requestedLabCode: requested.labCode },
  );
}

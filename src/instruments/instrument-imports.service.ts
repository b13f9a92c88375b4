import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { Actor } from '../common/actor';
import { labDay } from '../common/lab-instant';
import { ParsePool } from '../common/parsing/parse-pool';
import { AppConfig } from '../config/app-config';
import { hasReason } from '../results/entry/correction-reason';
import { NewQcFlag, ResultsService } from '../results/results.service';
import { MethodSetsService } from '../rules/methods/method-sets.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { acceptsResults } from '../samples/sample-status';
import { analysisDateFlags, analysisDateWarnings, fileDateFindings, uploadDateFindings, type FileDateFinding } from './analysis-date-flags';
import { withMappingWarning, type InstrumentMapping } from './column-mappings';
import type { ImportRunEntity } from './entities/import-run.entity';
import {
  analysedAtBeforeReceipt,
  analysedAtChoice,
  analysedAtFieldProblem,
  analysisDateAuditText,
  analysisDateWarning,
  importAnalysisDate,
  UPLOAD_ANALYSED_AT_FIELD,
  type AnalysisDate,
} from './import-analysis-date';
import type { ImportFormat } from './import-format';
import { chooseCqCutoff, chooseImportMethods, importMethod, UPLOAD_METHODS_FIELD, type ImportMethod } from './import-method';
import { groupsCarried, ImportPlan, ImportTarget, planImport } from './import-plan';
import { ImportRunner } from './import-runner.service';
import { ImportRunsRepository } from './import-runs.repository';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import { cqCutoffProblem } from './parsers/biorad-cfx-cq.parser';
import { InstrumentFormat, ParseOptions, ParseResult } from './parsers/parser.types';
import { parseExportOffThread } from './parsing/off-thread';
import { failedControlFlags } from './qpcr-controls';
import {
  handRowsChanged,
  handRowsReasonMessage,
  handRowsWarnings,
  leftAsIsAudits,
  reimportPlan,
  replacedSinceWarnings,
  UPLOAD_REASON_FIELD,
  type HandRowChanged,
  type RowLeftAsIs,
} from './reimport-rows';
import { NamedSample, SampleMatcher } from './sample-matcher';

export interface ImportRequest {
  bytes: Buffer;
  filename: string;
  format?: InstrumentFormat;
  dryRun: boolean;
  options: ParseOptions;
  /** The method the instrument's mapping gives (checked against the method set in force); `matchedBy` columns: the upload repeated its columns. */
  method?: { instrument: string; methodId: string; matchedBy?: InstrumentMapping['matchedBy'] };
  /** The saved mapping the file is read through (named, or repeated by a one-off columnMapping): its last saver counts as a contributor. */
  mapping?: InstrumentMapping;
  /** Registry method ids the upload names, one per group at most (see namedMethodIds, chooseImportMethods). */
  methods?: readonly string[];
  /** The upload's analysis date of an undated file (a day or a date-time on the lab's clock), as sent. */
  analysedAt?: string;
  /** Why the import changes results written by hand or by an amendment (required then, see handRowsChanged); kept in its audit events. */
  reason?: string;
}

export interface ImportSummary {
  id: string | null;
  duplicate: boolean;
  dryRun: boolean;
  format: string;
  filename: string;
  meta: Record<string, unknown>;
  rows: number;
  stored: number;
  matched: Array<{ sampleId: string; labCode: string | null; rows: number }>;
  unmatched: ImportPlan['rejected'];
  unknownAnalytes: string[];
  qcVerdicts: ImportPlan['qc'];
  qcFlagsRaised: number;
  skippedLines: ParseResult['skipped'];
  accounting: ImportPlan['accounting'];
  /** Each group the file carries and the method it got (`from`: the upload's methods or the instrument's mapping), or null. */
  methods: ImportPlan['methods'];
  /** Groups stored with no method named: they cannot be submitted until one is given (a warning says so). */
  groupsWithoutMethod: string[];
  /** A re-import of bytes stored before: rows changed since (by hand, an amendment, another file), left as they are (a warning names each). */
  leftAsIs: RowLeftAsIs[];
  /** Rows written by hand or by an amendment the import changes (value, qualifier or unit): a store needs `reason` (else 400 REASON_REQUIRED); a dry run lists and warns. */
  replacesHandRows: HandRowChanged[];
  warnings: string[];
}

/** The samples an export's rows name, by reference. */
interface RowsNamed {
  samples: SampleEntity[];
  byRef: Map<string, NamedSample[]>;
}

const RUN = { kind: 'instrument', label: 'instrument import' } as const;

/**
 * An instrument export in: parsed (format detected by content), planned row by row, and stored through
 * the import run (results, QC flags, the import record). A dry run answers the same summary, judged,
 * and stores nothing; the same bytes twice answer the first import's summary.
 */
@Injectable()
export class InstrumentImportsService {
  private readonly timeZone: string;

  constructor(
    private readonly runner: ImportRunner,
    private readonly matcher: SampleMatcher,
    private readonly results: ResultsService,
    private readonly methods: MethodSetsService,
    config: AppConfig,
    private readonly pool: ParsePool,
    private readonly runs: ImportRunsRepository,
  ) {
    this.timeZone = config.lab.timezone;
  }

  async importExport(sent: ImportRequest, actor: Extract<Actor, { type: 'user' }>): Promise<ImportSummary> {
    const cutoff = sent.options.cqCutoff;
    const problem = cutoff === undefined ? undefined : cqCutoffProblem(cutoff);
    if (problem)
      throw new InstrumentsError(InstrumentsErrorCode.INVALID_IMPORT_REQUEST, `cqCutoff: ${problem}; nothing was stored`, [
        { field: 'cqCutoff', message: problem },
      ]);
    const req = await this.withMethodCutoff(sent);
    const dated = req.analysedAt === undefined ? null : analysedAtFieldProblem(req.analysedAt, { timeZone: this.timeZone, now: new Date() });
    if (dated) throw analysedAtRefused(dated);
    return this.runner.run(this.exportFormat(req), { ...req, choices: uploadChoices(req, this.timeZone) }, actor);
  }

  /**
   * The request with the Cq cut-off its qPCR wells are called by: a named method's (the upload's or the
   * mapping's) when it carries one, else the form's (chooseCqCutoff); 400 on a form cut-off that differs.
   */
  private async withMethodCutoff(req: ImportRequest): Promise<ImportRequest> {
    const ids = [...(req.methods ?? []), ...(req.method ? [req.method.methodId] : [])];
    if (ids.length === 0) return req;
    const chosen = chooseCqCutoff(await this.methods.registryInForce(), ids, req.options.cqCutoff);
    if ('errors' in chosen)
      throw new InstrumentsError(
        InstrumentsErrorCode.INVALID_IMPORT_REQUEST,
        `${chosen.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}; nothing was stored`,
        chosen.errors,
      );
    if (chosen.source !== 'method') return req;
    return { ...req, options: { ...req.options, cqCutoff: chosen.cutoff, cqCutoffMethod: chosen.methodId } };
  }

  async getImport(id: string): Promise<ImportSummary> {
    const run = await this.runner.find(RUN, id);
    const summary = run.summary as unknown as Partial<ImportSummary>;
    return fromRun(summary, run.id, { duplicate: summary.duplicate ?? false, dryRun: summary.dryRun ?? false });
  }

  private exportFormat(req: ImportRequest): ImportFormat<ParseResult, RowsNamed, PlannedExport, ImportSummary> {
    return {
      ...RUN,
      source: 'instrument_import',
      // In a parsing thread, dry runs too: the API's event loop never runs a parser.
      read: async (file) => withMappingWarning(await parseExportOffThread(this.pool, file, { format: req.format, options: req.options }), req.mapping),
      // The mapping's last saver chose what its imports print (its method's LOD and LOQ): their events name them.
      ...(req.mapping ? { mappingSavedBy: req.mapping.savedBy } : {}),
      match: (parsed) => this.samplesNamedIn(parsed),
      plan: async (parsed, named, samples, required, earlier) => {
        const methods = await this.groupMethods(req, parsed);
        const clock = { timeZone: this.timeZone, now: new Date() };
        const analysisDate = importAnalysisDate(parsed.meta.acquiredAt, req.analysedAt, earlier, clock);
        if ('problem' in analysisDate) throw analysedAtRefused(analysisDate.problem);
        const planned = planImport(parsed, (ref) => targetOf(named.byRef.get(ref), samples), { methods, timeZone: this.timeZone, analysedAt: analysisDate.at });
        const { plan, leftAsIs, handRows } = await this.reimported(planned, samples, earlier, analysisDate);
        // As hand entry: a recorded result written by hand or by an amendment changes only with a reason (a dry run lists and warns).
        if (required && handRows.length > 0 && !hasReason(req.reason))
          throw new InstrumentsError(
            InstrumentsErrorCode.REASON_REQUIRED,
            `${handRows.length} recorded result(s) written by hand or by an amendment would change; say why in ${UPLOAD_REASON_FIELD}. Nothing was stored`,
            [{ field: UPLOAD_REASON_FIELD, message: handRowsReasonMessage(handRows) }],
          );
        const stored = plan.samples.map((p) => ({ sample: samples.get(p.target.id)!, groups: p.groups }));
        if (analysisDate.from === 'form') {
          const early = analysedAtBeforeReceipt(
            req.analysedAt!,
            stored.map((s) => s.sample),
            clock,
          );
          if (early) throw analysedAtRefused(early);
        }
        // A date nobody stated (the upload's instant) is confirmed by a second person before release: a QC flag per sample and group.
        const dates =
          analysisDate.from === 'upload'
            ? uploadDateFindings(stored, labDay(analysisDate.at, this.timeZone))
            : fileDateFindings(stored, parsed.meta.acquiredAt, clock, 'the file');
        return { plan, samples, dates, cqCutoff: parsed.meta.cqCutoff, analysisDate, leftAsIs, handRows, reasonGiven: hasReason(req.reason) };
      },
      // A sample whose every row was left as it is (a re-import) is not written at all.
      results: ({ plan, samples }) => plan.samples.filter((p) => p.groups.length > 0).map((p) => ({ sample: samples.get(p.target.id)!, groups: p.groups })),
      record: (parsed, _named, { analysisDate }) => ({ format: parsed.format, meta: { ...parsed.meta, analysisDate } }),
      // The audit of each result keeps the cut-off its detections were called by and where it came from, where its
      // date came from (a date the file does not state is the uploader's to answer for), and the upload's reason.
      reason: (file, parsed, { analysisDate }) =>
        `import of ${file.filename}${cutoffAuditText(parsed.meta)} (${analysisDateAuditText(analysisDate, this.timeZone)})${
          hasReason(req.reason) ? `; reason: ${req.reason.trim()}` : ''
        }`,
      // Rows a re-import left as they are: one event per sample, in the results' own INSERT.
      audits: ({ leftAsIs }, runId, actor) =>
        leftAsIsAudits(leftAsIs, runId).map(({ sampleId, after }) => ({
          actor,
          action: 'results.import_left_as_is',
          entityType: 'sample',
          entityId: sampleId,
          after,
          reason: `import of ${req.filename}: rows changed since by hand, an amendment or another file are left as they are`,
        })),
      afterStore: ({ plan, dates, cqCutoff }, runId, file, actor) =>
        this.results.recordQcFlags([...qcFlags(plan, runId, file.filename, cqCutoff), ...analysisDateFlags(dates, runId)], actor),
      answer: (parsed, _named, planned, outcome) => Promise.resolve(summarise(outcome.id, outcome.dryRun, req.filename, parsed, planned, this.timeZone)),
      summary: (answer) => answer as unknown as Record<string, unknown>,
      samplesOf: (run) => ((run.summary as Partial<ImportSummary>).matched ?? []).map((m) => m.sampleId),
      fromRun: (run, as) => this.duplicateOf(run, as),
    };
  }

  /**
   * A re-import of bytes stored before writes only rows that still come from an import of those bytes
   * (or that no row holds yet); the rest are left as they are (see reimportPlan). A file not seen
   * before is planned as it is.
   */
  private async reimported(
    plan: ImportPlan,
    samples: ReadonlyMap<string, SampleEntity>,
    earlier: readonly ImportRunEntity[],
    analysisDate: AnalysisDate,
  ): Promise<{ plan: ImportPlan; leftAsIs: RowLeftAsIs[]; handRows: HandRowChanged[] }> {
    if (plan.samples.length === 0) return { plan, leftAsIs: [], handRows: [] };
    // One read for every sample: what each row reports and who wrote it (the reason rule), and its origin (a re-import's rule).
    const origins = await this.results.rowOrigins(
      plan.samples.map((p) => ({ sampleId: p.target.id, version: ResultsService.currentVersion(samples.get(p.target.id)!) })),
    );
    const kept =
      earlier.length === 0 ? { plan, leftAsIs: [] } : reimportPlan(plan, origins, new Set(earlier.map((r) => r.id)), analysisDate.from === 'earlier_import');
    return { ...kept, handRows: handRowsChanged(kept.plan, origins) };
  }

  /** An earlier run's answer for the same bytes and choices, warning when rows it stored have since been replaced (by a later run or by hand). */
  private async duplicateOf(run: ImportRunEntity, as: { duplicate: boolean; dryRun: boolean }): Promise<ImportSummary> {
    const answer = fromRun(run.summary, run.id, as);
    const groups = new Set(answer.methods.map((m) => m.group));
    const matched = answer.matched ?? [];
    if (matched.length === 0) return answer;
    const current = await this.results.latestRowOrigins(matched.map((m) => m.sampleId));
    // Runs stored before methods were kept per group: every group of the samples' rows is the run's to check.
    const carried = groups.size > 0 ? groups : new Set(current.map((r) => r.analyteGroup));
    const replaced = replacedSinceWarnings(run.id, matched, carried, current);
    return replaced.length > 0 ? { ...answer, warnings: [...answer.warnings, ...replaced] } : answer;
  }

  /**
   * The method of each group: the upload's (`methods`), else the mapping's, all in the method set in
   * force. A mapping left naming a retired method is refused, not ignored; so is an upload's method
   * list that cannot be used as named (see chooseImportMethods), before anything is stored.
   */
  private async groupMethods(req: ImportRequest, parsed: ParseResult): Promise<ImportMethod[]> {
    const named = req.methods ?? [];
    if (!req.method && named.length === 0) return [];
    const registry = await this.methods.registryInForce();
    let mapping: ImportMethod | undefined;
    if (req.method) {
      const whose = `the mapping of instrument "${req.method.instrument}"`;
      const found = importMethod(
        registry,
        req.method.methodId,
        req.method.matchedBy === 'columns' ? `${whose} (its columns are the upload's columnMapping)` : whose,
      );
      if ('problem' in found)
        throw new InstrumentsError(
          InstrumentsErrorCode.MAPPING_METHOD_NOT_IN_FORCE,
          `${found.problem}; save the mapping with a current method; nothing was stored`,
          [{ field: 'instrument', message: found.problem }],
        );
      mapping = found;
    }
    const chosen = chooseImportMethods(registry, named, mapping, groupsCarried(parsed));
    if ('methods' in chosen) return chosen.methods;
    const text = chosen.errors.map((e) => e.message).join('; ');
    throw new InstrumentsError(
      chosen.unknown ? InstrumentsErrorCode.UNKNOWN_METHOD : InstrumentsErrorCode.INVALID_IMPORT_REQUEST,
      `${UPLOAD_METHODS_FIELD}: ${text}; nothing was stored`,
      chosen.errors,
    );
  }

  private async samplesNamedIn(parsed: ParseResult): Promise<RowsNamed> {
    const byRef = await this.matcher.byReference(parsed.rows.filter((r) => r.kind === 'sample').map((r) => r.sampleRef));
    const samples = [...byRef.values()].filter((named) => named.length === 1).map(([n]) => n.sample);
    return { samples, byRef };
  }
}

/**
 * What the upload chose that changes what is stored (ImportFile.choices): the same file naming (other)
 * methods, another Cq cut-off, format or column mapping is another import, not the earlier one's
 * duplicate; how a lab names the methods of a batch it imported without them, or corrects a choice.
 * A cut-off given is kept even when it is the default: naming it is how a run stored with another
 * cut-off is put back. An analysis date given for an undated file dates its rows, so it is a choice too.
 * None given: any earlier import of the bytes answers.
 */
export function uploadChoices(req: Pick<ImportRequest, 'methods' | 'options' | 'format' | 'analysedAt'>, timeZone = 'UTC'): Record<string, string> | undefined {
  const choices: Record<string, string> = {};
  // The instant it names: "2026-12-01" and "2026-12-01T00:00" sent for the same file are one import.
  if (req.analysedAt !== undefined) choices.analysedAt = analysedAtChoice(req.analysedAt, timeZone);
  if (req.methods?.length) choices.methods = [...new Set(req.methods)].sort().join(',');
  if (req.options.cqCutoff !== undefined) choices.cqCutoff = new Decimal(req.options.cqCutoff).toString();
  if (req.format) choices.format = req.format;
  if (req.options.columnMapping) choices.columnMapping = JSON.stringify(req.options.columnMapping);
  return Object.keys(choices).length > 0 ? choices : undefined;
}

/** The plan, with the samples it was made against (locked, for a store). */
interface PlannedExport {
  plan: ImportPlan;
  samples: ReadonlyMap<string, SampleEntity>;
  /** Samples and groups the file dates before their receipt or after now (each raises a QC flag). */
  dates: FileDateFinding[];
  /** The Cq cut-off a qPCR file was read with, for the QC flags' text. */
  cqCutoff?: string;
  /** The date the rows are given and where it came from (kept in the run's meta). */
  analysisDate: AnalysisDate;
  /** A re-import's rows changed since, left as they are. */
  leftAsIs: RowLeftAsIs[];
  /** Rows written by hand or by an amendment the plan changes (it is stored only with the upload's reason). */
  handRows: HandRowChanged[];
  reasonGiven: boolean;
}

/** How the results' audit reason names a qPCR run's Cq cut-off and where it came from; nothing for other files. */
function cutoffAuditText(meta: ParseResult['meta']): string {
  if (!meta.cqCutoff) return '';
  const from = meta.cqCutoffSource === 'method' ? `method ${meta.cqCutoffMethod}'s` : meta.cqCutoffSource === 'form' ? 'given by the upload' : 'the default';
  return ` (Cq cut-off ${meta.cqCutoff}, ${from})`;
}

/** The row's sample as planned against: one named sample (as locked or read), several, or none. */
function targetOf(named: NamedSample[] | undefined, samples: ReadonlyMap<string, SampleEntity>): ImportTarget | { several: string[] } | undefined {
  if (!named || named.length === 0) return undefined;
  if (named.length > 1) return { several: named.map((n) => n.sample.labCode ?? n.sample.sampleInventoryId) };
  const s = samples.get(named[0].sample.id) ?? named[0].sample;
  return { id: s.id, labCode: s.labCode, sampleInventoryId: s.sampleInventoryId, status: s.status, acceptsResults: acceptsResults(s.status) };
}

/**
 * A failing QC row holds back every sample of the batch until a person resolves it; a qPCR well that
 * amplified at or after the cut-off, stored as not detected, holds back its sample: a late
 * amplification may be a low-level pathogen, and a person looks at the curve before it passes.
 */
function qcFlags(plan: ImportPlan, importId: string, filename: string, cqCutoff?: string): NewQcFlag[] {
  // A failed qPCR control holds back the samples with results of its target only (its own flag, below).
  const controlLines = new Set(plan.failedControls.map((c) => c.line));
  const failing = plan.qc.filter((q) => q.verdict === 'fail' && !controlLines.has(q.line));
  const batch = plan.samples.flatMap((p) =>
    failing.map((q) => ({
      sampleId: p.target.id,
      importId,
      analyteGroup: null,
      analyte: q.analyte,
      kind: `qc_${q.kind}`,
      message: `${q.kind} at line ${q.line} (${q.sampleRef}, ${q.analyte}) failed: ${q.detail}; results from ${filename} need review`,
    })),
  );
  const late = plan.lateAmplifications.map((l) => ({
    sampleId: l.sampleId,
    importId,
    analyteGroup: l.group,
    analyte: l.analyte,
    kind: 'qpcr_late_amplification',
    message: `line ${l.line} (${l.sampleRef}, ${l.analyte}) amplified at Cq ${l.raw}, at or after the cut-off${cqCutoff ? ` ${cqCutoff}` : ''}, and was stored as not detected; review the curve in ${filename}`,
  }));
  const controls = failedControlFlags(plan.failedControls, filename).map((f) => ({ ...f, importId }));
  return [...batch, ...late, ...controls];
}

function summarise(id: string | null, dryRun: boolean, filename: string, parsed: ParseResult, planned: PlannedExport, timeZone: string): ImportSummary {
  const { plan, dates, analysisDate, leftAsIs, handRows, reasonGiven } = planned;
  const undated = analysisDateWarning(analysisDate, timeZone);
  return {
    id,
    duplicate: false,
    dryRun,
    format: parsed.format,
    filename,
    meta: { ...parsed.meta, analysisDate },
    rows: parsed.rows.length,
    stored: dryRun ? 0 : plan.accounting.stored,
    matched: plan.samples.map((p) => ({ sampleId: p.target.id, labCode: p.target.labCode, rows: p.rows })),
    unmatched: plan.rejected,
    unknownAnalytes: plan.unknownAnalytes,
    qcVerdicts: plan.qc,
    // Raised by a store only; a dry run raises none (as it stores none).
    qcFlagsRaised: dryRun ? 0 : qcFlags(plan, '', filename).length + dates.length,
    skippedLines: parsed.skipped,
    accounting: plan.accounting,
    methods: plan.methods,
    groupsWithoutMethod: plan.groupsWithoutMethod,
    leftAsIs,
    replacesHandRows: handRows,
    warnings: [...(undated ? [undated] : []), ...plan.warnings, ...handRowsWarnings(handRows, reasonGiven), ...analysisDateWarnings(dates)],
  };
}

/** A stored run's answer again; runs stored before uploads named methods kept no method per group (empty lists). */
function fromRun(summary: Partial<ImportSummary>, id: string, as: { duplicate: boolean; dryRun: boolean }): ImportSummary {
  return {
    ...(summary as ImportSummary),
    methods: summary.methods ?? [],
    groupsWithoutMethod: summary.groupsWithoutMethod ?? [],
    leftAsIs: summary.leftAsIs ?? [],
    replacesHandRows: summary.replacesHandRows ?? [],
    warnings: summary.warnings ?? [],
    id,
    ...as,
  };
}

/** The upload's analysedAt refused, on its field; nothing is stored. */
function analysedAtRefused(problem: { field: string; message: string }): InstrumentsError {
  return new InstrumentsError(InstrumentsErrorCode.INVALID_IMPORT_REQUEST, `${UPLOAD_ANALYSED_AT_FIELD}: ${problem.message}; nothing was stored`, [problem]);
}

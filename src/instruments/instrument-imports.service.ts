import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { Actor } from '../common/actor';
import { ParsePool } from '../common/parsing/parse-pool';
import { AppConfig } from '../config/app-config';
import { NewQcFlag, ResultsService } from '../results/results.service';
import { MethodSetsService } from '../rules/methods/method-sets.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { acceptsResults } from '../samples/sample-status';
import { analysisDateFlags, analysisDateWarnings, fileDateFindings, type FileDateFinding } from './analysis-date-flags';
import type { ImportFormat } from './import-format';
import { chooseImportMethods, importMethod, UPLOAD_METHODS_FIELD, type ImportMethod } from './import-method';
import { groupsCarried, ImportPlan, ImportTarget, planImport } from './import-plan';
import { ImportRunner } from './import-runner.service';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import { cqCutoffProblem } from './parsers/biorad-cfx-cq.parser';
import { InstrumentFormat, ParseOptions, ParseResult } from './parsers/parser.types';
import { parseExportOffThread } from './parsing/off-thread';
import { NamedSample, SampleMatcher } from './sample-matcher';

export interface ImportRequest {
  bytes: Buffer;
  filename: string;
  format?: InstrumentFormat;
  dryRun: boolean;
  options: ParseOptions;
  /** The method the named instrument's mapping gives (checked against the method set in force). */
  method?: { instrument: string; methodId: string };
  /** Registry method ids the upload names, one per group at most (see namedMethodIds, chooseImportMethods). */
  methods?: readonly string[];
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
  ) {
    this.timeZone = config.lab.timezone;
  }

  importExport(req: ImportRequest, actor: Extract<Actor, { type: 'user' }>): Promise<ImportSummary> {
    const cutoff = req.options.cqCutoff;
    const problem = cutoff === undefined ? undefined : cqCutoffProblem(cutoff);
    if (problem)
      throw new InstrumentsError(InstrumentsErrorCode.INVALID_IMPORT_REQUEST, `cqCutoff: ${problem}; nothing was stored`, [
        { field: 'cqCutoff', message: problem },
      ]);
    return this.runner.run(this.exportFormat(req), { ...req, choices: uploadChoices(req) }, actor);
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
      read: (file) => parseExportOffThread(this.pool, file, { format: req.format, options: req.options }),
      match: (parsed) => this.samplesNamedIn(parsed),
      plan: async (parsed, named, samples) => {
        const methods = await this.groupMethods(req, parsed);
        const plan = planImport(parsed, (ref) => targetOf(named.byRef.get(ref), samples), { methods, timeZone: this.timeZone });
        const stored = plan.samples.map((p) => ({ sample: samples.get(p.target.id)!, groups: p.groups }));
        const dates = fileDateFindings(stored, parsed.meta.acquiredAt, { timeZone: this.timeZone, now: new Date() }, 'the file');
        return { plan, samples, dates, cqCutoff: parsed.meta.cqCutoff };
      },
      results: ({ plan, samples }) => plan.samples.map((p) => ({ sample: samples.get(p.target.id)!, groups: p.groups })),
      record: (parsed) => ({ format: parsed.format, meta: { ...parsed.meta } }),
      // The audit of each result keeps the cut-off its detections were called by.
      reason: (file, parsed) => `import of ${file.filename}${parsed.meta.cqCutoff ? ` (Cq cut-off ${parsed.meta.cqCutoff})` : ''}`,
      afterStore: ({ plan, dates, cqCutoff }, runId, file) =>
        this.results.recordQcFlags([...qcFlags(plan, runId, file.filename, cqCutoff), ...analysisDateFlags(dates, runId)]),
      answer: (parsed, _named, { plan, dates }, outcome) => Promise.resolve(summarise(outcome.id, outcome.dryRun, req.filename, parsed, plan, dates)),
      summary: (answer) => answer as unknown as Record<string, unknown>,
      fromRun: (run, as) => fromRun(run.summary, run.id, as),
    };
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
      const found = importMethod(registry, req.method.methodId, `the mapping of instrument "${req.method.instrument}"`);
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
 * cut-off is put back. None given: any earlier import of the bytes answers.
 */
export function uploadChoices(req: Pick<ImportRequest, 'methods' | 'options' | 'format'>): Record<string, string> | undefined {
  const choices: Record<string, string> = {};
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
  const failing = plan.qc.filter((q) => q.verdict === 'fail');
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
  return [...batch, ...late];
}

function summarise(id: string | null, dryRun: boolean, filename: string, parsed: ParseResult, plan: ImportPlan, dates: FileDateFinding[]): ImportSummary {
  return {
    id,
    duplicate: false,
    dryRun,
    format: parsed.format,
    filename,
    meta: { ...parsed.meta },
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
    warnings: [...plan.warnings, ...analysisDateWarnings(dates)],
  };
}

/** A stored run's answer again; runs stored before uploads named methods kept no method per group (empty lists). */
function fromRun(summary: Partial<ImportSummary>, id: string, as: { duplicate: boolean; dryRun: boolean }): ImportSummary {
  return { ...(summary as ImportSummary), methods: summary.methods ?? [], groupsWithoutMethod: summary.groupsWithoutMethod ?? [], id, ...as };
}

import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor';
import { ParsePool } from '../common/parsing/parse-pool';
import { AppConfig } from '../config/app-config';
import { NewQcFlag, ResultsService } from '../results/results.service';
import { MethodSetsService } from '../rules/methods/method-sets.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { acceptsResults } from '../samples/sample-status';
import { analysisDateFlags, analysisDateWarnings, fileDateFindings, type FileDateFinding } from './analysis-date-flags';
import type { ImportFormat } from './import-format';
import { importMethod, type ImportMethod } from './import-method';
import { ImportPlan, ImportTarget, planImport } from './import-plan';
import { ImportRunner } from './import-runner.service';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
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
    return this.runner.run(this.exportFormat(req), req, actor);
  }

  async getImport(id: string): Promise<ImportSummary> {
    const run = await this.runner.find(RUN, id);
    return { ...(run.summary as unknown as ImportSummary), id: run.id };
  }

  private exportFormat(req: ImportRequest): ImportFormat<ParseResult, RowsNamed, PlannedExport, ImportSummary> {
    return {
      ...RUN,
      source: 'instrument_import',
      // In a parsing thread, dry runs too: the API's event loop never runs a parser.
      read: (file) => parseExportOffThread(this.pool, file, { format: req.format, options: req.options }),
      match: (parsed) => this.samplesNamedIn(parsed),
      plan: async (parsed, named, samples) => {
        const method = req.method ? await this.mappingMethod(req.method) : undefined;
        const plan = planImport(parsed, (ref) => targetOf(named.byRef.get(ref), samples), { method, timeZone: this.timeZone });
        const stored = plan.samples.map((p) => ({ sample: samples.get(p.target.id)!, groups: p.groups }));
        const dates = fileDateFindings(stored, parsed.meta.acquiredAt, { timeZone: this.timeZone, now: new Date() }, 'the file');
        return { plan, samples, dates };
      },
      results: ({ plan, samples }) => plan.samples.map((p) => ({ sample: samples.get(p.target.id)!, groups: p.groups })),
      record: (parsed) => ({ format: parsed.format, meta: { ...parsed.meta } }),
      reason: (file) => `import of ${file.filename}`,
      afterStore: ({ plan, dates }, runId, file) => this.results.recordQcFlags([...qcFlags(plan, runId, file.filename), ...analysisDateFlags(dates, runId)]),
      answer: (parsed, _named, { plan, dates }, outcome) => Promise.resolve(summarise(outcome.id, outcome.dryRun, req.filename, parsed, plan, dates)),
      summary: (answer) => answer as unknown as Record<string, unknown>,
      fromRun: (run, as) => ({ ...(run.summary as unknown as ImportSummary), id: run.id, ...as }),
    };
  }

  /** The mapping's method in the method set in force; a mapping left naming a retired method is refused, not ignored. */
  private async mappingMethod({ instrument, methodId }: NonNullable<ImportRequest['method']>): Promise<ImportMethod> {
    const method = importMethod(await this.methods.registryInForce(), methodId, `the mapping of instrument "${instrument}"`);
    if ('problem' in method)
      throw new InstrumentsError(
        InstrumentsErrorCode.MAPPING_METHOD_NOT_IN_FORCE,
        `${method.problem}; save the mapping with a current method; nothing was stored`,
        [{ field: 'instrument', message: method.problem }],
      );
    return method;
  }

  private async samplesNamedIn(parsed: ParseResult): Promise<RowsNamed> {
    const byRef = await this.matcher.byReference(parsed.rows.filter((r) => r.kind === 'sample').map((r) => r.sampleRef));
    const samples = [...byRef.values()].filter((named) => named.length === 1).map(([n]) => n.sample);
    return { samples, byRef };
  }
}

/** The plan, with the samples it was made against (locked, for a store). */
interface PlannedExport {
  plan: ImportPlan;
  samples: ReadonlyMap<string, SampleEntity>;
  /** Samples and groups the file dates before their receipt or after now (each raises a QC flag). */
  dates: FileDateFinding[];
}

/** The row's sample as planned against: one named sample (as locked or read), several, or none. */
function targetOf(named: NamedSample[] | undefined, samples: ReadonlyMap<string, SampleEntity>): ImportTarget | { several: string[] } | undefined {
  if (!named || named.length === 0) return undefined;
  if (named.length > 1) return { several: named.map((n) => n.sample.labCode ?? n.sample.sampleInventoryId) };
  const s = samples.get(named[0].sample.id) ?? named[0].sample;
  return { id: s.id, labCode: s.labCode, sampleInventoryId: s.sampleInventoryId, status: s.status, acceptsResults: acceptsResults(s.status) };
}

/** A failing QC row holds back every sample of the batch until a person resolves it. */
function qcFlags(plan: ImportPlan, importId: string, filename: string): NewQcFlag[] {
  const failing = plan.qc.filter((q) => q.verdict === 'fail');
  return plan.samples.flatMap((p) =>
    failing.map((q) => ({
      sampleId: p.target.id,
      importId,
      analyteGroup: null,
      analyte: q.analyte,
      kind: `qc_${q.kind}`,
      message: `${q.kind} at line ${q.line} (${q.sampleRef}, ${q.analyte}) failed: ${q.detail}; results from ${filename} need review`,
    })),
  );
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
    warnings: [...plan.warnings, ...analysisDateWarnings(dates)],
  };
}

import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/actor';
import { ParsePool } from '../../common/parsing/parse-pool';
import { AppConfig } from '../../config/app-config';
import type { SampleResultsDto } from '../../results/dto/results-response.dto';
import type { GroupEntry } from '../../results/entry/check-entries';
import { ResultsService } from '../../results/results.service';
import { SourceReportersRepository, type SourceReporter } from '../../results/source-reporters.repository';
import { LimitSetsService } from '../../rules/limit-sets/limit-sets.service';
import { limitUnits } from '../../rules/limit-units';
import type { SampleEntity } from '../../samples/entities/sample.entity';
import { acceptsResults } from '../../samples/sample-status';
import { SamplesService } from '../../samples/samples.service';
import { analysisDateFlags, analysisDateWarnings, fileDateFindings, type FileDateFinding } from '../analysis-date-flags';
import type { ImportRunEntity } from '../entities/import-run.entity';
import type { ImportFormat } from '../import-format';
import { ImportRunner } from '../import-runner.service';
import { ImportRunsRepository } from '../import-runs.repository';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import { readCoaOffThread } from '../parsing/off-thread';
import { leftAsIsWarnings, reimportGroups, storedOrigins, type RowLeftAsIs } from '../reimport-rows';
import { NamedSample, SampleMatcher } from '../sample-matcher';
import { coaIdentityFindings, coaIdentityFlags, coaIdentityWarnings, type CoaIdentityFinding } from './coa-identity-flags';
import { CoaImportPlan, planCoaImport } from './coa-import-plan';
import { answerFromSummary, coaFacts, CoaImportAnswer, compareVerdicts, importedElsewhere, storedSummary } from './coa-import.answer';
import type { ParsedCoa } from './coa-layout.types';
import { chooseCoaSample, CoaSample } from './coa-sample';

type UserActor = Extract<Actor, { type: 'user' }>;

export interface CoaImportRequest {
  bytes: Buffer;
  filename: string;
  /** Attach to this sample even when the COA names another (see chooseCoaSample). */
  sampleId?: string;
  dryRun: boolean;
}

/** The sample chosen, with what the choice was made from (for the identity check). */
interface MatchedCoa extends CoaSample {
  /** Chosen by the `sampleId` form field rather than by the COA's own ids. */
  bySampleId: boolean;
  /** Our samples the COA's own ids name. */
  named: readonly NamedSample[];
}

/** The plan, with the sample it was made against (locked, for a store). */
interface PlannedCoa {
  plan: CoaImportPlan;
  sample: SampleEntity | null;
  /** The sample's groups the COA dates before the sample's receipt or after now (each raises a QC flag). */
  dates: FileDateFinding[];
  /** A COA that does not name the sample it is attached to, or is for another product type (each raises a QC flag). */
  identity: CoaIdentityFinding[];
  /** The issuing lab as the COA names it (stored beside the rows for the certificate's footnote). */
  reporter: SourceReporter;
  /** A re-import of bytes stored before: rows changed since (by hand, an amendment, another file), left as they are. */
  leftAsIs: RowLeftAsIs[];
}

const RUN = { kind: 'coa_pdf', label: 'COA import' } as const;

/**
 * COA PDF import: reads the PDF (behind PdfTextExtractor), recognises its layout, finds the sample,
 * and stores the results through the import run (ImportRunner). Imports merge: a group keeps the
 * analytes the COA does not carry. A dry run judges the results as they would be stored and writes
 * nothing; the same bytes twice answer the first import.
 */
@Injectable()
export class CoaImportService {
  private readonly maxBytes: number;
  private readonly timeZone: string;

  constructor(
    private readonly runner: ImportRunner,
    private readonly matcher: SampleMatcher,
    private readonly samples: SamplesService,
    private readonly limitSets: LimitSetsService,
    config: AppConfig,
    private readonly pool: ParsePool,
    private readonly results: ResultsService,
    private readonly reporters: SourceReportersRepository,
    private readonly runs: ImportRunsRepository,
  ) {
    this.maxBytes = config.maxUploadBytes;
    this.timeZone = config.lab.timezone;
  }

  async importCoa(req: CoaImportRequest, actor: UserActor): Promise<CoaImportAnswer> {
    if (req.bytes.length > this.maxBytes) {
      throw new InstrumentsError(
        InstrumentsErrorCode.FILE_TOO_LARGE,
        `The file is ${req.bytes.length} bytes; an upload may be at most ${this.maxBytes} bytes.`,
        { maxBytes: this.maxBytes },
      );
    }
    // The sample asked for, so a file already imported into another one can say where it is and where it is not.
    const requested = req.sampleId !== undefined ? await this.samples.getSample(req.sampleId) : undefined;
    return this.runner.run(this.coaFormat(req, requested), req, actor);
  }

  async getImport(id: string): Promise<CoaImportAnswer & { filename: string; sha256: string; byteSize: number; uploadedBy: string; createdAt: string }> {
    const run = await this.runner.find(RUN, id);
    return {
      ...answerFromSummary(run.id, run.summary, { duplicate: false, dryRun: false }),
      filename: run.filename,
      sha256: run.sha256,
      byteSize: run.byteSize,
      uploadedBy: run.uploadedBy,
      createdAt: run.createdAt.toISOString(),
    };
  }

  private coaFormat(req: CoaImportRequest, requested: SampleEntity | undefined): ImportFormat<ParsedCoa, MatchedCoa, PlannedCoa, CoaImportAnswer> {
    return {
      ...RUN,
      source: 'coa_import',
      // Text extraction and layout in a parsing thread; the pool also caps how many PDFs are read at once.
      read: (file) => readCoaOffThread(this.pool, file, this.maxBytes),
      match: (parsed, required) => this.match(parsed, requested, required),
      plan: (parsed, match, samples, required, earlier) => this.plan(parsed, match, match.sample ? samples.get(match.sample.id)! : null, required, earlier),
      results: ({ plan, sample }) => (sample && plan.groups.length > 0 ? [{ sample, groups: plan.groups }] : []),
      record: (parsed, match, { sample }) => ({
        format: parsed.layout,
        meta: { sampleId: sample?.id, labCode: sample?.labCode, matchedBy: match.matchedBy, coa: coaFacts(parsed) },
      }),
      reason: (file, parsed) => `COA import ${file.filename} (${parsed.layout})`,
      afterStore: async ({ dates, identity, reporter }, runId, _file, actor) => {
        await this.results.recordQcFlags([...analysisDateFlags(dates, runId), ...coaIdentityFlags(identity, runId)], actor);
        // Who reported the rows, kept with them (results module): the certificate names the lab and its license.
        await this.reporters.record({ type: 'coa_import', id: runId }, reporter);
      },
      answer: async (parsed, match, { plan, sample, dates, identity, leftAsIs }, outcome) => {
        const refused =
          outcome.dryRun && sample && !acceptsResults(sample.status)
            ? [`Sample ${sample.labCode} is ${sample.status}; an import into it would be refused.`]
            : [];
        const judged = sample ? await outcome.judged(sample.id) : null;
        const warnings = [...match.warnings, ...refused, ...analysisDateWarnings(dates), ...coaIdentityWarnings(identity)];
        const qcFlags = [...analysisDateFlags(dates, ''), ...coaIdentityFlags(identity, '')].map(({ kind, analyteGroup, message }) => ({
          kind,
          analyteGroup,
          message,
        }));
        return answer(parsed, plan, { ...match, sample, warnings }, judged, outcome.id, outcome.dryRun, qcFlags, leftAsIs);
      },
      summary: storedSummary,
      fromRun: (run, as) => {
        const earlier = answerFromSummary(run.id, run.summary, as);
        const elsewhere = requested ? importedElsewhere(earlier, run, requested) : null;
        if (elsewhere) throw elsewhere;
        return earlier;
      },
    };
  }

  /** `chosen` is the sample read for `sampleId` before the run (not read again: the run locks and re-checks it). */
  private async match(parsed: ParsedCoa, chosen: SampleEntity | undefined, required: boolean): Promise<MatchedCoa> {
    const named = await this.matcher.named({ codes: parsed.sampleIds, inventoryIds: parsed.inventoryIds });
    return { ...chooseCoaSample(parsed, named, chosen, required), bySampleId: chosen !== undefined, named };
  }

  /** Rows against the unit each limited analyte is judged in for the sample; a store needs at least one row. */
  private async plan(
    parsed: ParsedCoa,
    match: MatchedCoa,
    sample: SampleEntity | null,
    required: boolean,
    earlier: readonly ImportRunEntity[],
  ): Promise<PlannedCoa> {
    const units = sample ? limitUnits((await this.limitSets.inForce(sample.productType)).rules) : new Map<string, string | null>();
    const read = planCoaImport(parsed, units, { importedAt: new Date().toISOString(), timeZone: this.timeZone });
    if (required && read.groups.length === 0) {
      throw new InstrumentsError(InstrumentsErrorCode.COA_UNREADABLE, `None of the COA's ${read.rows.length} result rows could be stored; nothing was saved.`, {
        rows: read.rows.map((r) => ({ analyte: r.analyte, reason: r.reason })),
      });
    }
    // The same COA bytes again write only rows still from them (or new): a correction made since stays (see reimportGroups).
    const { groups, leftAsIs } =
      sample && earlier.length > 0 ? await this.reimported(read.groups, sample, earlier, !parsed.testedAt) : { groups: read.groups, leftAsIs: [] };
    const plan = leftAsIs.length > 0 ? { ...read, groups, warnings: [...read.warnings, ...leftAsIsWarnings(leftAsIs)] } : read;
    const stored = sample && plan.groups.length > 0 ? [{ sample, groups: plan.groups }] : [];
    // A COA without a test date is dated by the import (see planCoaImport): nothing to check.
    const dates = fileDateFindings(stored, parsed.testedAt, { timeZone: this.timeZone, now: new Date() }, 'the COA');
    // Checked against the sample as locked; an import storing nothing raises nothing.
    const identity = stored.length > 0 && sample ? coaIdentityFindings(parsed, sample, match) : [];
    return { plan, sample, dates, identity, reporter: { lab: parsed.labName ?? null, license: parsed.labCode ?? null }, leftAsIs };
  }

  /** The sample's rows the COA carries that a re-import of its bytes (`earlier` runs) may write; the rest left as they are. */
  private async reimported(
    groups: GroupEntry[],
    sample: SampleEntity,
    earlier: readonly ImportRunEntity[],
    keepDates: boolean,
  ): Promise<{ groups: GroupEntry[]; leftAsIs: RowLeftAsIs[] }> {
    const origins = await this.results.rowOrigins([{ sampleId: sample.id, version: ResultsService.currentVersion(sample) }]);
    return reimportGroups(storedOrigins(origins), sample, groups, new Set(earlier.map((r) => r.id)), { source: 'coa_import', keepDates });
  }
}

function answer(
  parsed: ParsedCoa,
  plan: CoaImportPlan,
  match: Pick<CoaSample, 'sample' | 'matchedBy' | 'warnings'>,
  judged: SampleResultsDto | null,
  id: string | null,
  dryRun: boolean,
  qcFlags: CoaImportAnswer['qcFlags'],
  leftAsIs: RowLeftAsIs[],
): CoaImportAnswer {
  const verdicts = compareVerdicts(parsed, plan, judged);
  const accepted = plan.rows.filter((r) => r.outcome === 'accepted').length;
  const sample = match.sample;
  const typeWarning =
    sample && parsed.productType && parsed.productType !== sample.productType
      ? [`The COA is for a ${parsed.productType}; sample ${sample.labCode} is a ${sample.productType} and is judged as one.`]
      : [];
  return {
    id,
    duplicate: false,
    dryRun,
    layout: parsed.layout,
    sampleId: sample?.id ?? null,
    labCode: sample?.labCode ?? null,
    matchedBy: match.matchedBy,
    coa: coaFacts(parsed),
    rows: plan.rows,
    stored: dryRun ? 0 : accepted - leftAsIs.length,
    accepted,
    skipped: plan.rows.length - accepted,
    unknownAnalytes: plan.unknownAnalytes,
    comparisons: verdicts.comparisons,
    groups: verdicts.groups,
    sampleStatus: judged?.status ?? null,
    qcFlags,
    leftAsIs,
    warnings: [...match.warnings, ...typeWarning, ...plan.warnings, ...verdicts.warnings],
  };
}

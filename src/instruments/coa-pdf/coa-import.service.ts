import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/actor';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import type { SampleEntity } from '../../samples/entities/sample.entity';
import { acceptsResults } from '../../samples/sample-status';
import { SamplesService } from '../../samples/samples.service';
import { LimitSetsService } from '../../rules/limit-sets/limit-sets.service';
import { limitUnits } from '../../rules/limit-units';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import { ResultsService } from '../../results/results.service';
import { answerFromSummary, coaFacts, CoaImportAnswer, compareVerdicts, storedSummary } from './coa-import.answer';
import { parseCoaText } from './coa-import';
import { CoaImportPlan, planCoaImport } from './coa-import-plan';
import { CoaImportRepository } from './coa-import.repository';
import { CoaParseError, ParsedCoa } from './coa-layout.types';
import { CoaSampleMatcher, SampleMatch } from './coa-sample-matcher';
import { CoaTextLayerError, findInventoryIds, textLines } from './coa-text';
import { PdfParseTextExtractor, PdfTextExtractor } from './pdf-text';

type UserActor = Extract<Actor, { type: 'user' }>;

export interface CoaImportRequest {
  bytes: Buffer;
  filename: string;
  /** Attach to this sample even when the COA names another (see CoaSampleMatcher). */
  sampleId?: string;
  dryRun: boolean;
}

/** Thrown inside a dry run's transaction to roll back everything it judged. */
class DryRunRollback extends Error {
  constructor(readonly answer: CoaImportAnswer) {
    super('dry run');
  }
}

/**
 * COA PDF import: reads the PDF (behind PdfTextExtractor), recognises its layout, finds the sample,
 * and stores the results through ResultsService.applyGroups with the import row, in one transaction.
 * Imports merge: a group keeps the analytes the COA does not carry.
 */
@Injectable()
export class CoaImportService {
  private readonly extractor: PdfTextExtractor;
  private readonly maxBytes: number;

  constructor(
    private readonly runs: CoaImportRepository,
    private readonly matcher: CoaSampleMatcher,
    private readonly samples: SamplesService,
    private readonly results: ResultsService,
    private readonly limitSets: LimitSetsService,
    private readonly uow: UnitOfWork,
    config: AppConfig,
  ) {
    this.maxBytes = config.maxUploadBytes;
    this.extractor = new PdfParseTextExtractor({ maxBytes: config.maxUploadBytes });
  }

  async importCoa(req: CoaImportRequest, actor: UserActor): Promise<CoaImportAnswer> {
    if (req.bytes.length > this.maxBytes) {
      throw new InstrumentsError(InstrumentsErrorCode.FILE_TOO_LARGE, `The file is ${req.bytes.length} bytes; an upload may be at most ${this.maxBytes} bytes.`, { maxBytes: this.maxBytes });
    }
    const sha256 = createHash('sha256').update(req.bytes).digest('hex');
    const earlier = await this.runs.findByHash(sha256);
    if (earlier && !req.dryRun) return answerFromSummary(earlier.id, earlier.summary, true);

    const parsed = await this.read(req.bytes);
    const match = await this.matcher.match(parsed, req.sampleId, !req.dryRun);
    if (req.dryRun) {
      const answer = await this.preview(parsed, match, actor);
      if (earlier) {
        answer.id = earlier.id;
        answer.duplicate = true;
        answer.warnings.push(`This file was already imported (import ${earlier.id}); importing it again would store nothing.`);
      }
      return answer;
    }
    return this.store(parsed, match.sample!, match, req, sha256, actor);
  }

  async getImport(id: string): Promise<CoaImportAnswer & { filename: string; sha256: string; byteSize: number; uploadedBy: string; createdAt: string }> {
    const run = /^[0-9a-f-]{36}$/i.test(id) ? await this.runs.findById(id) : null;
    if (!run) throw new InstrumentsError(InstrumentsErrorCode.IMPORT_NOT_FOUND, `No COA import ${id}`);
    return {
      ...answerFromSummary(run.id, run.summary, false),
      filename: run.filename,
      sha256: run.sha256,
      byteSize: run.byteSize,
      uploadedBy: run.uploadedBy,
      createdAt: run.createdAt.toISOString(),
    };
  }

  /** Text, then layout. A broken file is the client's 400; a readable PDF we cannot use is a 422 that says why. */
  private async read(bytes: Buffer): Promise<ParsedCoa> {
    let text: string;
    let pages: number;
    try {
      ({ text, pages } = await this.extractor.extract(bytes));
    } catch (error) {
      if (error instanceof CoaTextLayerError) throw new InstrumentsError(InstrumentsErrorCode.COA_UNREADABLE, error.message);
      if (error instanceof CoaParseError) throw new InstrumentsError(InstrumentsErrorCode.UNREADABLE_FILE, error.message);
      throw error;
    }
    try {
      return parseCoaText(text);
    } catch (error) {
      if (error instanceof CoaTextLayerError) throw new InstrumentsError(InstrumentsErrorCode.COA_UNREADABLE, error.message);
      if (error instanceof CoaParseError && error.recognised?.length === 0) {
        const seen = recognisedText(text, pages);
        throw new InstrumentsError(InstrumentsErrorCode.COA_LAYOUT_UNKNOWN, `${error.message} ${seen.summary}`, seen.details);
      }
      if (error instanceof CoaParseError) throw new InstrumentsError(InstrumentsErrorCode.COA_UNREADABLE, error.message, { layout: error.recognised?.[0] ?? null });
      throw error;
    }
  }

  /** The import, judged as it would be stored, inside a transaction that is then rolled back. */
  private async preview(parsed: ParsedCoa, match: SampleMatch, actor: UserActor): Promise<CoaImportAnswer> {
    const { sample } = match;
    if (!sample || !acceptsResults(sample.status)) {
      const warnings = sample ? [...match.warnings, `Sample ${sample.labCode} is ${sample.status}; an import into it would be refused.`] : match.warnings;
      const plan = planCoaImport(parsed, sample ? await this.limitUnits(sample) : new Map());
      return this.answer(parsed, plan, { ...match, warnings }, null, null, true);
    }
    try {
      await this.uow.run(async () => {
        const locked = await this.samples.lockSample(sample.id);
        const plan = planCoaImport(parsed, await this.limitUnits(locked));
        if (plan.groups.length > 0) await this.results.applyGroups(locked, plan.groups, { type: 'coa_import', id: null }, actor, 'COA import dry run', { merge: true });
        const judged = plan.groups.length > 0 ? await this.results.getResults(locked.id) : null;
        throw new DryRunRollback(this.answer(parsed, plan, match, judged, null, true));
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.answer;
      throw error;
    }
    throw new Error('unreachable: a dry run always rolls back');
  }

  private async store(parsed: ParsedCoa, target: SampleEntity, match: SampleMatch, req: CoaImportRequest, sha256: string, actor: UserActor): Promise<CoaImportAnswer> {
    return this.uow.run(async () => {
      await this.runs.lockHash(sha256);
      const earlier = await this.runs.findByHash(sha256);
      if (earlier) return answerFromSummary(earlier.id, earlier.summary, true);

      const sample = await this.samples.lockSample(target.id);
      const plan = planCoaImport(parsed, await this.limitUnits(sample));
      if (plan.groups.length === 0) {
        throw new InstrumentsError(InstrumentsErrorCode.COA_UNREADABLE, `None of the COA's ${plan.rows.length} result rows could be stored; nothing was saved.`, {
          rows: plan.rows.map((r) => ({ analyte: r.analyte, reason: r.reason })),
        });
      }
      const run = await this.runs.insert({
        format: parsed.layout,
        filename: req.filename,
        sha256,
        byteSize: req.bytes.length,
        uploadedBy: actor.id,
        meta: { sampleId: sample.id, labCode: sample.labCode, matchedBy: match.matchedBy, coa: coaFacts(parsed) },
        summary: {},
      });
      await this.results.applyGroups(sample, plan.groups, { type: 'coa_import', id: run.id }, actor, `COA import ${req.filename} (${parsed.layout})`, {
        merge: true,
      });
      const answer = this.answer(parsed, plan, { ...match, sample }, await this.results.getResults(sample.id), run.id, false);
      await this.runs.saveSummary(run.id, storedSummary(answer));
      return answer;
    });
  }

  private answer(parsed: ParsedCoa, plan: CoaImportPlan, match: SampleMatch, judged: Awaited<ReturnType<ResultsService['getResults']>> | null, id: string | null, dryRun: boolean): CoaImportAnswer {
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
      stored: dryRun ? 0 : accepted,
      accepted,
      skipped: plan.rows.length - accepted,
      unknownAnalytes: plan.unknownAnalytes,
      comparisons: verdicts.comparisons,
      groups: verdicts.groups,
      sampleStatus: judged?.status ?? null,
      warnings: [...match.warnings, ...typeWarning, ...plan.warnings, ...verdicts.warnings],
    };
  }

  /** The unit each limited analyte is judged in for this sample, as applyGroups checks it. */
  private async limitUnits(sample: SampleEntity): Promise<Map<string, string | null>> {
    const { rules } = await this.limitSets.inForce(sample.productType);
    return limitUnits(rules);
  }
}

/** What the text showed when no layout claimed it: pages, how it begins, ids, whether it calls itself a COA. */
function recognisedText(text: string, pages: number): { summary: string; details: Record<string, unknown> } {
  const lines = textLines(text);
  const inventoryIds = findInventoryIds(text);
  const certificate = /certificate of analysis/i.test(text);
  const parts = [`${pages} page(s) of text beginning "${lines[0] ?? ''}"`];
  if (certificate) parts.push('calling itself a Certificate of Analysis');
  if (inventoryIds.length > 0) parts.push(`inventory id(s) ${inventoryIds.join(', ')}`);
  return {
    summary: `Recognised: ${parts.join('; ')}.`,
    details: { recognised: { pages, firstLines: lines.slice(0, 3), certificateOfAnalysis: certificate, inventoryIds } },
  };
}

import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { ResultsService } from '../results/results.service';
import { acceptsResults } from '../samples/sample-status';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { SamplesService } from '../samples/samples.service';
import { ImportPlan, ImportTarget, planImport } from './import-plan';
import { InstrumentImportsRepository } from './instrument-imports.repository';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import { parseInstrumentExport } from './parsers/parser-registry';
import { InstrumentFormat, ParseError, ParseOptions, ParseResult } from './parsers/parser.types';

export interface ImportRequest {
  bytes: Buffer;
  filename: string;
  format?: InstrumentFormat;
  dryRun: boolean;
  options: ParseOptions;
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

/**
 * An instrument export in: parsed (format detected by content), planned row by row, and stored in one
 * transaction (results through the results module, QC flags, the import record). A dry run answers
 * the same summary and stores nothing. The same bytes twice are recognised by their hash.
 */
@Injectable()
export class InstrumentImportsService {
  constructor(
    private readonly imports: InstrumentImportsRepository,
    private readonly samples: SamplesService,
    private readonly results: ResultsService,
    private readonly uow: UnitOfWork,
  ) {}

  async importExport(req: ImportRequest, actor: Extract<Actor, { type: 'user' }>): Promise<ImportSummary> {
    const parsed = this.parse(req);
    const sha256 = createHash('sha256').update(req.bytes).digest('hex');
    if (req.dryRun) {
      const plan = planImport(parsed, (await this.samplesNamedIn(parsed, false)).find);
      return summarise(null, false, true, req.filename, parsed, plan, 0);
    }
    return this.uow.run(async () => {
      await this.imports.lockHash(sha256);
      const earlier = await this.imports.findByHash('instrument', sha256);
      if (earlier) return { ...(earlier.summary as unknown as ImportSummary), id: earlier.id, duplicate: true, dryRun: false };

      // Lock the samples first, then plan against their state as locked.
      const { find, samples } = await this.samplesNamedIn(parsed, true);
      const plan = planImport(parsed, find);
      const run = await this.imports.insert({
        kind: 'instrument',
        format: parsed.format,
        filename: req.filename,
        sha256,
        byteSize: req.bytes.length,
        uploadedBy: actor.id,
        meta: { ...parsed.meta },
        summary: {},
      });
      for (const planned of plan.samples) {
        await this.results.applyGroups(samples.get(planned.target.id)!, planned.groups, { type: 'instrument_import', id: run.id }, actor, `import of ${req.filename}`, { merge: true });
      }
      const failing = plan.qc.filter((q) => q.verdict === 'fail');
      const flags = plan.samples.flatMap((p) =>
        failing.map((q) => ({
          sampleId: p.target.id,
          importId: run.id,
          analyteGroup: null,
          analyte: q.analyte,
          kind: `qc_${q.kind}`,
          message: `${q.kind} at line ${q.line} (${q.sampleRef}, ${q.analyte}) failed: ${q.detail}; results from ${req.filename} need review`,
        })),
      );
      await this.results.recordQcFlags(flags);
      const summary = summarise(run.id, false, false, req.filename, parsed, plan, flags.length);
      run.summary = summary as unknown as Record<string, unknown>;
      await this.imports.update(run);
      return summary;
    });
  }

  async getImport(id: string): Promise<ImportSummary> {
    const run = /^[0-9a-f-]{36}$/i.test(id) ? await this.imports.findById(id) : null;
    if (!run || run.kind !== 'instrument') throw new InstrumentsError(InstrumentsErrorCode.IMPORT_NOT_FOUND, `No instrument import ${id}`);
    return { ...(run.summary as unknown as ImportSummary), id: run.id };
  }

  private parse(req: ImportRequest): ParseResult {
    try {
      return parseInstrumentExport(req.bytes, { ...req.options, format: req.format });
    } catch (e) {
      if (e instanceof ParseError) {
        throw new InstrumentsError(InstrumentsErrorCode.UNREADABLE_EXPORT, `${req.filename}: ${e.message}; nothing was stored`, [{ field: 'file', message: e.message }]);
      }
      throw e;
    }
  }

  /** The samples the file's sample rows name (by lab code or inventory id); `lock` for the store, not the dry run. */
  private async samplesNamedIn(parsed: ParseResult, lock: boolean) {
    const byRef = new Map<string, ImportTarget>();
    const samples = new Map<string, SampleEntity>();
    for (const ref of new Set(parsed.rows.filter((r) => r.kind === 'sample').map((r) => r.sampleRef))) {
      const found = await this.samples.findByLabCodeOrInventoryId(ref);
      if (!found) continue;
      const sample = samples.get(found.id) ?? (lock ? await this.samples.lockSample(found.id) : found);
      samples.set(sample.id, sample);
      byRef.set(ref, toTarget(sample));
    }
    return { find: (ref: string) => byRef.get(ref), samples };
  }
}

function toTarget(s: { id: string; labCode: string | null; sampleInventoryId: string; status: Parameters<typeof acceptsResults>[0] }): ImportTarget {
  return { id: s.id, labCode: s.labCode, sampleInventoryId: s.sampleInventoryId, status: s.status, acceptsResults: acceptsResults(s.status) };
}

function summarise(id: string | null, duplicate: boolean, dryRun: boolean, filename: string, parsed: ParseResult, plan: ImportPlan, flags: number): ImportSummary {
  return {
    id,
    duplicate,
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
    qcFlagsRaised: flags,
    skippedLines: parsed.skipped,
    accounting: plan.accounting,
    warnings: plan.warnings,
  };
}

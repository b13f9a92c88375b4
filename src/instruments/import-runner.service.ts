import { webcrypto } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import type { SampleResultsDto } from '../results/dto/results-response.dto';
import { ResultsService } from '../results/results.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { acceptsResults } from '../samples/sample-status';
import { SamplesService } from '../samples/samples.service';
import type { ImportRunEntity } from './entities/import-run.entity';
import type { ImportFile, ImportFormat, SamplesNamed } from './import-format';
import { ImportRunsRepository } from './import-runs.repository';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';

type UserActor = Extract<Actor, { type: 'user' }>;

/**
 * One import run for every kind of file: hash → (lock) → the earlier run of the same bytes answers
 * as a duplicate → read → match and lock the samples named → plan → results through
 * ResultsService.applyGroups → the import row with its summary, in one transaction. A dry run plans
 * and judges the same way (ResultsService.previewGroups) and writes nothing: no transaction, no
 * locks, no row. The format supplies parsing, planning and the answer's shape.
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly runs: ImportRunsRepository,
    private readonly samples: SamplesService,
    private readonly results: ResultsService,
    private readonly uow: UnitOfWork,
  ) {}

  async run<P, N extends SamplesNamed, L, A>(format: ImportFormat<P, N, L, A>, file: ImportFile, actor: UserActor): Promise<A> {
    // Hashed off the event loop (Web Crypto runs on the thread pool): a 20 MB upload would hold it for tens of ms.
    const sha256 = Buffer.from(await webcrypto.subtle.digest('SHA-256', file.bytes)).toString('hex');
    // Read once without the lock so a known file is answered without parsing it; checked again under the lock.
    const earlier = await this.runs.findByHash(format.kind, sha256);
    if (earlier) return format.fromRun(earlier, { duplicate: true, dryRun: file.dryRun });
    const parsed = await format.read(file);
    return file.dryRun ? this.preview(format, file, parsed, actor) : this.store(format, file, parsed, sha256, actor);
  }

  /** A stored run of this kind, or IMPORT_NOT_FOUND. */
  async find(format: Pick<ImportFormat<unknown, SamplesNamed, unknown, unknown>, 'kind' | 'label'>, id: string): Promise<ImportRunEntity> {
    const run = await this.runs.findById(format.kind, id);
    if (!run) throw new InstrumentsError(InstrumentsErrorCode.IMPORT_NOT_FOUND, `No ${format.label} ${id}`);
    return run;
  }

  private async preview<P, N extends SamplesNamed, L, A>(format: ImportFormat<P, N, L, A>, file: ImportFile, parsed: P, actor: UserActor): Promise<A> {
    const named = await format.match(parsed, false);
    const plan = await format.plan(parsed, named, new Map(named.samples.map((s) => [s.id, s])), false);
    const views = new Map<string, SampleResultsDto>();
    for (const { sample, groups } of format.results(plan)) {
      // A store would refuse a closed sample; the format's answer says so instead of judging.
      if (groups.length === 0 || !acceptsResults(sample.status)) continue;
      views.set(sample.id, await this.results.previewGroups(sample, groups, { type: format.source, id: null }, actor, { merge: true }));
    }
    return format.answer(parsed, named, plan, { id: null, dryRun: true, judged: (id) => Promise.resolve(views.get(id) ?? null) });
  }

  private store<P, N extends SamplesNamed, L, A>(format: ImportFormat<P, N, L, A>, file: ImportFile, parsed: P, sha256: string, actor: UserActor): Promise<A> {
    return this.uow.run(async () => {
      await this.runs.lockContent(format.kind, sha256);
      const earlier = await this.runs.findByHash(format.kind, sha256);
      if (earlier) return format.fromRun(earlier, { duplicate: true, dryRun: false });

      const named = await format.match(parsed, true);
      const plan = await format.plan(parsed, named, await this.lockSamples(named.samples), true);
      const run = await this.runs.insert({
        kind: format.kind,
        ...format.record(parsed, named, plan),
        filename: file.filename,
        sha256,
        byteSize: file.bytes.length,
        uploadedBy: actor.id,
        summary: {},
      });
      const reason = format.reason(file, parsed);
      for (const { sample, groups } of format.results(plan)) {
        await this.results.applyGroups(sample, groups, { type: format.source, id: run.id }, actor, reason, { merge: true });
      }
      await format.afterStore?.(plan, run.id, file);
      const answer = await format.answer(parsed, named, plan, { id: run.id, dryRun: false, judged: (id) => this.results.getResults(id) });
      await this.runs.saveSummary(run.id, format.summary(answer));
      return answer;
    });
  }

  /** Locked in id order, so two imports naming the same samples cannot deadlock; planned against the locked state. */
  private async lockSamples(samples: readonly SampleEntity[]): Promise<Map<string, SampleEntity>> {
    const locked = new Map<string, SampleEntity>();
    for (const id of [...new Set(samples.map((s) => s.id))].sort()) locked.set(id, await this.samples.lockSample(id));
    return locked;
  }
}

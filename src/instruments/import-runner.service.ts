import { randomUUID, webcrypto } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { histogram } from '../common/metrics';
import { UnitOfWork } from '../database/unit-of-work';
import type { SampleResultsDto } from '../results/dto/results-response.dto';
import { PreparedBatch, ResultsBatch } from '../results/results-batch.service';
import { ResultsService } from '../results/results.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { acceptsResults } from '../samples/sample-status';
import { SamplesService } from '../samples/samples.service';
import { replacedByOtherChoices, sameChoices } from './duplicate-rule';
import type { ImportRunEntity } from './entities/import-run.entity';
import type { ImportFile, ImportFormat, SamplesNamed } from './import-format';
import { CHOICES_KEY, ImportRunsRepository } from './import-runs.repository';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';

type UserActor = Extract<Actor, { type: 'user' }>;

/**
 * How long each step of a stored import takes, by kind of file: reading it (parsing in a thread),
 * preparing (match, plan, judge; no locks), and the transaction (locks held: the writes). The lab's IT
 * sees where an import's time goes, and the bench reads the same figures.
 */
const importStepSeconds = histogram(
  'labtrace_import_step_seconds',
  'Time one step of a stored import took: read (parse), prepare (match, plan, judge), transaction (locks held)',
  ['kind', 'step'],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);

/** `work`, its time observed under the step (also when it throws). */
async function timedStep<T>(kind: string, step: 'read' | 'prepare' | 'transaction', work: () => Promise<T>): Promise<T> {
  const end = importStepSeconds.startTimer({ kind, step });
  try {
    return await work();
  } finally {
    end();
  }
}

/**
 * One import run for every kind of file: hash → the earlier run of the same bytes (and choices) answers
 * as a duplicate → read → match, plan and judge (ResultsBatch.prepare) → in one short transaction: the
 * content lock, the samples named locked in one statement, the results written set-wise
 * (ResultsBatch.write: the rows, audit events and sample changes applyGroups would write), the import
 * row with its summary, what the format stores beside it (QC flags). A dry run plans
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
    private readonly batch: ResultsBatch,
  ) {}

  async run<P, N extends SamplesNamed, L, A>(format: ImportFormat<P, N, L, A>, file: ImportFile, actor: UserActor): Promise<A> {
    // Hashed off the event loop (Web Crypto runs on the thread pool): a 20 MB upload would hold it for tens of ms.
    const sha256 = Buffer.from(await webcrypto.subtle.digest('SHA-256', file.bytes)).toString('hex');
    // Read once without the lock so a known file is answered without parsing it; checked again under the lock.
    const earlier = await this.duplicateOf(format, file, sha256);
    if (earlier) return format.fromRun(earlier, { duplicate: true, dryRun: file.dryRun });
    const parsed = await timedStep(format.kind, 'read', () => format.read(file));
    return file.dryRun ? this.preview(format, file, parsed, sha256, actor) : this.store(format, file, parsed, sha256, actor);
  }

  /**
   * The earlier run these bytes (and choices) are answered as, or null: a new import. An upload naming
   * choices is its last run with the same choices unless a row of that run's samples now comes from an
   * import of the same bytes with other choices: then it would write something, so it is imported again
   * (its re-import rule keeps what hand entry, amendments and other files changed). Without choices any
   * earlier import of the bytes answers, as before.
   */
  private async duplicateOf<P, N extends SamplesNamed, L, A>(
    format: ImportFormat<P, N, L, A>,
    file: ImportFile,
    sha256: string,
  ): Promise<ImportRunEntity | null> {
    const earlier = await this.runs.findByHash(format.kind, sha256, file.choices);
    if (!earlier || !file.choices || !format.samplesOf) return earlier;
    const others = (await this.runs.runsOfBytes(format.kind, sha256)).filter((r) => !sameChoices(r.meta[CHOICES_KEY] as Record<string, unknown>, file.choices));
    if (others.length === 0) return earlier;
    const current = await this.results.latestRowOrigins(format.samplesOf(earlier));
    return replacedByOtherChoices(current, format.source, new Set(others.map((r) => r.id))) ? null : earlier;
  }

  /** A stored run of this kind, or IMPORT_NOT_FOUND. */
  async find(format: Pick<ImportFormat<unknown, SamplesNamed, unknown, unknown>, 'kind' | 'label'>, id: string): Promise<ImportRunEntity> {
    const run = await this.runs.findById(format.kind, id);
    if (!run) throw new InstrumentsError(InstrumentsErrorCode.IMPORT_NOT_FOUND, `No ${format.label} ${id}`);
    return run;
  }

  private async preview<P, N extends SamplesNamed, L, A>(
    format: ImportFormat<P, N, L, A>,
    file: ImportFile,
    parsed: P,
    sha256: string,
    actor: UserActor,
  ): Promise<A> {
    const named = await format.match(parsed, false);
    const earlierRuns = await this.runs.runsOfBytes(format.kind, sha256);
    const plan = await format.plan(parsed, named, new Map(named.samples.map((s) => [s.id, s])), false, earlierRuns);
    const views = new Map<string, SampleResultsDto>();
    for (const { sample, groups } of format.results(plan)) {
      // A store would refuse a closed sample; the format's answer says so instead of judging.
      if (groups.length === 0 || !acceptsResults(sample.status)) continue;
      views.set(sample.id, await this.results.previewGroups(sample, groups, { type: format.source, id: null }, actor, { merge: true }));
    }
    return format.answer(parsed, named, plan, { id: null, dryRun: true, judged: (id) => Promise.resolve(views.get(id) ?? null) });
  }

  /**
   * Matched, planned and judged before the transaction opens, against the samples as read; the
   * transaction locks them in one statement (reading their row versions only) and stores the batch set-wise
   * if neither the samples nor the rules changed meanwhile, else reads them whole and plans and judges again
   * against the locked state.
   * Locks are held for the writes only; the stored rows and audit events are those applyGroups would write.
   */
  private async store<P, N extends SamplesNamed, L, A>(
    format: ImportFormat<P, N, L, A>,
    file: ImportFile,
    parsed: P,
    sha256: string,
    actor: UserActor,
  ): Promise<A> {
    // The run's id is known before the row exists, so the rows judged outside the transaction carry it.
    const runId = randomUUID();
    const earlierRuns = await this.runs.runsOfBytes(format.kind, sha256);
    const draft = await timedStep(format.kind, 'prepare', () => this.prepare(format, parsed, null, runId, actor, earlierRuns)).catch(async (error: unknown) => {
      // Raced by an import of the same bytes: answer as the duplicate the transaction would have found.
      if (await this.duplicateOf(format, file, sha256)) return null;
      throw error;
    });
    // The locked part: everything between the content lock and the commit.
    return timedStep(format.kind, 'transaction', () =>
      this.uow.run(async () => {
        await this.runs.lockContent(format.kind, sha256);
        const earlier = await this.duplicateOf(format, file, sha256);
        if (earlier) return format.fromRun(earlier, { duplicate: true, dryRun: false });
        if (!draft) throw new Error('an import that failed to plan found no earlier run of its bytes');

        const versions = await this.samples.lockSampleVersions(draft.named.samples.map((s) => s.id));
        // Another import of these bytes stored meanwhile (other choices) changes which rows this one may write.
        const runsNow = await this.runs.runsOfBytes(format.kind, sha256);
        const prepared =
          unchanged(draft.named.samples, versions) && runsNow.length === earlierRuns.length && (await this.batch.stillCurrent(draft.batch))
            ? draft
            : await this.prepare(format, parsed, await this.lockSamples(draft.named.samples), runId, actor, runsNow, draft.named);
        const { named, plan } = prepared;
        await this.batch.write(prepared.batch, actor, format.reason(file, parsed, plan), format.audits?.(plan, runId, actor) ?? []);
        // Answered (from the plan and the stored results) before the run's row exists, so the row is written once, with its summary.
        const answer = await format.answer(parsed, named, plan, { id: runId, dryRun: false, judged: (id) => this.results.getResults(id) });
        const record = format.record(parsed, named, plan);
        await this.runs.insert({
          id: runId,
          kind: format.kind,
          format: record.format,
          meta: file.choices ? { ...record.meta, [CHOICES_KEY]: file.choices } : record.meta,
          filename: file.filename,
          sha256,
          byteSize: file.bytes.length,
          uploadedBy: actor.id,
          summary: format.summary(answer),
        });
        await format.afterStore?.(plan, runId, file, actor);
        return answer;
      }),
    );
  }

  /** Match (unless given), plan against `locked` (or the samples as read) and judge the results, writing nothing. */
  private async prepare<P, N extends SamplesNamed, L, A>(
    format: ImportFormat<P, N, L, A>,
    parsed: P,
    locked: Map<string, SampleEntity> | null,
    runId: string,
    actor: UserActor,
    earlierRuns: readonly ImportRunEntity[],
    matched?: N,
  ): Promise<{ named: N; plan: L; batch: PreparedBatch }> {
    const named = matched ?? (await format.match(parsed, true));
    const plan = await format.plan(parsed, named, locked ?? new Map(named.samples.map((s) => [s.id, s])), true, earlierRuns);
    const source = { type: format.source, id: runId, ...(format.mappingSavedBy ? { mappingSavedBy: format.mappingSavedBy } : {}) };
    const batch = await this.batch.prepare(format.results(plan), source, actor, { merge: true });
    return { named, plan, batch };
  }

  /**
   * Locked in one statement, in id order, so two imports naming the same samples cannot deadlock (the
   * version check above locked them already, in the same order); planned against the locked state.
   */
  private async lockSamples(samples: readonly SampleEntity[]): Promise<Map<string, SampleEntity>> {
    return new Map((await this.samples.lockSamples(samples.map((s) => s.id))).map((s) => [s.id, s]));
  }
}

/** Every sample planned against is, under the lock, the row it was read as (same row version). */
function unchanged(read: readonly SampleEntity[], lockedVersions: ReadonlyMap<string, number>): boolean {
  return read.every((s) => lockedVersions.get(s.id) === s.rowVersion);
}

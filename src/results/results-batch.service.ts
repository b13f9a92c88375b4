import { Injectable } from '@nestjs/common';
import { RenderedDocument } from '../audit/audit-document';
import type { AuditRecord } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { EventLoopTurns } from '../common/event-loop-turns';
import { UnitOfWork } from '../database/unit-of-work';
import { LimitSetInForce, LimitSetsService } from '../rules/limit-sets/limit-sets.service';
import { limitUnits } from '../rules/limit-units';
import { MethodSetsService } from '../rules/methods/method-sets.service';
import { PanelSetsService } from '../rules/panel-sets/panel-sets.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { acceptsResults } from '../samples/sample-status';
import { SamplesService } from '../samples/samples.service';
import { composeRows, type ComposeInputs } from './compose-rows';
import type { AnalyteResultEntity } from './entities/analyte-result.entity';
import type { GroupEntry } from './entry/check-entries';
import { auditedRow, type RowOrigin } from './judge-rows';
import { NotTestedRepository } from './not-tested/not-tested.repository';
import { rejudgedRows, writtenBy, type RejudgedRow } from './rejudged-rows';
import { rejudgedAudit } from './rejudged-rows-audit';
import { ResultsError, ResultsErrorCode } from './results.errors';
import { ResultsRepository, RowsInsert, versionKey } from './results.repository';
import { ResultSource, ResultsService } from './results.service';

/** How long judging or rendering a batch holds the event loop at a time (a sample is done whole; one takes well under a millisecond). */
const TURN_MS = 10;

/** One sample's share of a batch: the groups written into its working version. */
export interface BatchItem {
  sample: SampleEntity;
  groups: GroupEntry[];
}

/** A sample's working version composed and judged, ready to store. */
interface PreparedSample {
  sample: SampleEntity;
  version: number;
  existing: AnalyteResultEntity[];
  groups: GroupEntry[];
  judged: ReturnType<typeof composeRows>['judged'];
  limitSetName: string;
  /** Kept rows whose verdict, limit or limit set changed when the version was judged again (absent: none). */
  rejudged?: { limitSetId: string; rows: readonly RejudgedRow[] };
}

/** A batch composed and judged in memory; `rules` tells whether the rules it was judged by still hold. */
export interface PreparedBatch {
  source: ResultSource;
  samples: PreparedSample[];
  rules: string;
  /** Every sample's judged rows as one INSERT, built with the batch (not under the locks). */
  rowsInsert: RowsInsert;
}

/**
 * Many samples' results at once (an import): everything `ResultsService.applyGroups` does per sample,
 * with the same rows, judgement and audit events, but read and written set-wise: one query per kind
 * of row read, one statement per table written, whatever the number of samples. `prepare` reads and
 * judges without locks or writes (it may run before the transaction); `write` stores a prepared batch
 * inside the caller's transaction with the samples locked and unchanged since `prepare` read them.
 */
@Injectable()
export class ResultsBatch {
  constructor(
    private readonly results: ResultsRepository,
    private readonly samples: SamplesService,
    private readonly limitSets: LimitSetsService,
    private readonly methods: MethodSetsService,
    private readonly panels: PanelSetsService,
    private readonly notTested: NotTestedRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async prepare(items: readonly BatchItem[], source: ResultSource, actor: Actor, options: { merge?: boolean } = {}): Promise<PreparedBatch> {
    // Read first: a rule set loaded or decided after this is seen by `stillCurrent`.
    const rules = await this.results.rulesFingerprint();
    const versions = items.map(({ sample }) => ({ sampleId: sample.id, version: ResultsService.currentVersion(sample) }));
    // Planned again under the lock (a sample changed meanwhile), prepare runs inside the import's transaction.
    const [existing, marks, registry] = await this.uow.reads(
      () => this.results.rowsForMany(versions),
      () => this.notTested.marksForMany(versions),
      () => this.methods.registryInForce(),
    );
    const limitSet = memo((productType: string) => this.limitSets.inForce(productType));
    const units = new Map<LimitSetInForce, ReadonlyMap<string, string | null>>();
    const panel = memo((key: string, sample: SampleEntity) => this.panels.requiredAnalytes(sample));
    const origin: RowOrigin = {
      sourceType: source.type,
      sourceId: source.id ?? null,
      enteredBy: actor.type === 'user' ? actor.id : null,
      analyst: actor.label,
    };
    // One file, one import: its undated rows carry one instant on every sample, not one per sample judged.
    const datedAt = new Date().toISOString();
    const prepared: PreparedSample[] = [];
    // Judging is synchronous: other requests get the event loop between samples every few milliseconds.
    const turns = new EventLoopTurns(TURN_MS);
    for (const [i, { sample, groups }] of items.entries()) {
      await turns.turnTaken();
      if (!acceptsResults(sample.status)) throw notOpen(sample);
      const { version } = versions[i];
      const key = versionKey(sample.id, version);
      const set = await limitSet(sample.productType, sample);
      if (!units.has(set)) units.set(set, limitUnits(set.rules));
      const inputs: ComposeInputs = {
        limitSet: set,
        limitUnits: units.get(set)!,
        registry,
        marks: marks.get(key) ?? [],
        requiredAnalytes: await panel(`${sample.panelSetId ?? ''}|${sample.receivedAt?.toISOString() ?? ''}|${sample.productType}`, sample),
        datedAt,
      };
      const rows = existing.get(key) ?? [];
      const { judged } = composeRows(sample, version, rows, groups, origin, inputs, options);
      // In memory, row for row against the rows read above: no query per sample.
      const rejudged = rows.length > 0 ? rejudgedRows(rows, judged.rows, writtenBy(groups, options.merge === true)) : [];
      prepared.push({
        sample,
        version,
        existing: rows,
        groups,
        judged,
        limitSetName: set.set.name,
        ...(rejudged.length > 0 && { rejudged: { limitSetId: set.set.id, rows: rejudged } }),
      });
    }
    const rowsInsert = await this.results.rowsInsert(
      prepared.flatMap((p) => p.judged.rows),
      () => turns.turnTaken(),
    );
    return { source, samples: prepared, rules, rowsInsert };
  }

  /** The rules the batch was judged by are still the ones in force (no set loaded or decided since). */
  async stillCurrent(batch: PreparedBatch): Promise<boolean> {
    return (await this.results.rulesFingerprint()) === batch.rules;
  }

  /**
   * Stores a prepared batch: every version's rows replaced in two statements, each changed group audited
   * with before and after and re-judged kept rows in one more event (in the order applyGroups audits them), and the samples moved into testing
   * with their judgement recorded. Inside the caller's transaction, the samples locked. `also`: the
   * caller's own events of the same write (an import's rows left as they are), in the same INSERT.
   */
  async write(batch: PreparedBatch, actor: Actor, reason?: string, also: readonly AuditRecord[] = []): Promise<void> {
    await this.results.deleteVersions(batch.samples.map((p) => ({ sampleId: p.sample.id, version: p.version })));
    // PostgreSQL takes 100 ms and more to store a large batch's rows: the audit documents are rendered
    // meanwhile rather than after, with the locks held. The failure, if any, is thrown by the await below.
    const rowsStored = this.results.insertRows(batch.rowsInsert);
    rowsStored.catch(() => undefined);
    const entries = await renderedEntries(batch, actor, reason);
    await rowsStored;
    await this.samples.recordResultsBatch(entries, actor, also);
  }
}

/** Each sample's verdict and audit events, their documents rendered to text (a turn of the event loop every few milliseconds). */
async function renderedEntries(batch: PreparedBatch, actor: Actor, reason: string | undefined) {
  // The first turn lets the INSERT leave for the server before any rendering starts.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const turns = new EventLoopTurns(TURN_MS);
  const entries: Array<{ sample: SampleEntity; verdict: PreparedSample['judged']['verdict']; audits: AuditRecord[] }> = [];
  for (const p of batch.samples) {
    await turns.turnTaken();
    entries.push({ sample: p.sample, verdict: p.judged.verdict, audits: groupAudits(p, batch.source, actor, reason) });
  }
  return entries;
}

/**
 * applyGroups' audit events of one sample: one per changed group, in group order, with before and after,
 * then the one event of the kept rows re-judging changed, if any (all rendered).
 */
function groupAudits(p: PreparedSample, source: ResultSource, actor: Actor, reason: string | undefined): AuditRecord[] {
  const touched = [...new Set(p.groups.map((g) => g.group))].sort();
  const action = source.type === 'manual' ? 'results.entered' : `results.${source.type}`;
  const audits: AuditRecord[] = touched.map((group) => ({
    actor,
    action,
    entityType: 'sample',
    entityId: p.sample.id,
    before: RenderedDocument.of({ group, version: p.version, analytes: p.existing.filter((r) => r.analyteGroup === group && !r.computed).map(auditedRow) }),
    after: RenderedDocument.of({
      group,
      version: p.version,
      limitSet: p.limitSetName,
      analytes: p.judged.rows.filter((r) => r.analyteGroup === group && !r.computed).map(auditedRow),
      sourceId: source.id ?? null,
      // A contributor besides the actor (contributors.ts): the saver of the instrument mapping the import read through.
      ...(source.mappingSavedBy ? { mappingSavedBy: source.mappingSavedBy } : {}),
    }),
    reason,
  }));
  const rejudged =
    p.rejudged &&
    rejudgedAudit({
      actor,
      sampleId: p.sample.id,
      version: p.version,
      limitSet: { id: p.rejudged.limitSetId, name: p.limitSetName },
      cause: { action, groups: touched, sourceId: source.id ?? null },
      rejudged: p.rejudged.rows,
      reason,
    });
  if (rejudged) audits.push({ ...rejudged, before: RenderedDocument.of(rejudged.before), after: RenderedDocument.of(rejudged.after) });
  return audits;
}

function notOpen(sample: SampleEntity): ResultsError {
  return new ResultsError(
    ResultsErrorCode.SAMPLE_NOT_OPEN,
    `Sample ${sample.labCode ?? sample.id} is ${sample.status}; results can only change while it is received or in testing`,
    { status: sample.status },
  );
}

/** One read per distinct key within a batch. */
function memo<T>(load: (key: string, sample: SampleEntity) => Promise<T>): (key: string, sample: SampleEntity) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (key, sample) => {
    if (!seen.has(key)) seen.set(key, load(key, sample));
    return seen.get(key)!;
  };
}

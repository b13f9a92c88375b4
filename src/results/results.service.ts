import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { auditedRefusal, runAuditingRefusals } from '../audit/audited-refusal';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import type { SamplePanel } from '../rules/judgement/judge-sample';
import { LimitSetInForce, LimitSetsService } from '../rules/limit-sets/limit-sets.service';
import { limitUnits } from '../rules/limit-units';
import { MethodSetsService } from '../rules/methods/method-sets.service';
import { PanelSetsService } from '../rules/panel-sets/panel-sets.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { acceptsResults } from '../samples/sample-status';
import { SamplesService } from '../samples/samples.service';
import { composeRows, type ComposeOptions } from './compose-rows';
import { contributorsOf, SAMPLE_FACT_ACTIONS, type VersionContributor } from './contributors';
import { SampleResultsDto, type SampleResultsWithContributorsDto } from './dto/results-response.dto';
import { AnalyteResultEntity, type ResultSourceType } from './entities/analyte-result.entity';
import type { QcFlagEntity } from './entities/qc-flag.entity';
import { checkEntries, GroupEntry } from './entry/check-entries';
import { correctionsOf, hasReason, reasonRequiredMessage } from './entry/correction-reason';
import { auditedRow, judgeRows, pendingFromStored, RowOrigin } from './judge-rows';
import type { NotTestedMarkEntity } from './not-tested/not-tested-mark.entity';
import { NotTestedRepository } from './not-tested/not-tested.repository';
import { rejudgedRows, writtenBy } from './rejudged-rows';
import { rejudgedAudit } from './rejudged-rows-audit';
import { ResultsError, ResultsErrorCode } from './results.errors';
import { NewResultRow, ResultsRepository } from './results.repository';
import { toResultsView } from './results.view';
import type { StoredRowOrigin } from './row-origins';

export interface ResultSource {
  type: Exclude<ResultSourceType, 'computed'>;
  /** Import run id for instrument and COA imports. */
  id?: string | null;
  /** An instrument import read through a saved mapping: its last saver (their method's LOD and LOQ are printed), kept in the audit events. */
  mappingSavedBy?: { id: string; label: string };
}

/** The results of a sample: hand entry, imports and judgement all write through `applyGroups`. */
@Injectable()
export class ResultsService {
  constructor(
    private readonly results: ResultsRepository,
    private readonly samples: SamplesService,
    private readonly limitSets: LimitSetsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly panels: PanelSetsService,
    private readonly notTested: NotTestedRepository,
    private readonly methods: MethodSetsService,
    private readonly config: AppConfig,
  ) {}

  /** A version's stored rows (computed totals included). */
  versionRows(sampleId: string, version: number): Promise<AnalyteResultEntity[]> {
    return this.results.rowsFor(sampleId, version);
  }

  /** Stores a composed version (see composeVersion) as it is; the caller's transaction holds the sample. */
  storeVersion(sampleId: string, version: number, rows: NewResultRow[]): Promise<void> {
    return this.results.replaceRows(sampleId, version, rows);
  }

  /** Released rows never change again: a trigger refuses UPDATE and DELETE of frozen rows. */
  async freezeVersion(sampleId: string, version: number): Promise<number> {
    await this.notTested.freeze(sampleId, version);
    return this.results.freeze(sampleId, version);
  }

  /** The version's not-tested marks (an amendment carries them over with copyNotTested). */
  notTestedMarks(sampleId: string, version: number): Promise<NotTestedMarkEntity[]> {
    return this.notTested.marksFor(sampleId, version);
  }

  copyNotTested(sampleId: string, from: number, to: number): Promise<void> {
    return this.notTested.copy(sampleId, from, to);
  }

  /** What a complete panel of the sample must report, and what the version marks not tested. */
  private async panelOf(sample: SampleEntity, marks: readonly NotTestedMarkEntity[]): Promise<SamplePanel> {
    return {
      requiredAnalytes: await this.panels.requiredAnalytes(sample),
      notTested: marks.map((m) => ({ group: m.analyteGroup, analyte: m.analyte, reason: m.reason })),
    };
  }

  /** Judges the working version again (its marks changed) and records the verdict on the sample. */
  async refreshJudgement(sample: SampleEntity): Promise<SampleResultsDto> {
    const version = ResultsService.currentVersion(sample);
    const rows = await this.results.rowsFor(sample.id, version);
    const view = await this.viewOf(sample, version, rows);
    await this.samples.recordJudgement(sample, view.status as 'pass' | 'fail' | 'incomplete', view.failedGroups);
    await this.samples.touch(sample);
    return view;
  }

  /**
   * Lab users who wrote to the version in any way: entered, corrected, cleared or imported results
   * (an import's events are its uploader's), or marked an analyte not tested or withdrew a mark. Rows
   * and marks say who wrote what is there now; the audit trail's `results.*` events of the version
   * also name who removed something (a cleared group leaves no row). Read in the caller's transaction.
   * The receiver is one of every version, amendments' too: the facts set at receipt (edible servings
   * and weights, solventExtracted, the receipt date's panel set) still decide each version's verdict.
   * Release, amendment decisions and QC flag resolution refuse them (ids: `contributors`); the console
   * is shown them (`withContributors`) to say so beforehand.
   */
  async versionContributors(sampleId: string, version: number): Promise<VersionContributor[]> {
    const rows = await this.results.writersOfVersion(sampleId, version);
    const marks = (await this.notTested.marksFor(sampleId, version)).flatMap((m) =>
      m.markedBy === null ? [] : [{ userId: m.markedBy, label: m.markedByLabel, group: m.analyteGroup }],
    );
    const ref = { entityType: 'sample', entityId: sampleId };
    const events = [...(await this.audit.userActsOf(ref, SAMPLE_FACT_ACTIONS)), ...(await this.audit.userActsOfVersion(ref, 'results.', version))];
    return contributorsOf(rows, marks, events);
  }

  async contributors(sampleId: string, version: number): Promise<string[]> {
    return (await this.versionContributors(sampleId, version)).map((c) => c.userId);
  }

  /** A view as the lab reads it: with who wrote to its version (not part of its digest). */
  async withContributors(view: SampleResultsDto): Promise<SampleResultsWithContributorsDto> {
    return { ...view, contributors: await this.versionContributors(view.sampleId, view.version) };
  }

  openQcFlags(sampleId: string) {
    return this.results.openQcFlags(sampleId);
  }

  /**
   * Raises the flags (one statement) and audits each (`qc_flag.raised`, one more statement): the
   * hash-chained trail shows what held a sample back, as it shows the resolution. In the caller's transaction.
   */
  async recordQcFlags(flags: NewQcFlag[], raisedBy: Actor): Promise<void> {
    const stored = await this.results.insertQcFlags(flags);
    await this.audit.recordMany(
      stored.map((f) => ({
        actor: raisedBy,
        action: 'qc_flag.raised',
        entityType: 'sample',
        entityId: f.sampleId,
        after: { flag: f.id, importId: f.importId, kind: f.kind, analyteGroup: f.analyteGroup, analyte: f.analyte, message: f.message },
        reason: f.message,
      })),
    );
  }

  async listQcFlags(sampleId: string) {
    const sample = await this.samples.getSample(sampleId);
    return (await this.results.qcFlags(sample.id)).map((f) => ({
      id: f.id,
      importId: f.importId,
      analyteGroup: f.analyteGroup,
      analyte: f.analyte,
      kind: f.kind,
      message: f.message,
      createdAt: f.createdAt.toISOString(),
      resolvedAt: f.resolvedAt?.toISOString() ?? null,
      resolvedBy: f.resolvedBy,
      resolution: f.resolution,
    }));
  }

  /**
   * A second person (manager or technician) records why a QC finding does not affect the results: not
   * the uploader of the import that raised it, nor anyone who wrote to the working version. Only while
   * the results are open or under review (submitted); a released sample's flags stay as they are.
   */
  resolveQcFlag(sampleId: string, flagId: string, resolution: string, actor: Actor): Promise<void> {
    return runAuditingRefusals(this.uow, this.audit, async () => {
      const sample = await this.samples.lockSample(sampleId);
      const flag = await this.results.findQcFlag(flagId);
      if (!flag || flag.sampleId !== sample.id) throw new ResultsError(ResultsErrorCode.QC_FLAG_NOT_FOUND, `No QC flag ${flagId} on this sample`);
      if (flag.resolvedAt) return;
      if (!acceptsResults(sample.status) && sample.status !== 'submitted') {
        throw new ResultsError(
          ResultsErrorCode.QC_FLAG_CLOSED,
          `Sample ${sample.labCode ?? sample.id} is ${sample.status}; QC flags can only be resolved while its results are open or submitted for review`,
          { status: sample.status },
        );
      }
      await this.refuseOwnFlag(sample, flag, actor);
      Object.assign(flag, { resolvedAt: new Date(), resolvedBy: actor.type === 'user' ? actor.id : null, resolution });
      await this.results.saveQcFlag(flag);
      await this.audit.record({
        actor,
        action: 'qc_flag.resolved',
        entityType: 'sample',
        entityId: sample.id,
        before: { flag: flag.id, message: flag.message },
        after: { resolved: true },
        reason: resolution,
      });
      await this.samples.touch(sample);
    });
  }

  /**
   * Four eyes on QC: whoever uploaded the flagged import, received the sample or wrote to the working version is not the second person.
   * A refusal is audited (qc_flag.refused) with the acts that caused it.
   */
  private async refuseOwnFlag(sample: SampleEntity, flag: QcFlagEntity, actor: Actor): Promise<void> {
    if (actor.type !== 'user') return;
    const uploader = flag.importId ? await this.results.importUploader(flag.importId) : null;
    const version = ResultsService.currentVersion(sample);
    const mine = uploader === actor.id ? null : (await this.versionContributors(sample.id, version)).find((c) => c.userId === actor.id);
    const own =
      uploader === actor.id
        ? 'you uploaded the import that raised it'
        : mine?.did.every((d) => d.act === 'received')
          ? 'you received this sample, and its receipt facts decide the verdict'
          : mine
            ? 'you entered, imported or changed results of this sample'
            : null;
    if (own) {
      const error = new ResultsError(
        ResultsErrorCode.QC_FLAG_SELF_RESOLUTION,
        `You cannot resolve this QC flag of ${sample.labCode ?? sample.id}: ${own}; a second person must review and resolve it`,
        { flagId: flag.id },
      );
      const acts = mine?.did ?? (await this.versionContributors(sample.id, version)).find((c) => c.userId === actor.id)?.did ?? [];
      const after = { code: error.code, flagId: flag.id, importId: flag.importId, version, uploadedImport: uploader === actor.id, acts };
      throw auditedRefusal(error, { actor, action: 'qc_flag.refused', entityType: 'sample', entityId: sample.id, after, reason: error.message });
    }
  }

  /** Where each stored row of these versions came from, what it reports and who wrote it (re-import and reason rules). */
  rowOrigins(versions: ReadonlyArray<{ sampleId: string; version: number }>): Promise<StoredRowOrigin[]> {
    return this.results.rowOrigins(versions);
  }

  /** rowOrigins of each sample's latest version that has rows. */
  latestRowOrigins(sampleIds: readonly string[]): Promise<StoredRowOrigin[]> {
    return this.results.latestRowOrigins(sampleIds);
  }

  /** The working version before release, the released one after. */
  static currentVersion(sample: Pick<SampleEntity, 'coaVersion' | 'status'>): number {
    return sample.status === 'released' ? sample.coaVersion! : (sample.coaVersion ?? 0) + 1;
  }

  async getResults(sampleId: string, version?: number): Promise<SampleResultsDto> {
    const sample = await this.samples.getSample(sampleId);
    const v = version ?? ResultsService.currentVersion(sample);
    const rows = await this.results.rowsFor(sample.id, v);
    return this.viewOf(sample, v, rows);
  }

  async viewOf(sample: SampleEntity, version: number, rows: AnalyteResultEntity[]): Promise<SampleResultsDto> {
    return (await this.judgedView(sample, version, rows)).view;
  }

  /** The view of stored rows judged by the limit set they were judged by, with that set's rules. */
  async judgedView(sample: SampleEntity, version: number, rows: AnalyteResultEntity[]): Promise<{ view: SampleResultsDto; limitSet: LimitSetInForce }> {
    const inputs = rows.filter((r) => !r.computed).map(pendingFromStored);
    const limitSetId = rows.find((r) => r.limitSetId)?.limitSetId;
    const limitSet = limitSetId ? await this.limitSets.rulesOf(limitSetId, sample.productType) : await this.limitSets.inForce(sample.productType);
    const marks = await this.notTested.marksFor(sample.id, version);
    const { verdict } = judgeRows(sample, version, inputs, { id: limitSet.set.id, rules: limitSet.rules }, await this.panelOf(sample, marks));
    const released = sample.coaVersion !== null && version <= sample.coaVersion;
    return { view: toResultsView(sample, version, released, rows, verdict, rows.length > 0 ? limitSet.set : null, marks), limitSet };
  }

  /** Hand entry: each listed group's analytes become exactly the ones given; changing or removing recorded ones needs a reason. */
  enterResults(sampleId: string, groups: GroupEntry[], actor: Actor, reason?: string): Promise<SampleResultsDto> {
    return this.uow.run(async () => {
      const sample = await this.samples.lockSample(sampleId);
      await this.applyGroups(sample, groups, { type: 'manual' }, actor, reason?.trim() || undefined);
      return this.getResults(sample.id);
    });
  }

  /**
   * The rows of `version`: `base` (another version's rows, or the working one's) with the listed groups
   * replaced, or merged (imports: a group keeps the analytes the file does not carry), checked row by
   * row and judged against the limit set in force. Nothing is stored here.
   */
  async composeVersion(
    sample: SampleEntity,
    version: number,
    base: AnalyteResultEntity[],
    groups: GroupEntry[],
    origin: RowOrigin,
    options: ComposeOptions = {},
  ) {
    const limitSet = await this.limitSets.inForce(sample.productType);
    // The registry is read only for rows that pass the check, as before (its absence is then no error of theirs).
    const units = limitUnits(limitSet.rules);
    const registry = checkEntries(groups, units).errors.length > 0 ? null : await this.methods.registryInForce();
    // The version's not-tested marks; a new version composed from another (an amendment) carries that one's.
    const own = await this.notTested.marksFor(sample.id, version);
    const marks = own.length > 0 || base.length === 0 || base[0].version === version ? own : await this.notTested.marksFor(sample.id, base[0].version);
    const requiredAnalytes = await this.panels.requiredAnalytes(sample);
    const inputs = { limitSet, limitUnits: units, registry, marks, requiredAnalytes, timeZone: this.config.lab.timezone };
    return composeRows(sample, version, base, groups, origin, inputs, options);
  }

  /**
   * What `applyGroups` would make of these groups, judged the same way and shown as `getResults` would
   * show it once stored, with nothing written (an import's dry run). Reads the working version without
   * locking it; the source id is whatever the caller gives (null: no import run exists yet).
   */
  async previewGroups(
    sample: SampleEntity,
    groups: GroupEntry[],
    source: ResultSource,
    actor: Actor,
    options: { merge?: boolean } = {},
  ): Promise<SampleResultsDto> {
    const { version, judged, set, marks } = await this.composeWorkingVersion(sample, groups, source, actor, options);
    // Unsaved rows in the order `rowsFor` reads stored ones (the database collates C: code-unit order).
    const rows = judged.rows
      .map(unsavedRow)
      .sort((a, b) => byCode(a.analyteGroup, b.analyteGroup) || Number(a.computed) - Number(b.computed) || byCode(a.analyte, b.analyte));
    return toResultsView(sample, version, false, rows, judged.verdict, rows.length > 0 ? set : null, marks);
  }

  /** The working version with these groups written in, checked and judged; refused once the sample is closed. */
  private async composeWorkingVersion(sample: SampleEntity, groups: GroupEntry[], source: ResultSource, actor: Actor, options: { merge?: boolean }) {
    if (!acceptsResults(sample.status)) {
      throw new ResultsError(
        ResultsErrorCode.SAMPLE_NOT_OPEN,
        `Sample ${sample.labCode ?? sample.id} is ${sample.status}; results can only change while it is received or in testing`,
        { status: sample.status },
      );
    }
    const version = ResultsService.currentVersion(sample);
    const existing = await this.results.rowsFor(sample.id, version);
    const origin: RowOrigin = {
      sourceType: source.type,
      sourceId: source.id ?? null,
      enteredBy: actor.type === 'user' ? actor.id : null,
      analyst: actor.label,
    };
    return { version, existing, ...(await this.composeVersion(sample, version, existing, groups, origin, options)) };
  }

  /**
   * Writes groups of results into the sample's working version, judges the whole version against the
   * limit set in force, audits each changed group with before and after (and, in one more event, the
   * kept rows whose verdict, limit or limit set re-judging changed), and moves the sample into
   * testing. Must run inside the caller's transaction with the sample locked.
   */
  async applyGroups(
    sample: SampleEntity,
    groups: GroupEntry[],
    source: ResultSource,
    actor: Actor,
    reason?: string,
    options: { merge?: boolean } = {},
  ): Promise<void> {
    const { version, existing, judged, set } = await this.composeWorkingVersion(sample, groups, source, actor, options);
    const touched = [...new Set(groups.map((g) => g.group))].sort();
    // Who, when and why: a first entry needs no why, a change to a recorded result does (imports give their own).
    if (source.type === 'manual' && !hasReason(reason)) {
      const corrections = correctionsOf(existing, judged.rows, new Set(touched));
      if (corrections.length > 0) {
        throw new ResultsError(
          ResultsErrorCode.REASON_REQUIRED,
          `${corrections.length} recorded result(s) would change; say why in reason. Nothing was saved`,
          [{ field: 'reason', message: reasonRequiredMessage(corrections) }],
        );
      }
    }
    const action = source.type === 'manual' ? 'results.entered' : `results.${source.type}`;
    await this.results.replaceRows(sample.id, version, judged.rows);

    for (const group of touched) {
      await this.audit.record({
        actor,
        action,
        entityType: 'sample',
        entityId: sample.id,
        before: { group, version, analytes: existing.filter((r) => r.analyteGroup === group && !r.computed).map(auditedRow) },
        after: {
          group,
          version,
          limitSet: set.name,
          analytes: judged.rows.filter((r) => r.analyteGroup === group && !r.computed).map(auditedRow),
          sourceId: source.id ?? null,
        },
        reason,
      });
    }
    // Rows of groups nobody wrote were judged again too (a new limit set may be in force): say which changed.
    const rejudged = rejudgedAudit({
      actor,
      sampleId: sample.id,
      version,
      limitSet: set,
      cause: { action, groups: touched, sourceId: source.id ?? null },
      rejudged: rejudgedRows(existing, judged.rows, writtenBy(groups, options.merge === true)),
      reason,
    });
    if (rejudged) await this.audit.record(rejudged);
    if (sample.status === 'received') await this.samples.transition(sample, 'in_testing', actor, {}, 'first results recorded');
    await this.samples.recordJudgement(sample, judged.verdict.status, judged.verdict.failedGroups, judged.verdict.groups);
    await this.samples.touch(sample);
  }
}

/** QC findings that hold a sample back from release until a person resolves them. */
export interface NewQcFlag {
  sampleId: string;
  importId: string | null;
  analyteGroup: string | null;
  analyte: string | null;
  kind: string;
  message: string;
}

/** A composed row as the view reads it; it has no id or timestamps because it is never stored. */
function unsavedRow(row: NewResultRow): AnalyteResultEntity {
  return Object.assign(new AnalyteResultEntity(), row, { frozen: false });
}

function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

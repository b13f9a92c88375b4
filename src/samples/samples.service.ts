import { Injectable } from '@nestjs/common';
import { AuditRecord, AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { isUuid } from '../common/uuid.pipe';
import { UnitOfWork } from '../database/unit-of-work';
import { LicenseesService } from '../licensees/licensees.service';
import { PanelSetsService } from '../rules/panel-sets/panel-sets.service';
import { isInventoryId } from '../traceability/inventory-id';
import { ListSamplesQuery } from './dto/list-samples.query';
import { SampleDetailDto, SamplePageDto, SampleSummaryDto, toCustodyEvent, toSampleSummary } from './dto/sample-response.dto';
import { edibleFactsOf } from './edible-facts';
import { edibleReceiptRecord, type EdibleReceiptRecord } from './edible-receipt-record';
import { SampleEntity } from './entities/sample.entity';
import { canTransition, SampleStatus } from './sample-status';
import { SampleError, SampleErrorCode } from './samples.errors';
import { CustodyInput, SamplesRepository } from './samples.repository';

/** Reading samples, and the samples module's API to the rest of LabTrace (status, judgement). */
@Injectable()
export class SamplesService {
  constructor(
    private readonly samples: SamplesRepository,
    private readonly licensees: LicenseesService,
    private readonly panels: PanelSetsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async listSamples(query: ListSamplesQuery, scope?: { licenseeId: string }): Promise<SamplePageDto> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !after)
      throw new SampleError(SampleErrorCode.INVALID_CURSOR, 'cursor is not one this API returned', [{ field: 'cursor', message: 'invalid cursor' }]);
    let licenseeId = scope?.licenseeId;
    if (query.licenseNumber) {
      const l = await this.licensees.findByLicenseNumber(query.licenseNumber);
      if (!l || (licenseeId && l.id !== licenseeId)) return { items: [], nextCursor: null };
      licenseeId = l.id;
    }
    const limit = query.limit ?? 50;
    const rows = await this.samples.page(
      {
        statuses: query.status,
        licenseeId,
        productType: query.productType,
        receivedFrom: query.receivedFrom,
        receivedTo: query.receivedTo,
        announcedFrom: query.announcedFrom,
        announcedTo: query.announcedTo,
        manifestId: query.manifestId,
        text: query.q,
      },
      after,
      limit + 1,
      query.sort,
    );
    const page = rows.slice(0, limit);
    const [summaries, since] = await Promise.all([this.summaries(page.map((r) => r.sample)), this.samples.statusSince(page.map((r) => r.sample.id))]);
    const items = summaries.map((s) => ({ ...s, statusSince: since.get(s.id)?.toISOString() ?? s.createdAt }));
    return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].position) : null };
  }

  countByStatus(): Promise<Record<string, number>> {
    return this.samples.countByStatus();
  }

  async getSampleDetail(id: string): Promise<SampleDetailDto> {
    const s = await this.getSample(id);
    const [summary] = await this.summaries([s]);
    const [transfer, custody, panelSet] = await Promise.all([
      this.samples.findTransferById(s.transferId),
      this.samples.custodyOf(s.id),
      this.panels.nameOf(s.panelSetId),
    ]);
    return {
      ...summary,
      manifestId: transfer!.manifestId,
      requestedTests: s.requestedTests,
      solventExtracted: s.solventExtracted,
      collectedAt: s.collectedAt?.toISOString() ?? null,
      collectionSite: s.collectionSite,
      receivedQuantity: s.receivedQuantity,
      receivedUnit: s.receivedUnit,
      condition: s.condition,
      rejectionReason: s.rejectionReason,
      storageLocation: s.storageLocation,
      notes: s.notes,
      panelSet,
      parentSampleId: s.parentSampleId,
      retestGroups: s.retestGroups,
      edible: edibleFactsOf(s),
      custody: custody.map(toCustodyEvent),
    };
  }

  /** The announced edible facts the latest receipt changed, by whom and why (its `sample.received` audit); null: none changed. */
  async edibleFactsChangedAtReceipt(id: string): Promise<EdibleReceiptRecord | null> {
    const trail = await this.audit.trail([{ entityType: 'sample', entityId: id }]);
    const receipt = [...trail].reverse().find((e) => e.action === 'sample.received');
    return receipt ? edibleReceiptRecord(receipt) : null;
  }

  async getSample(id: string): Promise<SampleEntity> {
    const s = isUuid(id) ? await this.samples.findById(id) : null;
    if (!s) throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `No sample ${id}`);
    return s;
  }

  /** For other modules' writes: the sample locked for the rest of the caller's transaction. */
  async lockSample(id: string): Promise<SampleEntity> {
    const s = isUuid(id) ? await this.samples.findByIdForUpdate(id) : null;
    if (!s) throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `No sample ${id}`);
    return s;
  }

  /** lockSample for many at once: one statement, locked in id order; SAMPLE_NOT_FOUND names the first missing. */
  lockSamples(ids: readonly string[]): Promise<SampleEntity[]> {
    return this.lockInIdOrder(ids, (wanted) => this.samples.findByIdsForUpdate(wanted));
  }

  /**
   * lockSamples answering only each sample's row version: a caller that planned against the samples as
   * read needs no more to see that nothing changed, and reading and mapping whole rows of a 400-sample
   * batch would lengthen the time the locks are held.
   */
  async lockSampleVersions(ids: readonly string[]): Promise<Map<string, number>> {
    const locked = await this.lockInIdOrder(ids, (wanted) => this.samples.lockVersions(wanted));
    return new Map(locked.map((s) => [s.id, s.rowVersion]));
  }

  private async lockInIdOrder<T extends { id: string }>(ids: readonly string[], lock: (sortedIds: string[]) => Promise<T[]>): Promise<T[]> {
    const wanted = [...new Set(ids)].sort();
    const bad = wanted.find((id) => !isUuid(id));
    const locked = bad ? [] : await lock(wanted);
    const found = new Set(locked.map((s) => s.id));
    const missing = bad ?? wanted.find((id) => !found.has(id));
    if (missing) throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `No sample ${missing}`);
    return locked;
  }

  /**
   * What results record on each sample of a batch, in three statements whatever its size: the given
   * audit events (each sample's before its own status change), received samples moved into testing
   * (custody and audit as `transition` records them), the judgement (as `recordJudgement`) and the
   * bump (as `touch`). The caller's transaction holds the samples locked.
   */
  async recordResultsBatch(
    entries: ReadonlyArray<{ sample: SampleEntity; verdict: BatchVerdict; audits: AuditRecord[] }>,
    actor: Actor,
    also: readonly AuditRecord[] = [],
  ): Promise<void> {
    const reason = 'first results recorded';
    const audits: AuditRecord[] = [];
    const custody: Array<{ sampleId: string; event: CustodyInput }> = [];
    const changes = entries.map(({ sample, verdict, audits: own }) => {
      audits.push(...own);
      let bumps = 1;
      if (sample.status === 'received') {
        if (!canTransition(sample.status, 'in_testing'))
          throw new SampleError(
            SampleErrorCode.ILLEGAL_TRANSITION,
            `Sample ${sample.labCode ?? sample.sampleInventoryId} is ${sample.status}; it cannot become in_testing`,
            {
              status: sample.status,
            },
          );
        custody.push({ sampleId: sample.id, event: { kind: 'status_changed', note: reason, details: { from: 'received', to: 'in_testing' } } });
        audits.push({
          actor,
          action: 'sample.in_testing',
          entityType: 'sample',
          entityId: sample.id,
          before: { status: 'received' },
          after: { status: 'in_testing' },
          reason,
        });
        sample.status = 'in_testing';
        bumps += 1;
      }
      const failedAnalytes = [...new Set(verdict.groups.flatMap((g) => g.analytes.filter((a) => a.status === 'fail').map((a) => a.analyte)))].sort();
      const same =
        sample.resultStatus === verdict.status &&
        sample.failedGroups.join() === verdict.failedGroups.join() &&
        (sample.failedAnalytes ?? []).join() === failedAnalytes.join();
      if (!same) {
        Object.assign(sample, { resultStatus: verdict.status, failedGroups: verdict.failedGroups, failedAnalytes });
        bumps += 1;
      }
      return {
        id: sample.id,
        status: sample.status,
        resultStatus: sample.resultStatus,
        failedGroups: sample.failedGroups,
        failedAnalytes: sample.failedAnalytes ?? [],
        bumps,
      };
    });
    // The caller's own events of the batch (ResultsBatch.write `also`) go in the same statement.
    await this.audit.recordMany([...audits, ...also]);
    await this.samples.appendCustodyMany(custody, actor);
    const versions = await this.samples.applyResults(changes);
    for (const { sample } of entries) Object.assign(sample, versions.get(sample.id));
  }

  /** Licensee-scoped lookup: another licensee's sample is simply not found. */
  findForLicensee(licenseeId: string, inventoryId: string): Promise<SampleEntity | null> {
    return isInventoryId(inventoryId) ? this.samples.findForLicensee(licenseeId, inventoryId) : Promise.resolve(null);
  }

  async changedSince(licenseeId: string, since: string | undefined, cursor: string | undefined, limit: number) {
    const after = cursor ? decodeCursor(cursor) : undefined;
    if (cursor && !after)
      throw new SampleError(SampleErrorCode.INVALID_CURSOR, 'cursor is not one this API returned', [{ field: 'cursor', message: 'invalid cursor' }]);
    const rows = await this.samples.changedSince(licenseeId, since, after, limit + 1);
    const page = rows.slice(0, limit);
    return { samples: page.map((r) => r.sample), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].position) : null };
  }

  findByLabCodeOrInventoryId(ref: string): Promise<SampleEntity | null> {
    if (isInventoryId(ref)) return this.samples.findByInventoryIds([ref]).then((r) => r[0] ?? null);
    return this.samples.findByLabCode(ref.trim().toUpperCase());
  }

  /** findByLabCodeOrInventoryId for many refs in two reads at most, keyed by the ref as given. */
  async findManyByLabCodeOrInventoryId(refs: readonly string[]): Promise<Map<string, SampleEntity>> {
    const inventoryIds = refs.filter((r) => isInventoryId(r));
    const codes = refs.filter((r) => !isInventoryId(r));
    const [byInventory, byCode] = await Promise.all([
      this.samples.findByInventoryIds(inventoryIds),
      this.samples.findByLabCodes(codes.map((c) => c.trim().toUpperCase())),
    ]);
    const inventory = new Map(byInventory.map((s) => [s.sampleInventoryId, s]));
    const labCodes = new Map(byCode.map((s) => [s.labCode, s]));
    const found = new Map<string, SampleEntity>();
    for (const ref of inventoryIds) if (inventory.has(ref)) found.set(ref, inventory.get(ref)!);
    for (const ref of codes) if (labCodes.has(ref.trim().toUpperCase())) found.set(ref, labCodes.get(ref.trim().toUpperCase())!);
    return found;
  }

  /** The one gate for status changes; an illegal one is a 409 naming the current state. */
  async transition(sample: SampleEntity, to: SampleStatus, actor: Actor, extra: Partial<SampleEntity> = {}, reason?: string): Promise<SampleEntity> {
    if (!canTransition(sample.status, to)) {
      throw new SampleError(
        SampleErrorCode.ILLEGAL_TRANSITION,
        `Sample ${sample.labCode ?? sample.sampleInventoryId} is ${sample.status}; it cannot become ${to}`,
        { status: sample.status },
      );
    }
    const from = sample.status;
    Object.assign(sample, extra, { status: to });
    const saved = await this.samples.save(sample);
    await this.samples.appendCustody(sample.id, actor, { kind: 'status_changed', note: reason, details: { from, to } });
    await this.audit.record({
      actor,
      action: `sample.${to}`,
      entityType: 'sample',
      entityId: sample.id,
      before: { status: from },
      after: { status: to, ...serialisable(extra) },
      reason,
    });
    return saved;
  }

  /**
   * The results module keeps the sample's latest judgement here so lists and polls read one row. With
   * the judged groups, the failed analytes are kept too (a retest is refused after a prohibited pesticide failed).
   */
  async recordJudgement(
    sample: SampleEntity,
    resultStatus: 'pass' | 'fail' | 'incomplete',
    failedGroups: string[],
    judgedGroups?: ReadonlyArray<{ analytes: ReadonlyArray<{ analyte: string; status: string }> }>,
  ): Promise<void> {
    const failedAnalytes = judgedGroups
      ? [...new Set(judgedGroups.flatMap((g) => g.analytes.filter((a) => a.status === 'fail').map((a) => a.analyte)))].sort()
      : (sample.failedAnalytes ?? []);
    const same = sample.resultStatus === resultStatus && sample.failedGroups.join() === failedGroups.join();
    if (same && (sample.failedAnalytes ?? []).join() === failedAnalytes.join()) return;
    sample.resultStatus = resultStatus;
    sample.failedGroups = failedGroups;
    sample.failedAnalytes = failedAnalytes;
    await this.samples.save(sample);
  }

  /** Bumps the version (and update time) so licensee ETags and `updatedSince` polls see a change. */
  async touch(sample: SampleEntity, changes: Partial<SampleEntity> = {}): Promise<SampleEntity> {
    Object.assign(sample, changes);
    if (Object.keys(changes).length > 0) await this.samples.save(sample);
    await this.samples.bump(sample);
    return sample;
  }

  async licenseeOf(sample: SampleEntity) {
    return (await this.licensees.findById(sample.licenseeId))!;
  }

  async summaries(samples: SampleEntity[]): Promise<SampleSummaryDto[]> {
    const ids = [...new Set(samples.map((s) => s.licenseeId))];
    const licensees = new Map((await Promise.all(ids.map((id) => this.licensees.findById(id)))).map((l) => [l!.id, l!]));
    return samples.map((s) => toSampleSummary(s, licensees.get(s.licenseeId)!));
  }

  inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.uow.run(work);
  }
}

/** A sample's judgement as a batch of results records it (see recordJudgement). */
export interface BatchVerdict {
  status: 'pass' | 'fail' | 'incomplete';
  failedGroups: string[];
  groups: ReadonlyArray<{ analytes: ReadonlyArray<{ analyte: string; status: string }> }>;
}

function serialisable(extra: Partial<SampleEntity>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

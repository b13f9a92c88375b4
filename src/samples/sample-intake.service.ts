import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { labDateInstant } from '../common/lab-instant';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import type { LicenseeEntity } from '../licensees/licensee.entity';
import { LicenseesService } from '../licensees/licensees.service';
import { PRODUCT_TYPES } from '../rules/product-types';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { completeFacts, CompleteFacts, columnsOf, edibleValuesOf, factsOfSample, announcedFactsIn } from './announced-facts';
import { AnnounceTransferDto, ClaimedSampleDto, SyncResultDto, TransferResultDto } from './dto/announce-transfer.dto';
import { edibleColumns, edibleFactProblems } from './edible-facts';
import { SampleTransferEntity, TransferOrigin } from './entities/sample-transfer.entity';
import { SampleEntity } from './entities/sample.entity';
import { claimedSamples, SampleTagClaimsService } from './sample-tag-claims';
import { SampleError, SampleErrorCode } from './samples.errors';
import { SamplesRepository } from './samples.repository';
import { stateFailure } from './state-errors';
import { describeDifference, FieldDifference, sampleAdded, sampleDifferences, SampleFacts, sampleLeftOff } from './transfer-diff';

interface IncomingTransfer {
  manifestId: string;
  licenseNumber: string;
  origin: TransferOrigin;
  samples: SampleFacts[];
  /** The state's date of the manifest (its earliest sample's), when it gives one. */
  manifestAt?: Date | null;
}

/** A transfer taken in, with the announced samples its sender took over (state sync only). */
interface TakenIn {
  result: TransferResultDto;
  claimed: ClaimedSampleDto[];
}

/**
 * Transfers in, from either side, into one record per sender and manifest. A repeat is idempotent; a
 * licensee's repeat that changes samples the lab has not received yet applies the changes (audited);
 * one that would change a received sample is refused with the differences. Nothing is dropped silently.
 */
@Injectable()
export class SampleIntakeService {
  constructor(
    private readonly samples: SamplesRepository,
    private readonly licensees: LicenseesService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly tagClaims: SampleTagClaimsService,
    @Inject(TRACEABILITY_ADAPTER) private readonly state: TraceabilityAdapter,
    private readonly config: AppConfig,
  ) {}

  async announceTransfer(dto: AnnounceTransferDto, actor: Actor): Promise<TransferResultDto> {
    if (actor.type === 'licensee' && actor.licenseNumber !== dto.licenseNumber) {
      throw new SampleError(
        SampleErrorCode.NOT_YOUR_LICENSE,
        `This API key belongs to ${actor.licenseNumber}; it cannot announce transfers for ${dto.licenseNumber}`,
      );
    }
    const problems = dto.samples.flatMap((s, i) => [
      ...(s.edible ? edibleFactProblems(edibleColumns(s.edible)!, `samples.${i}.edible`, false) : []),
      // ISO 8601 allows forms (week dates) that name no instant.
      ...(s.collectedAt && Number.isNaN(labDateInstant(s.collectedAt, this.config.lab.timezone).getTime())
        ? [{ field: `samples.${i}.collectedAt`, message: `samples.${i}.collectedAt names no instant` }]
        : []),
    ]);
    if (problems.length > 0) throw new SampleError(SampleErrorCode.INVALID_INPUT, problems.map((p) => p.message).join('; '), problems);
    const { result } = await this.takeInTransfer(
      {
        manifestId: dto.manifestId,
        licenseNumber: dto.licenseNumber,
        origin: 'licensee_api',
        // A licensee's announcement states every fact: one it leaves out is none, as on a first announcement.
        samples: dto.samples.map((s) =>
          completeFacts({
            sampleInventoryId: s.inventoryId,
            inventoryIds: s.lotInventoryIds ?? [s.inventoryId],
            productType: s.productType,
            name: s.name.trim(),
            quantity: s.quantity,
            unit: s.unit,
            requestedTests: s.requestedTests ?? [],
            solventExtracted: s.solventExtracted ?? false,
            // On the lab's clock: a day alone is the start of that day there, not UTC midnight.
            collectedAt: s.collectedAt ? labDateInstant(s.collectedAt, this.config.lab.timezone).toISOString() : null,
            collectionSite: s.collectionSite?.trim() || null,
            edible: edibleValuesOf(s.edible),
          }),
        ),
      },
      actor,
    );
    return result;
  }

  /** Pulls the samples the state lists as sent to this lab; each manifest is taken in on its own. */
  async syncFromState(actor: Actor): Promise<SyncResultDto> {
    let inbound;
    try {
      inbound = await this.state.pullInboundSamples();
    } catch (e) {
      throw stateFailure('list inbound samples', e);
    }
    const byManifest = new Map<string, IncomingTransfer>();
    const conflicts: SyncResultDto['conflicts'] = [];
    for (const s of inbound) {
      if (!(PRODUCT_TYPES as readonly string[]).includes(s.productType)) {
        conflicts.push({ manifestId: s.manifestId, message: `${s.sampleId}: unknown product type ${s.productType}` });
        continue;
      }
      const key = `${s.senderLicense}\u0000${s.manifestId}`;
      const t = byManifest.get(key) ?? { manifestId: s.manifestId, licenseNumber: s.senderLicense, origin: 'state_sync' as const, samples: [] };
      // The state lists only these facts; the others are left as announced (not compared).
      t.samples.push({
        sampleInventoryId: s.sampleId,
        inventoryIds: s.parentInventoryIds,
        productType: s.productType,
        name: s.name,
        quantity: s.quantity,
        unit: s.uom,
      });
      t.manifestAt = earlier(t.manifestAt ?? null, stateDate(s.createdAt));
      byManifest.set(key, t);
    }
    let created = 0;
    let unchanged = 0;
    const claimed: ClaimedSampleDto[] = [];
    for (const transfer of byManifest.values()) {
      try {
        await this.ensureLicensee(transfer.licenseNumber, actor);
        const { result, claimed: taken } = await this.takeInTransfer(transfer, actor);
        if (result.outcome === 'created') created++;
        else unchanged++;
        claimed.push(...taken);
      } catch (e) {
        if (!(e instanceof SampleError)) throw e;
        conflicts.push({ manifestId: transfer.manifestId, message: e.message });
      }
    }
    return { created, unchanged, conflicts, claimed };
  }

  private async ensureLicensee(licenseNumber: string, actor: Actor): Promise<void> {
    if (await this.licensees.findByLicenseNumber(licenseNumber)) return;
    // The state vouches for the license; the admin completes name and contact later.
    await this.licensees.registerLicensee({ licenseNumber, name: licenseNumber }, actor.type === 'user' ? actor : SYSTEM_ACTOR);
  }

  private async takeInTransfer(incoming: IncomingTransfer, actor: Actor): Promise<TakenIn> {
    return this.uow.run(async () => {
      const licensee = await this.licensees.getByLicenseNumber(incoming.licenseNumber);
      const ids = incoming.samples.map((s) => s.sampleInventoryId);
      const duplicateIds = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (duplicateIds.length) throw new SampleError(SampleErrorCode.TRANSFER_CONFLICT, `The manifest lists ${duplicateIds[0]} more than once`);
      // One manifest at a time per sender, then its tags in a fixed order: a tag two senders race for goes to one of them.
      await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`manifest:${licensee.id}:${incoming.manifestId}`]);
      for (const id of [...ids].sort()) await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sample-tag:${id}`]);

      const existing = await this.samples.findTransferByManifest(licensee.id, incoming.manifestId);
      if (existing) return { result: await this.repeat(existing, licensee, incoming, actor), claimed: [] };
      const claims = await this.tagClaims.refuseTakenTags(ids, licensee, actor, incoming.origin);

      const transfer = await this.samples.saveTransfer({
        manifestId: incoming.manifestId,
        licenseeId: licensee.id,
        origin: incoming.origin,
        manifestAt: incoming.manifestAt ?? null,
      });
      const held = new Map(claims.map((c) => [c.sample.sampleInventoryId, c]));
      const saved: SampleEntity[] = [];
      for (const s of incoming.samples) {
        const claim = held.get(s.sampleInventoryId);
        saved.push(claim ? await this.tagClaims.claimForState(transfer, licensee, claim, s, actor) : await this.addSample(transfer, s, incoming.origin, actor));
      }
      await this.tagClaims.recordClaimsOnAnnouncers(claims, transfer, licensee, actor);
      await this.audit.record({
        actor,
        action: 'transfer.created',
        entityType: 'sample_transfer',
        entityId: transfer.id,
        after: { manifestId: incoming.manifestId, origin: incoming.origin, licenseNumber: incoming.licenseNumber, samples: ids },
      });
      return {
        result: { transferId: transfer.id, manifestId: transfer.manifestId, outcome: 'created', sampleIds: saved.map((s) => s.id), changes: [] },
        claimed: claimedSamples(ids, claims, transfer, licensee),
      };
    });
  }

  private async addSample(transfer: SampleTransferEntity, facts: SampleFacts, origin: TransferOrigin, actor: Actor): Promise<SampleEntity> {
    const complete = completeFacts(facts);
    const saved = await this.samples.save({
      transferId: transfer.id,
      licenseeId: transfer.licenseeId,
      sampleInventoryId: complete.sampleInventoryId,
      ...columnsOf(complete),
      status: 'pending',
    });
    await this.samples.appendCustody(saved.id, actor, {
      kind: 'announced',
      details: { manifestId: transfer.manifestId, origin, announced: complete },
    });
    await this.audit.record({
      actor,
      action: 'sample.announced',
      entityType: 'sample',
      entityId: saved.id,
      after: { ...complete, manifestId: transfer.manifestId, status: 'pending' },
    });
    return saved;
  }

  /** The same sender's manifest again: unchanged, updated before receipt, or refused with every difference. */
  private async repeat(transfer: SampleTransferEntity, licensee: LicenseeEntity, incoming: IncomingTransfer, actor: Actor): Promise<TransferResultDto> {
    if (transfer.origin === 'retest') {
      throw new SampleError(
        SampleErrorCode.TRANSFER_CONFLICT,
        `Manifest id ${transfer.manifestId} is the lab's record of a retest; announce the transfer under its state manifest id`,
      );
    }
    const stored = await this.samples.findByTransfer(transfer.id);
    const byTag = new Map(stored.map((s) => [s.sampleInventoryId, s]));
    const announced = await this.samples.latestAnnouncements(stored.map((s) => s.id));
    const incomingTags = new Set(incoming.samples.map((s) => s.sampleInventoryId));

    const leftOff = stored.filter((s) => !incomingTags.has(s.sampleInventoryId));
    const added = incoming.samples.filter((s) => !byTag.has(s.sampleInventoryId));
    const changed: Array<{ sample: SampleEntity; facts: SampleFacts; diffs: FieldDifference[] }> = [];
    for (const facts of incoming.samples) {
      const sample = byTag.get(facts.sampleInventoryId);
      if (!sample) continue;
      // Received: compared with what was last announced (receiving may have corrected collection or edible facts).
      const base = sample.status === 'pending' ? factsOfSample(sample) : (announcedFactsIn(announced.get(sample.id) ?? null) ?? factsOfSample(sample));
      const diffs = sampleDifferences(base, facts);
      if (diffs.length) changed.push({ sample, facts, diffs });
    }
    const differences = [
      ...changed.flatMap((c) => c.diffs),
      ...leftOff.map((s) => sampleLeftOff(s.sampleInventoryId)),
      ...added.map((s) => sampleAdded(s.sampleInventoryId)),
    ];
    const sampleIds = () => incoming.samples.map((s) => byTag.get(s.sampleInventoryId)!.id);
    if (differences.length === 0)
      return { transferId: transfer.id, manifestId: transfer.manifestId, outcome: 'unchanged', sampleIds: sampleIds(), changes: [] };

    const received = changed.filter((c) => c.sample.status !== 'pending');
    if (incoming.origin !== 'licensee_api' || received.length > 0 || leftOff.length > 0) {
      throw this.refusal(transfer.manifestId, incoming.origin, differences, received, leftOff);
    }

    const addedTags = added.map((s) => s.sampleInventoryId);
    // Only a licensee's repeat adds samples here (a state sync that differs was refused above): nothing to claim.
    if (addedTags.length) await this.tagClaims.refuseTakenTags(addedTags, licensee, actor, incoming.origin);
    for (const c of changed) await this.applyChanges(transfer, c.sample, c.facts, c.diffs, actor);
    for (const s of added) byTag.set(s.sampleInventoryId, await this.addSample(transfer, s, incoming.origin, actor));
    const changes = changed.flatMap((c) => c.diffs).concat(added.map((s) => sampleAdded(s.sampleInventoryId)));
    await this.audit.record({
      actor,
      action: 'transfer.updated',
      entityType: 'sample_transfer',
      entityId: transfer.id,
      before: { samples: stored.map((s) => s.sampleInventoryId) },
      after: { samples: incoming.samples.map((s) => s.sampleInventoryId), changes },
    });
    return { transferId: transfer.id, manifestId: transfer.manifestId, outcome: 'updated', sampleIds: sampleIds(), changes };
  }

  private refusal(
    manifestId: string,
    origin: TransferOrigin,
    differences: FieldDifference[],
    received: Array<{ sample: SampleEntity }>,
    leftOff: SampleEntity[],
  ) {
    const why: string[] = [];
    if (origin !== 'licensee_api') why.push('the state system lists it differently from the transfer on record');
    if (received.length) {
      const tags = received.map((c) => `${c.sample.sampleInventoryId} (${c.sample.status})`).join(', ');
      why.push(`the lab has already received ${tags}, so its facts can no longer be changed by announcement; ask the lab to correct them`);
    }
    if (leftOff.length) {
      why.push(`a sample cannot be taken off a manifest by announcement (${leftOff.map((s) => s.sampleInventoryId).join(', ')}); ask the lab to reject it`);
    }
    return new SampleError(
      SampleErrorCode.TRANSFER_CONFLICT,
      `Manifest ${manifestId} was not changed: ${why.join('; ')}. Differences: ${differences.map(describeDifference).join('; ')}`,
      { differences },
    );
  }

  /** A pending sample takes the new facts; receiving will assign its panel from them (solvents, requested tests). */
  private async applyChanges(transfer: SampleTransferEntity, sample: SampleEntity, facts: SampleFacts, diffs: FieldDifference[], actor: Actor): Promise<void> {
    const before = factsOfSample(sample);
    const after: CompleteFacts = completeFacts(facts);
    Object.assign(sample, columnsOf(after));
    await this.samples.save(sample);
    await this.samples.appendCustody(sample.id, actor, {
      kind: 'announced',
      note: `Re-announced: ${diffs.map(describeDifference).join('; ')}`,
      // Only a licensee's own announcement changes facts (a state sync that differs is refused).
      details: { manifestId: transfer.manifestId, origin: 'licensee_api', changes: diffs, announced: after },
    });
    await this.audit.record({ actor, action: 'sample.reannounced', entityType: 'sample', entityId: sample.id, before, after: { ...after, changes: diffs } });
  }
}

/** A date the state system printed, when it reads as one. */
function stateDate(value: string | undefined): Date | null {
  const at = value ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? new Date(at) : null;
}

function earlier(a: Date | null, b: Date | null): Date | null {
  return a && b ? (a.getTime() <= b.getTime() ? a : b) : (a ?? b);
}

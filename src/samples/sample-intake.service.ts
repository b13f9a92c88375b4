import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { LicenseesService } from '../licensees/licensees.service';
import { PRODUCT_TYPES, ProductType } from '../rules/product-types';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { AnnounceTransferDto, SyncResultDto, TransferResultDto } from './dto/announce-transfer.dto';
import type { EdibleFactsDto } from './dto/edible-facts.dto';
import { edibleColumns, edibleFactProblems } from './edible-facts';
import { SampleTransferEntity, TransferOrigin } from './entities/sample-transfer.entity';
import { SampleError, SampleErrorCode } from './samples.errors';
import { SamplesRepository } from './samples.repository';
import { stateFailure } from './state-errors';
import { describeDifferences, IncomingSample } from './transfer-diff';

interface IncomingTransfer {
  manifestId: string;
  licenseNumber: string;
  origin: TransferOrigin;
  samples: Array<
    IncomingSample & {
      requestedTests?: string[];
      solventExtracted?: boolean;
      collectedAt?: string | null;
      collectionSite?: string | null;
      edible?: EdibleFactsDto;
    }
  >;
}

/** Transfers in, from either side, into one record per manifest: idempotent, conflicts named. */
@Injectable()
export class SampleIntakeService {
  constructor(
    private readonly samples: SamplesRepository,
    private readonly licensees: LicenseesService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(TRACEABILITY_ADAPTER) private readonly state: TraceabilityAdapter,
  ) {}

  async announceTransfer(dto: AnnounceTransferDto, actor: Actor): Promise<TransferResultDto> {
    if (actor.type === 'licensee' && actor.licenseNumber !== dto.licenseNumber) {
      throw new SampleError(
        SampleErrorCode.NOT_YOUR_LICENSE,
        `This API key belongs to ${actor.licenseNumber}; it cannot announce transfers for ${dto.licenseNumber}`,
      );
    }
    const edibleProblems = dto.samples.flatMap((s, i) => (s.edible ? edibleFactProblems(edibleColumns(s.edible)!, `samples.${i}.edible`, false) : []));
    if (edibleProblems.length > 0) throw new SampleError(SampleErrorCode.INVALID_INPUT, edibleProblems.map((p) => p.message).join('; '), edibleProblems);
    return this.takeInTransfer(
      {
        manifestId: dto.manifestId,
        licenseNumber: dto.licenseNumber,
        origin: 'licensee_api',
        samples: dto.samples.map((s) => ({
          sampleInventoryId: s.inventoryId,
          inventoryIds: s.lotInventoryIds ?? [s.inventoryId],
          productType: s.productType,
          name: s.name.trim(),
          quantity: s.quantity,
          unit: s.unit,
          requestedTests: s.requestedTests,
          solventExtracted: s.solventExtracted,
          collectedAt: s.collectedAt ?? null,
          collectionSite: s.collectionSite ?? null,
          edible: s.edible,
        })),
      },
      actor,
    );
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
      const t = byManifest.get(s.manifestId) ?? { manifestId: s.manifestId, licenseNumber: s.senderLicense, origin: 'state_sync' as const, samples: [] };
      t.samples.push({
        sampleInventoryId: s.sampleId,
        inventoryIds: s.parentInventoryIds,
        productType: s.productType,
        name: s.name,
        quantity: s.quantity,
        unit: s.uom,
      });
      byManifest.set(s.manifestId, t);
    }
    let created = 0;
    let unchanged = 0;
    for (const transfer of byManifest.values()) {
      try {
        await this.ensureLicensee(transfer.licenseNumber, actor);
        const r = await this.takeInTransfer(transfer, actor);
        if (r.outcome === 'created') created++;
        else unchanged++;
      } catch (e) {
        if (!(e instanceof SampleError)) throw e;
        conflicts.push({ manifestId: transfer.manifestId, message: e.message });
      }
    }
    return { created, unchanged, conflicts };
  }

  private async ensureLicensee(licenseNumber: string, actor: Actor): Promise<void> {
    if (await this.licensees.findByLicenseNumber(licenseNumber)) return;
    // The state vouches for the license; the admin completes name and contact later.
    await this.licensees.registerLicensee({ licenseNumber, name: licenseNumber }, actor.type === 'user' ? actor : SYSTEM_ACTOR);
  }

  private async takeInTransfer(incoming: IncomingTransfer, actor: Actor): Promise<TransferResultDto> {
    return this.uow.run(async () => {
      await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`manifest:${incoming.manifestId}`]);
      const licensee = await this.licensees.getByLicenseNumber(incoming.licenseNumber);
      const existingTransfer = await this.samples.findTransferByManifest(incoming.manifestId);
      const ids = incoming.samples.map((s) => s.sampleInventoryId);
      const duplicateIds = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (duplicateIds.length) throw new SampleError(SampleErrorCode.TRANSFER_CONFLICT, `The manifest lists ${duplicateIds[0]} more than once`);
      const already = await this.samples.findByInventoryIds(ids);

      if (existingTransfer) return this.compareRepeat(existingTransfer, incoming);
      if (already.length) {
        const transfers = await Promise.all(already.map((s) => this.samples.findTransferById(s.transferId)));
        const where = already.map((s, i) => `${s.sampleInventoryId} (manifest ${transfers[i]?.manifestId})`).join(', ');
        throw new SampleError(SampleErrorCode.TRANSFER_CONFLICT, `Already taken in under another manifest: ${where}`);
      }

      const transfer = await this.samples.saveTransfer({ manifestId: incoming.manifestId, licenseeId: licensee.id, origin: incoming.origin });
      const sampleIds: string[] = [];
      for (const s of incoming.samples) {
        const saved = await this.samples.save({
          transferId: transfer.id,
          licenseeId: licensee.id,
          sampleInventoryId: s.sampleInventoryId,
          inventoryIds: s.inventoryIds,
          productType: s.productType as ProductType,
          name: s.name,
          quantity: s.quantity,
          unit: s.unit,
          requestedTests: s.requestedTests ?? [],
          solventExtracted: s.solventExtracted ?? false,
          collectedAt: s.collectedAt ? new Date(s.collectedAt) : null,
          collectionSite: s.collectionSite ?? null,
          ...edibleColumns(s.edible),
          status: 'pending',
        });
        sampleIds.push(saved.id);
        await this.samples.appendCustody(saved.id, actor, { kind: 'announced', details: { manifestId: incoming.manifestId, origin: incoming.origin } });
        await this.audit.record({
          actor,
          action: 'sample.announced',
          entityType: 'sample',
          entityId: saved.id,
          after: { ...s, manifestId: incoming.manifestId, status: 'pending' },
        });
      }
      await this.audit.record({
        actor,
        action: 'transfer.created',
        entityType: 'sample_transfer',
        entityId: transfer.id,
        after: { manifestId: incoming.manifestId, origin: incoming.origin, licenseNumber: incoming.licenseNumber, samples: ids },
      });
      return { transferId: transfer.id, manifestId: transfer.manifestId, outcome: 'created', sampleIds };
    });
  }

  private async compareRepeat(transfer: SampleTransferEntity, incoming: IncomingTransfer): Promise<TransferResultDto> {
    const stored = await this.samples.findByTransfer(transfer.id);
    const licensee = await this.licensees.findById(transfer.licenseeId);
    const diffs: string[] = [];
    if (licensee?.licenseNumber !== incoming.licenseNumber) diffs.push(`licenseNumber: stored ${licensee?.licenseNumber}, announced ${incoming.licenseNumber}`);
    const incomingIds = new Set(incoming.samples.map((s) => s.sampleInventoryId));
    for (const s of stored)
      if (!incomingIds.has(s.sampleInventoryId)) diffs.push(`${s.sampleInventoryId} is on the stored manifest but not in this announcement`);
    for (const s of incoming.samples) {
      const match = stored.find((x) => x.sampleInventoryId === s.sampleInventoryId);
      if (!match) {
        diffs.push(`${s.sampleInventoryId} is announced but not on the stored manifest`);
        continue;
      }
      diffs.push(
        ...describeDifferences(
          { ...match, licenseNumber: incoming.licenseNumber, manifestId: transfer.manifestId },
          { ...s, licenseNumber: incoming.licenseNumber, manifestId: incoming.manifestId },
        ),
      );
    }
    if (diffs.length) {
      throw new SampleError(
        SampleErrorCode.TRANSFER_CONFLICT,
        `Manifest ${incoming.manifestId} was already taken in with different contents: ${diffs.join('; ')}`,
        { differences: diffs },
      );
    }
    return { transferId: transfer.id, manifestId: transfer.manifestId, outcome: 'unchanged', sampleIds: stored.map((s) => s.id) };
  }
}

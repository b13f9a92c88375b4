import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { labDateInstant } from '../common/lab-instant';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { LicenseesService } from '../licensees/licensees.service';
import { AssignedPanel, PanelSetsService } from '../rules/panel-sets/panel-sets.service';
import { deriveRetestPanel } from '../rules/retests/retest-panel';
import { builtInRetestRules } from '../rules/retests/retest-rules';
import { RulesError, RulesErrorCode } from '../rules/rules.errors';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { WebhooksService } from '../webhooks/webhooks.service';
import { CreateRetestDto, CustodyEventDto, ReceiveSampleDto } from './dto/receive-sample.dto';
import { EDIBLE_FACTS_REQUIRED_FOR, edibleColumns, edibleFactProblems, edibleMeasuresOf } from './edible-facts';
import { changedEdibleFacts } from './edible-facts-change';
import { SampleTransferEntity } from './entities/sample-transfer.entity';
import { SampleEntity } from './entities/sample.entity';
import { formatLabCode } from './lab-code';
import { receiptTiming, RECEIPT_CLOCK_TOLERANCE_MS } from './receipt-date';
import { SampleError, SampleErrorCode } from './samples.errors';
import { SamplesRepository } from './samples.repository';
import { changesAnnouncement, SOLVENT_EXTRACTED_DETAIL, solventExtractedAtReceipt } from './solvent-extracted';
import { isAlreadyDone, stateFailure } from './state-errors';

/** Receiving, custody events and retests: the sample in the lab's hands. */
@Injectable()
export class SampleReceivingService {
  constructor(
    private readonly samples: SamplesRepository,
    private readonly panels: PanelSetsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Inject(TRACEABILITY_ADAPTER) private readonly state: TraceabilityAdapter,
    private readonly webhooks: WebhooksService,
    private readonly licensees: LicenseesService,
  ) {}

  /**
   * Our writes happen first and the state call last, inside one transaction: if the state refuses or
   * is down, everything rolls back and the sample stays pending. If the state accepted (or rejected)
   * but our commit failed, the retry finds it already done and completes.
   */
  async receiveSample(id: string, dto: ReceiveSampleDto, actor: Actor): Promise<SampleEntity> {
    return this.uow.run(async () => {
      const sample = await this.samples.findByIdForUpdate(id);
      if (!sample) throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `No sample ${id}`);
      if (sample.status !== 'pending') {
        throw new SampleError(
          SampleErrorCode.ILLEGAL_TRANSITION,
          `Sample ${sample.sampleInventoryId} is ${sample.status}; only pending samples can be received`,
          { status: sample.status },
        );
      }
      const enteredAt = new Date();
      // Typed dates are read on the lab's clock: a day alone is the start of that day there, not UTC midnight.
      const receivedAt = dto.receivedAt ? labDateInstant(dto.receivedAt, this.config.lab.timezone) : enteredAt;
      const transfer = await this.samples.findTransferById(sample.transferId);
      // The state's manifest is the one other record of when the lab could have had the sample.
      const timing = receiptTiming(receivedAt, {
        recordedAt: sample.createdAt,
        manifestAt: transfer?.origin === 'state_sync' ? (transfer.manifestAt ?? transfer.createdAt) : null,
        now: enteredAt,
      });
      if (timing.kind === 'in_future') {
        throw new SampleError(SampleErrorCode.INVALID_INPUT, 'receivedAt is in the future', [
          { field: 'receivedAt', message: 'receivedAt must not be in the future' },
        ]);
      }
      const collectedAt = dto.collectedAt ? labDateInstant(dto.collectedAt, this.config.lab.timezone) : sample.collectedAt;
      if (collectedAt && collectedAt.getTime() > receivedAt.getTime()) {
        throw new SampleError(SampleErrorCode.INVALID_INPUT, 'collectedAt is after receivedAt', [
          { field: 'collectedAt', message: 'a sample cannot be collected after it was received' },
        ]);
      }
      // Only a typed time is judged: the receipt date drives the lab code, the panel set, the analysis-date flags and the COA.
      const lateEntry = dto.receivedAt !== undefined && timing.kind === 'after_the_fact';
      if (dto.receivedAt !== undefined && timing.kind === 'before_known') {
        const known = timing.knownSince.toISOString();
        throw new SampleError(
          SampleErrorCode.RECEIPT_BEFORE_ANNOUNCEMENT,
          `receivedAt ${receivedAt.toISOString()} is before the lab knew of ${sample.sampleInventoryId} (${known}); nothing was received`,
          [
            {
              field: 'receivedAt',
              message: `receivedAt must not be before the sample was announced to the lab (${known}), less ${RECEIPT_CLOCK_TOLERANCE_MS / 60000} minutes`,
            },
          ],
        );
      }
      const reason = dto.reason?.trim();
      if (lateEntry && !reason) {
        throw new SampleError(SampleErrorCode.REASON_REQUIRED, 'A receipt entered after the fact needs a reason', [
          { field: 'reason', message: `reason is required when receivedAt is more than ${RECEIPT_CLOCK_TOLERANCE_MS / 60000} minutes ago` },
        ]);
      }
      // The technician's word on solvent extraction decides an infused product's panel; changing what was announced is explained.
      const solvent = solventExtractedAtReceipt(sample.solventExtracted, dto.solventExtracted, transfer?.origin ?? null);
      if (changesAnnouncement(solvent) && !reason) {
        throw new SampleError(
          SampleErrorCode.REASON_REQUIRED,
          `${sample.sampleInventoryId} was announced as ${solvent.announced ? '' : 'not '}solvent-extracted; changing that needs a reason`,
          [{ field: 'reason', message: 'reason is required when solventExtracted differs from the announcement' }],
        );
      }
      // Edible facts make the mg/serving and mg/package the caps judge: changing announced ones is explained too.
      const edibleChanged = changedEdibleFacts(sample, edibleColumns(dto.edible));
      if (edibleChanged.length > 0 && !reason) {
        throw new SampleError(
          SampleErrorCode.REASON_REQUIRED,
          `${sample.sampleInventoryId} was announced with other edible facts (${edibleChanged.join(', ')}); changing them needs a reason`,
          [{ field: 'reason', message: `reason is required when edible facts differ from the announcement (${edibleChanged.join(', ')})` }],
        );
      }
      await this.confirmSender(sample, transfer);
      const before = snapshot(sample);
      const accepted = dto.condition === 'acceptable';
      const edible = edibleColumns(dto.edible);
      const edibleProblems = edibleFactProblems({ ...sample, ...edible }, 'edible', accepted && EDIBLE_FACTS_REQUIRED_FOR.includes(sample.productType));
      if (edibleProblems.length > 0) throw new SampleError(SampleErrorCode.INVALID_INPUT, edibleProblems.map((p) => p.message).join('; '), edibleProblems);
      Object.assign(sample, {
        receivedAt,
        receivedBy: actor.type === 'user' ? actor.id : null,
        receivedQuantity: dto.receivedQuantity,
        receivedUnit: dto.unit,
        condition: dto.condition,
        rejectionReason: accepted ? null : dto.rejectionReason!.trim(),
        storageLocation: dto.storageLocation ?? null,
        notes: dto.notes ?? null,
        // The receive form's collection facts win over the transfer's; the audit keeps both.
        collectedAt,
        collectionSite: dto.collectionSite?.trim() ?? sample.collectionSite,
        status: accepted ? 'received' : 'rejected',
        // Before the panel is assigned: it decides whether residual solvents are in it.
        solventExtracted: solvent.value,
        ...edible,
      });
      if (accepted) {
        const panel = sample.parentSampleId
          ? { panelSetId: null, groups: [...(sample.retestGroups ?? [])].sort() }
          : await this.panelOn(sample, receivedAt, dto.receivedAt !== undefined);
        sample.panel = panel.groups;
        sample.panelSetId = panel.panelSetId;
        sample.labCode = formatLabCode(receivedAt, await this.samples.nextLabCodeNumber(), this.config.lab.timezone);
      }
      const saved = await this.samples.save(sample);
      await this.samples.appendCustody(sample.id, actor, {
        kind: accepted ? 'received' : 'rejected',
        location: dto.storageLocation,
        quantity: dto.receivedQuantity,
        unit: dto.unit,
        note: accepted ? dto.notes : dto.rejectionReason,
        details: {
          labCode: sample.labCode,
          panel: sample.panel,
          receivedAt: receivedAt.toISOString(),
          [SOLVENT_EXTRACTED_DETAIL]: solvent,
          ...(reason ? { reason } : {}),
        },
      });
      await this.audit.record({
        actor,
        action: accepted ? 'sample.received' : 'sample.rejected',
        entityType: 'sample',
        entityId: sample.id,
        before,
        // A typed time is kept as typed, beside when it was entered: a late entry shows both.
        after: {
          ...snapshot(saved),
          ...(dto.receivedAt !== undefined ? { receivedAtAsEntered: dto.receivedAt, enteredAt: enteredAt.toISOString() } : {}),
          ...(solvent.confirmedAtReceipt ? { solventExtractedConfirmedAtReceipt: true } : {}),
        },
        reason,
      });
      await this.tellState(sample, dto, receivedAt);
      if (accepted) {
        await this.webhooks.publish('sample.received', sample);
      }
      return saved;
    });
  }

  /**
   * A sample a licensee announced is theirs only on their word: a licensee can announce another's tag
   * first. Receiving it would make the lab test, certify and serve (licensee API, webhooks) another
   * licensee's package as theirs. So when the state system lists the tag as sent to this lab, its sender
   * must be the licensee on record; otherwise nothing is received. A sample the state system does not
   * list, or a state system that cannot say (Metrc), leaves receipt as before.
   */
  private async confirmSender(sample: SampleEntity, transfer: SampleTransferEntity | null): Promise<void> {
    if (transfer?.origin !== 'licensee_api') return;
    let listed;
    try {
      listed = await this.state.inboundSender(sample.sampleInventoryId);
    } catch (e) {
      throw stateFailure(`confirm the sender of ${sample.sampleInventoryId}`, e);
    }
    if (!listed) return;
    const announcer = await this.licensees.findById(sample.licenseeId);
    if (announcer?.licenseNumber === listed.senderLicense) return;
    throw new SampleError(
      SampleErrorCode.SENDER_NOT_CONFIRMED,
      `The state system lists ${sample.sampleInventoryId} as sent by ${listed.senderLicense} under manifest ${listed.manifestId}, ` +
        `but ${announcer?.licenseNumber ?? 'another licensee'} announced it (manifest ${transfer.manifestId}); nothing was received. ` +
        'Sync the inbound samples from the state system, which gives the sample to its sender, then receive it.',
      {
        statedSender: listed.senderLicense,
        statedManifest: listed.manifestId,
        announcedBy: announcer?.licenseNumber ?? null,
        announcedManifest: transfer.manifestId,
      },
    );
  }

  /** The panel set in force on the receipt day; a typed day none covers is the caller's to change (422), not a fault. */
  private async panelOn(sample: SampleEntity, receivedAt: Date, typed: boolean): Promise<AssignedPanel> {
    try {
      return await this.panels.assignPanel(sample.productType, sample.requestedTests, { solventExtracted: sample.solventExtracted, on: receivedAt });
    } catch (e) {
      if (!typed || !(e instanceof RulesError) || e.code !== RulesErrorCode.NO_PANEL_SET) throw e;
      throw new SampleError(SampleErrorCode.NO_PANEL_SET_ON_RECEIPT_DATE, `${e.message}; nothing was received`, [
        { field: 'receivedAt', message: `no panel set covers ${receivedAt.toISOString()}` },
      ]);
    }
  }

  private async tellState(sample: SampleEntity, dto: ReceiveSampleDto, receivedAt: Date): Promise<void> {
    try {
      if (dto.condition === 'acceptable') {
        await this.state.acceptSample(sample.sampleInventoryId, {
          receivedQuantity: dto.receivedQuantity,
          uom: dto.unit,
          receivedAt: receivedAt.toISOString(),
        });
      } else {
        await this.state.rejectSample(sample.sampleInventoryId, dto.rejectionReason!.trim());
      }
    } catch (e) {
      if (isAlreadyDone(e)) return;
      throw stateFailure(dto.condition === 'acceptable' ? `accept sample ${sample.sampleInventoryId}` : `reject sample ${sample.sampleInventoryId}`, e);
    }
  }

  async recordCustodyEvent(id: string, dto: CustodyEventDto, actor: Actor): Promise<void> {
    await this.uow.run(async () => {
      const sample = await this.samples.findByIdForUpdate(id);
      if (!sample) throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `No sample ${id}`);
      if (sample.status === 'pending' || sample.status === 'rejected') {
        throw new SampleError(
          SampleErrorCode.ILLEGAL_TRANSITION,
          `Sample ${sample.sampleInventoryId} is ${sample.status}; custody events start when it is received`,
          { status: sample.status },
        );
      }
      const before = { storageLocation: sample.storageLocation };
      if (dto.kind === 'moved' && dto.location) {
        sample.storageLocation = dto.location;
        await this.samples.save(sample);
      }
      await this.samples.appendCustody(sample.id, actor, { kind: dto.kind, location: dto.location, quantity: dto.quantity, unit: dto.unit, note: dto.note });
      await this.audit.record({ actor, action: `sample.custody.${dto.kind}`, entityType: 'sample', entityId: sample.id, before, after: { ...dto } });
    });
  }

  /** A retest is a new sample of the same lots, linked to its failed parent, testing only what failed. */
  async createRetest(parentId: string, dto: CreateRetestDto, actor: Actor): Promise<SampleEntity> {
    return this.uow.run(async () => {
      const parent = await this.samples.findByIdForUpdate(parentId);
      if (!parent) throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `No sample ${parentId}`);
      if (parent.status !== 'released' || parent.resultStatus !== 'fail') {
        throw new SampleError(
          SampleErrorCode.RETEST_NOT_ALLOWED,
          `Only a released, failed sample can be retested; ${parent.labCode ?? parent.sampleInventoryId} is ${parent.status}${parent.resultStatus ? ` (${parent.resultStatus})` : ''}`,
        );
      }
      const decision = deriveRetestPanel(parent, builtInRetestRules());
      if (!decision.allowed) {
        throw new SampleError(SampleErrorCode.RETEST_NOT_ALLOWED, `${parent.labCode ?? parent.sampleInventoryId} cannot be retested. ${decision.reason}`, {
          prohibitedPesticides: decision.prohibited.map((p) => p.analyte),
        });
      }
      if (await this.samples.findByInventoryIds([dto.sampleInventoryId]).then((r) => r.length > 0)) {
        throw new SampleError(SampleErrorCode.TRANSFER_CONFLICT, `Inventory id ${dto.sampleInventoryId} is already a sample`);
      }
      const transfer = await this.samples.saveTransfer({ manifestId: `retest-${dto.sampleInventoryId}`, licenseeId: parent.licenseeId, origin: 'retest' });
      const retest = await this.samples.save({
        transferId: transfer.id,
        licenseeId: parent.licenseeId,
        sampleInventoryId: dto.sampleInventoryId,
        inventoryIds: parent.inventoryIds,
        productType: parent.productType,
        name: `${parent.name} (retest of ${parent.labCode})`,
        quantity: dto.quantity,
        unit: dto.unit,
        solventExtracted: parent.solventExtracted,
        status: 'pending',
        parentSampleId: parent.id,
        retestGroups: decision.groups,
        // Same product, same package: the retest is judged against the same per-serving caps and claim.
        servingsPerPackage: parent.servingsPerPackage,
        packageNetWeightG: parent.packageNetWeightG,
        servingWeightG: parent.servingWeightG,
        claimTotalThcMg: parent.claimTotalThcMg,
        claimTotalCbdMg: parent.claimTotalCbdMg,
        claimBasis: parent.claimBasis,
      });
      await this.samples.appendCustody(retest.id, actor, {
        kind: 'announced',
        note: dto.reason,
        details: { retestOf: parent.id, groups: retest.retestGroups, wholeGroups: decision.wholeGroups },
      });
      await this.audit.record({
        actor,
        action: 'sample.retest_created',
        entityType: 'sample',
        entityId: retest.id,
        after: snapshot(retest),
        reason: dto.reason,
      });
      return retest;
    });
  }
}

function snapshot(s: SampleEntity) {
  return {
    status: s.status,
    labCode: s.labCode,
    receivedAt: s.receivedAt?.toISOString() ?? null,
    receivedQuantity: s.receivedQuantity,
    receivedUnit: s.receivedUnit,
    condition: s.condition,
    rejectionReason: s.rejectionReason,
    storageLocation: s.storageLocation,
    collectedAt: s.collectedAt?.toISOString() ?? null,
    collectionSite: s.collectionSite,
    solventExtracted: s.solventExtracted,
    panel: s.panel,
    retestGroups: s.retestGroups,
    edible: edibleMeasuresOf(s),
    labelClaim: s.claimBasis ? { per: s.claimBasis, totalThcMg: s.claimTotalThcMg, totalCbdMg: s.claimTotalCbdMg } : null,
  };
}

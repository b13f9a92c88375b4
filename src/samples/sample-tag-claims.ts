import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import type { LicenseeEntity } from '../licensees/licensee.entity';
import { LicenseesService } from '../licensees/licensees.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { columnsOf, completeFacts, factsOfSample } from './announced-facts';
import type { ClaimedSampleDto } from './dto/announce-transfer.dto';
import type { SampleTransferEntity, TransferOrigin } from './entities/sample-transfer.entity';
import type { SampleEntity } from './entities/sample.entity';
import { SampleError, SampleErrorCode } from './samples.errors';
import { SamplesRepository } from './samples.repository';
import type { SampleFacts } from './transfer-diff';

/** A pending sample another licensee announced, which the state system lists under the incoming sender's manifest. */
export interface Claim {
  sample: SampleEntity;
  from: SampleTransferEntity;
  announcer: LicenseeEntity;
}

/**
 * What a licensee hears when a tag it sent is another licensee's: nothing of theirs, not even which
 * tag (a named tag would let anyone probe which ids the lab holds for whom).
 */
export const TAGS_TAKEN_MESSAGE =
  'This manifest cannot be taken in: one or more of its inventory ids are already registered at the lab. ' +
  'Check the ids against the state system’s manifest; if they are right, contact the lab.';

/**
 * Who holds an inventory tag when a manifest names one the lab already has: refused (with as much as the
 * sender may hear), or, for the state system's manifest, claimed from the licensee who only announced it.
 * Runs inside the intake's transaction, after it has locked the manifest's tags.
 */
@Injectable()
export class SampleTagClaimsService {
  constructor(
    private readonly samples: SamplesRepository,
    private readonly licensees: LicenseesService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhooksService,
  ) {}

  /**
   * Tags already held by a sample elsewhere. The sender's own are named with their manifest; a lab
   * user (state sync) sees everything; a licensee hears nothing of another licensee's. The state
   * system's manifest is the exception: the samples it may claim (see `claimable`) are returned, locked,
   * instead of refused, unless another of its tags is refused (then nothing is claimed).
   */
  async refuseTakenTags(ids: string[], licensee: LicenseeEntity, actor: Actor, origin: TransferOrigin): Promise<Claim[]> {
    const taken = await this.samples.findByInventoryIds(ids);
    if (taken.length === 0) return [];
    const claims = origin === 'state_sync' ? await this.claimable(taken, licensee) : [];
    const claimed = new Set(claims.map((c) => c.sample.id));
    const refused = taken.filter((s) => !claimed.has(s.id));
    if (refused.length === 0) return claims;
    if (actor.type === 'licensee' && refused.some((s) => s.licenseeId !== licensee.id)) {
      throw new SampleError(SampleErrorCode.TRANSFER_CONFLICT, TAGS_TAKEN_MESSAGE);
    }
    const where: string[] = [];
    for (const s of refused) {
      const transfer = await this.samples.findTransferById(s.transferId);
      const owner = s.licenseeId === licensee.id ? null : await this.licensees.findById(s.licenseeId);
      where.push(`${s.sampleInventoryId} (manifest ${transfer?.manifestId}${owner ? ` of ${owner.licenseNumber}` : ''})`);
    }
    throw new SampleError(SampleErrorCode.TRANSFER_CONFLICT, `Already taken in under another manifest: ${where.join(', ')}`);
  }

  /**
   * The state system is the authority on who sent a tag; a licensee's announcement is only its word. So
   * a sample the state lists under another sender's manifest is that sender's when another licensee
   * announced it (licensee API) and the lab has not received it: nothing was tested or reported for
   * it yet. Read under row locks (a receipt in flight finishes first, and then it stays a conflict).
   */
  private async claimable(taken: SampleEntity[], licensee: LicenseeEntity): Promise<Claim[]> {
    const candidates = taken.filter((s) => s.licenseeId !== licensee.id && s.status === 'pending');
    const claims: Claim[] = [];
    for (const sample of await this.samples.findByIdsForUpdate(candidates.map((s) => s.id))) {
      if (sample.licenseeId === licensee.id || sample.status !== 'pending') continue;
      const from = await this.samples.findTransferById(sample.transferId);
      if (from?.origin !== 'licensee_api') continue;
      const announcer = await this.licensees.findById(sample.licenseeId);
      if (announcer) claims.push({ sample, from, announcer });
    }
    return claims;
  }

  /** The announcer's sample becomes the state's: its sender, manifest and facts, as a state-synced sample would have them. */
  async claimForState(transfer: SampleTransferEntity, sender: LicenseeEntity, claim: Claim, facts: SampleFacts, actor: Actor): Promise<SampleEntity> {
    const { sample, from, announcer } = claim;
    const before = { licenseNumber: announcer.licenseNumber, transferId: from.id, manifestId: from.manifestId, origin: from.origin, ...factsOfSample(sample) };
    // The sample as the announcer knew it: their polls of the tag now answer 404, and this event says why.
    const announced = { ...sample, licenseeId: announcer.id, inventoryIds: [...sample.inventoryIds], status: 'reassigned' };
    // What the state does not list (tests asked, collection, edible facts) was the announcer's word: a new sample's defaults.
    const complete = completeFacts(facts);
    Object.assign(sample, { transferId: transfer.id, licenseeId: sender.id, ...columnsOf(complete) });
    const saved = await this.samples.save(sample);
    const why =
      `The state system lists ${sample.sampleInventoryId} as sent by ${sender.licenseNumber} under manifest ${transfer.manifestId}; ` +
      `${announcer.licenseNumber} had announced it under manifest ${from.manifestId}, and the lab had not received it`;
    await this.samples.appendCustody(sample.id, actor, {
      kind: 'announced',
      note: `Claimed by the state system's manifest: ${why}`,
      details: {
        manifestId: transfer.manifestId,
        origin: 'state_sync',
        announced: complete,
        claimedFrom: { licenseNumber: announcer.licenseNumber, manifestId: from.manifestId, transferId: from.id },
      },
    });
    await this.audit.record({
      actor,
      action: 'sample.claimed_by_state',
      entityType: 'sample',
      entityId: sample.id,
      before,
      after: { licenseNumber: sender.licenseNumber, transferId: transfer.id, manifestId: transfer.manifestId, origin: transfer.origin, ...complete },
      reason: why,
    });
    // Nothing of the sender's (license, manifest, facts) goes to the announcer, as TAGS_TAKEN_MESSAGE keeps it from them.
    await this.webhooks.publish('sample.reassigned', announced);
    return saved;
  }

  /** Each announcer's transfer stays on record; its audit shows the tags that left it and where to. */
  async recordClaimsOnAnnouncers(claims: Claim[], transfer: SampleTransferEntity, sender: LicenseeEntity, actor: Actor): Promise<void> {
    const byTransfer = new Map<string, Claim[]>();
    for (const c of claims) byTransfer.set(c.from.id, [...(byTransfer.get(c.from.id) ?? []), c]);
    for (const [fromId, left] of byTransfer) {
      const { from, announcer } = left[0];
      const tags = left.map((c) => c.sample.sampleInventoryId).sort();
      const remaining = (await this.samples.findByTransfer(fromId)).map((s) => s.sampleInventoryId);
      await this.audit.record({
        actor,
        action: 'transfer.samples_claimed_by_state',
        entityType: 'sample_transfer',
        entityId: fromId,
        before: { manifestId: from.manifestId, licenseNumber: announcer.licenseNumber, samples: [...remaining, ...tags].sort() },
        after: {
          manifestId: from.manifestId,
          licenseNumber: announcer.licenseNumber,
          samples: remaining,
          claimedBy: { licenseNumber: sender.licenseNumber, manifestId: transfer.manifestId, transferId: transfer.id, samples: tags },
        },
        reason: `The state system lists ${tags.join(', ')} as sent by ${sender.licenseNumber} under manifest ${transfer.manifestId}, not by ${announcer.licenseNumber} under manifest ${from.manifestId}`,
      });
    }
  }
}

/** What the sender's manifest took over, in the manifest's order. */
export function claimedSamples(ids: string[], claims: Claim[], transfer: SampleTransferEntity, sender: LicenseeEntity): ClaimedSampleDto[] {
  const held = new Map(claims.map((c) => [c.sample.sampleInventoryId, c]));
  return ids.flatMap((id) => {
    const c = held.get(id);
    if (!c) return [];
    const from = { licenseNumber: c.announcer.licenseNumber, manifestId: c.from.manifestId };
    return [{ inventoryId: id, sampleId: c.sample.id, from, to: { licenseNumber: sender.licenseNumber, manifestId: transfer.manifestId } }];
  });
}

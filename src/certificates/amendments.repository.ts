import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { CoaAmendmentEntity } from './entities/coa-amendment.entity';

export type NewAmendment = Pick<CoaAmendmentEntity, 'sampleId' | 'version' | 'supersedesVersion' | 'reason' | 'diff' | 'requestedBy' | 'requestedByLabel'>;
export type AmendmentDecision = Pick<CoaAmendmentEntity, 'status' | 'decidedBy' | 'decidedByLabel' | 'decidedAt' | 'decisionReason'>;

@Injectable()
export class AmendmentsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get amendments() {
    return this.uow.manager.getRepository(CoaAmendmentEntity);
  }

  async insert(a: NewAmendment): Promise<CoaAmendmentEntity> {
    const result = await this.amendments.insert({ ...a, status: 'pending' });
    return (await this.amendments.findOneBy({ id: result.identifiers[0].id as string }))!;
  }

  /** The sample's amendments, oldest first (withdrawn and rejected ones included: they are history). */
  forSample(sampleId: string): Promise<CoaAmendmentEntity[]> {
    return this.amendments.find({ where: { sampleId }, order: { createdAt: 'ASC' } });
  }

  findPending(sampleId: string): Promise<CoaAmendmentEntity | null> {
    return this.amendments.findOneBy({ sampleId, status: 'pending' });
  }

  findOne(sampleId: string, id: string): Promise<CoaAmendmentEntity | null> {
    return this.amendments.findOneBy({ id, sampleId });
  }

  /** Records the one decision a pending amendment ever gets (a trigger refuses any other change). */
  async decide(amendment: CoaAmendmentEntity, decision: AmendmentDecision): Promise<CoaAmendmentEntity> {
    await this.amendments.update({ id: amendment.id, status: 'pending' }, decision);
    return Object.assign(amendment, decision);
  }
}

import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import { UserEntity } from '../user.entity';
import { ApprovalRequestEntity, ApprovalStatus } from './approval-request.entity';
import type { RequesterStanding } from './approval-rules';

export type NewApprovalRow = Pick<ApprovalRequestEntity, 'kind' | 'subjectType' | 'subjectId' | 'summary' | 'payload' | 'requestedById' | 'requestedByLabel'>;
export type ApprovalDecision = Pick<ApprovalRequestEntity, 'status' | 'decidedById' | 'decidedByLabel' | 'reason' | 'decidedAt'>;

@Injectable()
export class ApprovalsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager.getRepository(ApprovalRequestEntity);
  }

  async insert(row: NewApprovalRow): Promise<ApprovalRequestEntity> {
    return this.repo.save(this.repo.create({ ...row, status: 'pending' }));
  }

  /** With `lock`, holds the row until the transaction ends, so two admins cannot decide it at once. */
  findById(id: string, options: { lock?: boolean } = {}): Promise<ApprovalRequestEntity | null> {
    const qb = this.repo.createQueryBuilder('a').where('a.id = :id', { id });
    if (options.lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** Newest first; every status when none is given. */
  list(status?: ApprovalStatus, kind?: string): Promise<ApprovalRequestEntity[]> {
    return this.repo.find({ where: { ...(status ? { status } : {}), ...(kind ? { kind } : {}) }, order: { requestedAt: 'DESC' }, take: 500 });
  }

  findPending(kind: string, subjectId: string): Promise<ApprovalRequestEntity | null> {
    return this.repo.findOneBy({ kind, subjectId, status: 'pending' });
  }

  /**
   * A requester's pending requests, each locked as a decision locks it and in id order (no deadlock between
   * two such reads). A request decided while this waited drops out: its row is read again after the wait.
   */
  pendingByRequester(userId: string): Promise<ApprovalRequestEntity[]> {
    return this.repo
      .createQueryBuilder('a')
      .where('a.requested_by_id = :userId', { userId })
      .andWhere(`a.status = 'pending'`)
      .orderBy('a.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  latestFor(kind: string, subjectId: string): Promise<ApprovalRequestEntity | null> {
    return this.repo.findOne({ where: { kind, subjectId }, order: { requestedAt: 'DESC' } });
  }

  /**
   * The requester's role and active flag now, their row share-locked until the decision commits: a
   * concurrent disable or demotion of them waits for it, or it waits for that and sees it.
   */
  async requesterStanding(userId: string): Promise<RequesterStanding | null> {
    const found = await this.uow.manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .select(['u.role', 'u.active'])
      .where('u.id = :userId', { userId })
      .setLock('pessimistic_read')
      .getOne();
    return found ? { role: found.role, active: found.active } : null;
  }

  async decide(id: string, decision: ApprovalDecision): Promise<void> {
    await this.repo.update({ id, status: 'pending' }, decision);
  }
}

import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import { SubmissionEntity, SubmissionStatus } from './submission.entity';

@Injectable()
export class SubmissionsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager.getRepository(SubmissionEntity);
  }

  insert(row: Partial<SubmissionEntity>): Promise<SubmissionEntity> {
    return this.repo.save(this.repo.create(row));
  }

  findById(id: string): Promise<SubmissionEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The delivering worker's claim: a second worker on the same row skips it instead of waiting. */
  claim(id: string): Promise<SubmissionEntity | null> {
    return this.repo.createQueryBuilder('s').setLock('pessimistic_write').setOnLocked('skip_locked').where('s.id = :id', { id }).getOne();
  }

  save(row: SubmissionEntity): Promise<SubmissionEntity> {
    return this.repo.save(row);
  }

  findBySampleVersion(sampleId: string, coaVersion: number): Promise<SubmissionEntity | null> {
    return this.repo.findOneBy({ sampleId, coaVersion });
  }

  latestForSample(sampleId: string): Promise<SubmissionEntity | null> {
    return this.repo.findOne({ where: { sampleId }, order: { coaVersion: 'DESC' } });
  }

  list(status: SubmissionStatus | undefined, limit: number): Promise<SubmissionEntity[]> {
    return this.repo.find({ where: status ? { status } : {}, order: { createdAt: 'DESC' }, take: limit });
  }

  /** The state's result id for a sample: set by its first delivered report, reused by amendments. */
  async stateResultIdFor(sampleId: string): Promise<string | null> {
    const row = await this.repo
      .createQueryBuilder('s')
      .where('s.sample_id = :sampleId AND s.state_result_id IS NOT NULL', { sampleId })
      .orderBy('s.coa_version', 'ASC')
      .getOne();
    return row?.stateResultId ?? null;
  }

  /** Pending rows whose next attempt is due, oldest first: what the sweeper re-enqueues. */
  due(graceSeconds: number, limit: number): Promise<Array<Pick<SubmissionEntity, 'id' | 'attempts'>>> {
    return this.repo
      .createQueryBuilder('s')
      .select(['s.id', 's.attempts'])
      .where(`s.status = 'pending' AND s.next_attempt_at <= now() - make_interval(secs => :grace)`, { grace: graceSeconds })
      .orderBy('s.next_attempt_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Released but not yet in the state system: the 48-hour clock's inputs. */
  async unreported(): Promise<{ count: number; oldestReleasedAt: Date | null }> {
    const [row] = await this.uow.query<Array<{ n: string; oldest: Date | null }>>(
      `SELECT count(*) AS n, min(released_at) AS oldest FROM biotrack_submissions WHERE status <> 'delivered'`,
    );
    return { count: Number(row.n), oldestReleasedAt: row.oldest };
  }
}

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

  /** Whether a later COA version of the sample has an outbox row (was released after this one). */
  async laterVersionExists(sampleId: string, coaVersion: number): Promise<boolean> {
    const rows = await this.uow.query<unknown[]>(`SELECT 1 FROM biotrack_submissions WHERE sample_id = $1 AND coa_version > $2 LIMIT 1`, [
      sampleId,
      coaVersion,
    ]);
    return rows.length > 0;
  }

  /**
   * Marks superseded, for `coaVersion`, the sample's earlier rows whose results are not at the state for
   * certain: dead ones, and pending ones still at the post step (an earlier try may have landed; the later
   * version then replaces it there). A row a worker holds (a post in flight) is waited for and judged as
   * that post left it. Answers the versions it marked.
   */
  async supersedeEarlier(sampleId: string, coaVersion: number): Promise<number[]> {
    const [rows] = await this.uow.query<[Array<{ coa_version: number }>, number]>(
      `UPDATE biotrack_submissions
          SET status = 'superseded', last_error = $3, updated_at = now()
        WHERE sample_id = $1 AND coa_version < $2
          AND (status = 'dead' OR (status = 'pending' AND step = 'post'))
        RETURNING coa_version`,
      [sampleId, coaVersion, `superseded by version ${coaVersion}, which carries the sample's current results`],
    );
    return rows.map((r) => r.coa_version).sort((a, b) => a - b);
  }

  /** The sample's earlier rows under way at the state: results posted, the COA still to attach. */
  async earlierUnderWay(sampleId: string, coaVersion: number): Promise<number[]> {
    const rows = await this.uow.query<Array<{ coa_version: number }>>(
      `SELECT coa_version FROM biotrack_submissions
        WHERE sample_id = $1 AND coa_version < $2 AND status = 'pending' AND step = 'document'
        ORDER BY coa_version`,
      [sampleId, coaVersion],
    );
    return rows.map((r) => r.coa_version);
  }

  /** Earlier rows whose report (a create at the state) may have landed unseen: it was sent, its answer never read. */
  mayHaveCreated(sampleId: string, coaVersion: number): Promise<SubmissionEntity[]> {
    return this.repo
      .createQueryBuilder('s')
      .where(`s.sample_id = :sampleId AND s.coa_version < :coaVersion AND s.kind = 'report' AND s.outcome_unknown AND s.state_result_id IS NULL`, {
        sampleId,
        coaVersion,
      })
      .orderBy('s.coa_version', 'ASC')
      .getMany();
  }

  /** The state's id for a result an earlier, unanswered report turned out to have created. */
  async recordStateResultId(id: string, stateResultId: string): Promise<void> {
    await this.repo.update({ id }, { stateResultId, outcomeUnknown: false });
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
      `SELECT count(*) AS n, min(released_at) AS oldest FROM biotrack_submissions WHERE status NOT IN ('delivered', 'superseded')`,
    );
    return { count: Number(row.n), oldestReleasedAt: row.oldest };
  }
}

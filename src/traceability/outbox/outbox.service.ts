import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor } from '../../common/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { EnqueueOutcome, QueueProducer } from '../../queue/queue-producer';
import { DELIVERY_HOOKS, DeliveryHooks } from '../delivery-hooks';
import { ResultReport } from '../traceability.adapter';
import { reportingDeadline } from './deadline';
import { DELIVERY_PRODUCER, DeliveryJob, deliveryJobId } from './delivery-queue';
import { OutboxError, OutboxErrorCode } from './outbox.errors';
import { SubmissionDto, toSubmissionDto } from './submission.dto';
import { SubmissionEntity } from './submission.entity';
import { SubmissionsRepository } from './submissions.repository';

export interface NewSubmission {
  sampleId: string;
  coaVersion: number;
  kind: 'report' | 'amend';
  releasedAt: Date;
  report: ResultReport;
  amendmentReason?: string;
}

/**
 * The outbox. `recordSubmission` runs inside the release (or amendment) transaction, so a release and
 * its state report are committed together or not at all; `dispatch` then hands it to the worker.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(DELIVERY_PRODUCER) private readonly queue: QueueProducer<DeliveryJob>,
    @Inject(DELIVERY_HOOKS) private readonly hooks: DeliveryHooks,
  ) {}

  async recordSubmission(n: NewSubmission): Promise<SubmissionEntity> {
    if (!this.uow.inTransaction) throw new Error('an outbox row must be written inside the transaction that needs it');
    return this.submissions.insert({
      sampleId: n.sampleId,
      coaVersion: n.coaVersion,
      kind: n.kind,
      idempotencyKey: n.report.externalId,
      status: 'pending',
      step: 'post',
      payload: { report: n.report, ...(n.amendmentReason ? { amendmentReason: n.amendmentReason } : {}) },
      releasedAt: n.releasedAt,
      deadlineAt: reportingDeadline(n.releasedAt),
    });
  }

  /**
   * Best effort after commit, and never a wait on Redis longer than the producer's bound (half a
   * second): when the job is not queued, the sweeper enqueues the committed row later.
   */
  async dispatch(submission: Pick<SubmissionEntity, 'id' | 'attempts'>, delayMs = 0, sweepRound?: number): Promise<EnqueueOutcome> {
    const jobId = deliveryJobId(submission.id, submission.attempts, sweepRound);
    const outcome = await this.queue.add('deliver', { submissionId: submission.id }, { jobId, delay: delayMs, removeOnComplete: true, removeOnFail: true });
    // The sweeper's own rounds say nothing: it tries again every interval anyway.
    if (outcome === 'not-queued' && sweepRound === undefined) this.logger.warn({ msg: 'delivery not enqueued; the sweeper will', submissionId: submission.id });
    return outcome;
  }

  async listSubmissions(status?: SubmissionEntity['status']): Promise<SubmissionDto[]> {
    const now = new Date();
    return (await this.submissions.list(status, 500)).map((s) => toSubmissionDto(s, now));
  }

  /** A manager re-queues a dead row after fixing the cause; attempts start again. */
  async retrySubmission(id: string, actor: Actor): Promise<SubmissionDto> {
    const row = await this.uow.run(async () => {
      const s = await this.submissions.claim(id);
      if (!s) {
        if (await this.submissions.findById(id)) throw new OutboxError(OutboxErrorCode.NOT_RETRYABLE, `Submission ${id} is being delivered right now`);
        throw new OutboxError(OutboxErrorCode.SUBMISSION_NOT_FOUND, `No submission ${id}`);
      }
      if (s.status !== 'dead')
        throw new OutboxError(OutboxErrorCode.NOT_RETRYABLE, `Submission ${id} is ${s.status}; only dead submissions are retried by hand`);
      // Sent now, it could land after the later version and leave the state holding this older one.
      if (await this.submissions.laterVersionExists(s.sampleId, s.coaVersion)) {
        throw new OutboxError(
          OutboxErrorCode.NOT_RETRYABLE,
          `Submission ${id} (version ${s.coaVersion}) is superseded: a later version of this COA was released and goes to the state instead`,
        );
      }
      const before = { status: s.status, attempts: s.attempts, lastError: s.lastError };
      Object.assign(s, { status: 'pending', attempts: 0, nextAttemptAt: new Date() });
      const saved = await this.submissions.save(s);
      await this.audit.record({
        actor,
        action: 'submission.retried',
        entityType: 'biotrack_submission',
        entityId: s.id,
        before,
        after: { status: 'pending', attempts: 0 },
      });
      // The report status is part of what licensees poll: their ETag must change with it.
      await this.hooks.reportStatusChanged(s.sampleId, s.coaVersion);
      return saved;
    });
    await this.dispatch(row);
    return toSubmissionDto(row);
  }

  /**
   * A manager did in the state's UI what `stateAction` asked (an amendment Metrc's API cannot take):
   * the submission is delivered from then on, and licensees learn the report reached the state.
   */
  async confirmStateAction(id: string, actor: Actor): Promise<SubmissionDto> {
    return this.uow.run(async () => {
      const s = await this.submissions.claim(id);
      if (!s) {
        if (await this.submissions.findById(id)) throw new OutboxError(OutboxErrorCode.NOT_RETRYABLE, `Submission ${id} is being delivered right now`);
        throw new OutboxError(OutboxErrorCode.SUBMISSION_NOT_FOUND, `No submission ${id}`);
      }
      if (s.status !== 'needs_state_action') {
        throw new OutboxError(
          OutboxErrorCode.NOT_RETRYABLE,
          `Submission ${id} is ${s.status}; only a submission waiting for a state action is confirmed by hand`,
        );
      }
      Object.assign(s, { status: 'delivered', deliveredAt: new Date() });
      const saved = await this.submissions.save(s);
      await this.audit.record({
        actor,
        action: 'submission.state_action_done',
        entityType: 'biotrack_submission',
        entityId: s.id,
        before: { status: 'needs_state_action', stateAction: s.stateAction },
        after: { status: 'delivered' },
      });
      await this.hooks.reportDelivered(s.sampleId, s.coaVersion);
      return toSubmissionDto(saved);
    });
  }

  async reportStatusFor(sampleId: string): Promise<{ status: string; coaVersion: number; deliveredAt: string | null } | null> {
    const s = await this.submissions.latestForSample(sampleId);
    return s ? { status: s.status, coaVersion: s.coaVersion, deliveredAt: s.deliveredAt?.toISOString() ?? null } : null;
  }

  unreported() {
    return this.submissions.unreported();
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { retryDelayMs } from '../../common/backoff';
import { assertUnreachable } from '../../common/domain-error';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { DELIVERY_HOOKS, DeliveryHooks } from '../delivery-hooks';
import { OutboxService } from '../outbox/outbox.service';
import { SubmissionEntity } from '../outbox/submission.entity';
import { SubmissionsRepository } from '../outbox/submissions.repository';
import { ResultReport, TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../traceability.adapter';
import { TraceabilityError } from '../traceability.errors';

export type DeliveryOutcome = 'delivered' | 'retry' | 'dead' | 'skipped' | 'needs_state_action';

interface SubmissionPayload {
  report: ResultReport;
  amendmentReason?: string;
}

/** A wait that is not a failure: an amendment whose original report has not reached the state yet. */
class NotYet extends Error {}

/**
 * Delivers one outbox row to the state, step by step (post or amend, then the COA document). Each step
 * commits on its own, so a crash resumes where it stopped. Before a post, `outcome_unknown` is
 * committed; finding it set on the next run means an earlier post may have landed unseen, so the
 * state is asked first and nothing is posted twice.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly outbox: OutboxService,
    @Inject(TRACEABILITY_ADAPTER) private readonly state: TraceabilityAdapter,
    @Inject(DELIVERY_HOOKS) private readonly hooks: DeliveryHooks,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  async deliverSubmission(id: string): Promise<DeliveryOutcome> {
    for (let steps = 0; steps < 4; steps++) {
      const outcome = await this.runNextStep(id);
      if (outcome === 'next') continue;
      if (outcome.kind === 'retry') await this.outbox.dispatch(outcome.row, Math.max(0, outcome.row.nextAttemptAt.getTime() - Date.now()));
      return outcome.kind;
    }
    return 'skipped';
  }

  private async runNextStep(id: string): Promise<'next' | { kind: DeliveryOutcome; row: SubmissionEntity }> {
    const mayHaveLanded = await this.markPostInFlight(id);
    if (mayHaveLanded === null) return { kind: 'skipped', row: null! };
    return this.uow.run(async () => {
      const row = await this.submissions.claim(id);
      if (!row || row.status !== 'pending') return { kind: 'skipped' as const, row: row! };
      try {
        if (row.step === 'post') await this.postResults(row, mayHaveLanded);
        else if (row.step === 'document') await this.attachCertificate(row);
      } catch (e) {
        const kind = this.recordFailure(row, e);
        const saved = await this.submissions.save(row);
        // A dead report is news to the licensee polling this sample: its ETag must change.
        if (kind === 'dead') await this.hooks.reportStatusChanged(row.sampleId, row.coaVersion);
        return { kind, row: saved };
      }
      const saved = await this.submissions.save(row);
      if (saved.status === 'needs_state_action') {
        // Not delivered, and not failing either: a person acts in the state's UI. Licensees' polls see the status.
        await this.hooks.reportStatusChanged(saved.sampleId, saved.coaVersion);
        return { kind: 'needs_state_action' as const, row: saved };
      }
      if (saved.status === 'delivered') {
        // The sample's report status changed: licensees' ETags, polls and webhooks must see it.
        await this.hooks.reportDelivered(saved.sampleId, saved.coaVersion);
        return { kind: 'delivered' as const, row: saved };
      }
      return 'next' as const;
    });
  }

  /**
   * Commits "a post may be in flight" before the post is sent. Returns whether it was set already
   * (an earlier run may have posted), or null when the row is not ours to deliver now.
   */
  private markPostInFlight(id: string): Promise<boolean | null> {
    return this.uow.run(async () => {
      const row = await this.submissions.claim(id);
      if (!row || row.status !== 'pending' || row.nextAttemptAt.getTime() > Date.now() + 1000) return null;
      if (row.step !== 'post') return false;
      const before = row.outcomeUnknown;
      if (!before) {
        row.outcomeUnknown = true;
        await this.submissions.save(row);
      }
      return before;
    });
  }

  private async postResults(row: SubmissionEntity, mayHaveLanded: boolean): Promise<void> {
    const { report, amendmentReason } = row.payload as unknown as SubmissionPayload;
    const reason = amendmentReason ?? 'amended';
    const sent = row.kind === 'amend' ? { ...report, reason } : report;
    const landed = mayHaveLanded ? await this.state.findReportedResult(report.externalId, sent) : null;
    if (row.kind === 'report') {
      row.stateResultId = landed?.stateResultId ?? (await this.sendReport(row, report)).stateResultId;
    } else {
      const original = await this.submissions.stateResultIdFor(row.sampleId);
      if (!original) throw new NotYet(`waiting for version 1 of this sample to reach the state before amending it`);
      const outcome = landed ? undefined : await this.state.amendResults(original, { ...report, reason });
      row.stateResultId = original;
      if (outcome?.stateAction) {
        // The state cannot amend through its API: the steps wait for a manager, and no COA is sent either.
        Object.assign(row, { outcomeUnknown: false, step: 'done', status: 'needs_state_action', stateAction: outcome.stateAction, lastError: null });
        this.logger.warn(`submission ${row.id} (amend v${row.coaVersion}) needs a manager to act in ${this.state.displayName}`);
        return;
      }
    }
    row.outcomeUnknown = false;
    row.step = 'document';
  }

  /** A state that takes the COA with the results gets it here; the document step then only checks it is there. */
  private async sendReport(row: SubmissionEntity, report: ResultReport): Promise<{ stateResultId: string }> {
    if (!this.state.reportsWithCertificate) return this.state.reportResults(report);
    const pdf = await this.hooks.certificatePdf(row.sampleId, row.coaVersion);
    return this.state.reportResults(report, { pdf, filename: coaFileName(report) });
  }

  private async attachCertificate(row: SubmissionEntity): Promise<void> {
    const pdf = await this.hooks.certificatePdf(row.sampleId, row.coaVersion);
    const { report } = row.payload as unknown as SubmissionPayload;
    await this.state.attachCertificate(row.stateResultId!, pdf, coaFileName(report));
    Object.assign(row, { step: 'done', status: 'delivered', deliveredAt: new Date(), lastError: null });
  }

  /**
   * Decides on the kind of failure: a transient one waits and retries (for as long as the state asked,
   * at least); a duplicate means the state holds the work already, so the next run asks it before
   * sending again; refusals, unknown ids, conflicts and our own faults are dead for a manager to see,
   * as is anything once the attempts run out.
   */
  private recordFailure(row: SubmissionEntity, e: unknown): DeliveryOutcome {
    const error = e instanceof TraceabilityError ? e : null;
    const message = error ? error.describe() : (e as Error).message;
    const waiting = e instanceof NotYet;
    if (!waiting) row.attempts += 1;
    row.lastError = message;
    if (error?.outcomeUnknown || error?.kind === 'duplicate') row.outcomeUnknown = true;
    if (!(waiting || (error !== null && retries(error))) || row.attempts >= this.config.delivery.maxAttempts) {
      row.status = 'dead';
      this.logger.error(`submission ${row.id} (${row.kind} v${row.coaVersion}) is dead after ${row.attempts} attempt(s): ${message}`);
      return 'dead';
    }
    const backoff = retryDelayMs(Math.max(1, row.attempts), Math.random, this.config.delivery.retryBaseMs);
    row.nextAttemptAt = new Date(Date.now() + Math.max(backoff, error?.retryAfterMs ?? 0));
    this.logger.warn(`submission ${row.id} attempt ${row.attempts} failed (${message}); next at ${row.nextAttemptAt.toISOString()}`);
    return 'retry';
  }
}

function retries(error: TraceabilityError): boolean {
  switch (error.kind) {
    case 'transient':
    case 'duplicate':
      return true;
    case 'refused':
    case 'not_found':
    case 'conflict':
      return false;
    default:
      return assertUnreachable(error.kind);
  }
}

/** The COA's one file name everywhere, COA-<lab code>-v<N>.pdf (the report's external id is <lab code>-v<N>). */
function coaFileName(report: ResultReport): string {
  return `COA-${report.externalId}.pdf`;
}

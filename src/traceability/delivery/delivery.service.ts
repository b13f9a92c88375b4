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

export type DeliveryOutcome = 'delivered' | 'retry' | 'dead' | 'skipped' | 'needs_state_action' | 'superseded';

interface SubmissionPayload {
  report: ResultReport;
  amendmentReason?: string;
}

/** A wait that is not a failure: an earlier version of the sample is still under way at the state. */
class NotYet extends Error {}

/**
 * Delivers one outbox row to the state, step by step (post or amend, then the COA document). Each step
 * commits on its own, so a crash resumes where it stopped. Before a post, `outcome_unknown` is
 * committed; finding it set on the next run means an earlier post may have landed unseen, so the
 * state is asked first and nothing is posted twice.
 *
 * The state must end up holding a sample's newest COA version: a version is posted only when no later
 * one was released (else it is superseded, never sent) and no earlier one is under way at the state
 * (it waits); earlier ones still to post, or dead, are superseded by it. When no earlier version reached
 * the state (its first report was refused, say), an amendment goes as the sample's first report.
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
      if (saved.status === 'superseded') return { kind: 'superseded' as const, row: saved };
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
    if (await this.submissions.laterVersionExists(row.sampleId, row.coaVersion)) {
      // Nothing was sent in this run: the flag goes back to what earlier runs left.
      Object.assign(row, { status: 'superseded', outcomeUnknown: mayHaveLanded, lastError: 'superseded by a later version of this COA, sent instead' });
      this.logger.warn(`submission ${row.id} (${row.kind} v${row.coaVersion}) is superseded by a later version; not sent`);
      return;
    }
    await this.settleEarlierVersions(row);
    const { report, amendmentReason } = row.payload as unknown as SubmissionPayload;
    const reason = amendmentReason ?? 'amended';
    const original = row.kind === 'amend' ? await this.originalStateResult(row) : null;
    // No earlier version reached the state: this one is the sample's first report there.
    if (row.kind === 'amend' && !original) row.kind = 'report';
    const sent = row.kind === 'amend' ? { ...report, reason } : report;
    const landed = mayHaveLanded ? await this.state.findReportedResult(report.externalId, sent) : null;
    if (row.kind === 'report') {
      row.stateResultId = landed?.stateResultId ?? (await this.sendReport(row, report)).stateResultId;
    } else {
      const outcome = landed ? undefined : await this.state.amendResults(original!, { ...report, reason });
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

  /**
   * Earlier versions still to post, or dead, are superseded by this one (it carries the sample's current
   * results; a post in flight is waited for first). One whose results are at the state but whose COA is still
   * to attach is waited for, so its document cannot land after this version's.
   */
  private async settleEarlierVersions(row: SubmissionEntity): Promise<void> {
    const superseded = await this.submissions.supersedeEarlier(row.sampleId, row.coaVersion);
    if (superseded.length > 0) this.logger.warn(`submission ${row.id} (v${row.coaVersion}) supersedes version(s) ${superseded.join(', ')} of its sample`);
    const underWay = await this.submissions.earlierUnderWay(row.sampleId, row.coaVersion);
    if (underWay.length > 0) throw new NotYet(`waiting for version(s) ${underWay.join(', ')} of this sample to finish at the state first`);
  }

  /**
   * The state's result an amendment amends: the first delivered report's, or one an earlier report that was
   * sent but never answered turns out to have created (the state is asked; what it says is kept).
   */
  private async originalStateResult(row: SubmissionEntity): Promise<string | null> {
    const known = await this.submissions.stateResultIdFor(row.sampleId);
    if (known) return known;
    for (const earlier of await this.submissions.mayHaveCreated(row.sampleId, row.coaVersion)) {
      const { report } = earlier.payload as unknown as SubmissionPayload;
      const found = await this.state.findReportedResult(report.externalId, report);
      if (found) {
        await this.submissions.recordStateResultId(earlier.id, found.stateResultId);
        return found.stateResultId;
      }
    }
    return null;
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

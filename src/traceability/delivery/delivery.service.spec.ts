import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { DeliveryHooks } from '../delivery-hooks';
import { OutboxService } from '../outbox/outbox.service';
import { SubmissionEntity } from '../outbox/submission.entity';
import { SubmissionsRepository } from '../outbox/submissions.repository';
import { ResultReport, TraceabilityAdapter } from '../traceability.adapter';
import { TraceabilityError, TraceabilityErrorKind } from '../traceability.errors';
import { DeliveryService } from './delivery.service';

const REPORT: ResultReport = { externalId: 'LT-2611-000001-v1', sampleId: '1234567890123456', testedAt: '2026-11-24T15:00:00Z', overall: 'pass', groups: [] };
const PDF = Buffer.from('%PDF-1.7 coa');
const MAX_ATTEMPTS = 3;

const stateError = (kind: TraceabilityErrorKind, message: string, facts: { outcomeUnknown?: boolean; retryAfterMs?: number; stateCode?: string } = {}) =>
  new TraceabilityError(kind, message, { system: 'TestState', ...facts });

/** The outbox row as the database holds it: each claim reads a fresh copy, each save writes one back. */
function fakeSubmissions(initial: Partial<SubmissionEntity> = {}) {
  let stored = {
    id: 'sub-1',
    sampleId: 'sample-1',
    coaVersion: 1,
    kind: 'report',
    status: 'pending',
    step: 'post',
    attempts: 0,
    lastError: null,
    outcomeUnknown: false,
    stateResultId: null,
    payload: { report: REPORT },
    nextAttemptAt: new Date(Date.now() - 1000),
    deliveredAt: null,
    ...initial,
  } as SubmissionEntity;
  return {
    get row() {
      return stored;
    },
    dueNow() {
      stored = { ...stored, nextAttemptAt: new Date(Date.now() - 1000) };
    },
    claim: jest.fn(async () => ({ ...stored })),
    save: jest.fn(async (row: SubmissionEntity) => {
      stored = { ...row };
      return { ...row };
    }),
    stateResultIdFor: jest.fn(async (): Promise<string | null> => null),
    laterVersionExists: jest.fn(async () => false),
    supersedeEarlier: jest.fn(async (): Promise<number[]> => []),
    earlierUnderWay: jest.fn(async (): Promise<number[]> => []),
    mayHaveCreated: jest.fn(async (): Promise<SubmissionEntity[]> => []),
    recordStateResultId: jest.fn(async () => undefined),
  };
}

function setUp(initial: Partial<SubmissionEntity> = {}) {
  const submissions = fakeSubmissions(initial);
  const state = {
    displayName: 'TestState',
    inventoryIds: { pattern: /^T\d+$/, description: 'T and digits' },
    reportProblems: jest.fn(() => []),
    pullInboundSamples: jest.fn(),
    inboundSender: jest.fn(),
    acceptSample: jest.fn(),
    rejectSample: jest.fn(),
    reportResults: jest.fn(async () => ({ stateResultId: 'R-1' })),
    attachCertificate: jest.fn(async () => undefined),
    amendResults: jest.fn(async () => undefined),
    findReportedResult: jest.fn(async (): Promise<{ stateResultId: string } | null> => null),
    voidResults: jest.fn(),
  } satisfies TraceabilityAdapter;
  const hooks = {
    certificatePdf: jest.fn(async () => PDF),
    reportDelivered: jest.fn(async () => undefined),
    reportStatusChanged: jest.fn(async () => undefined),
  } satisfies DeliveryHooks;
  const outbox = { dispatch: jest.fn(async () => undefined) };
  const uow = { run: <T>(work: () => Promise<T>) => work() };
  const config = { delivery: { maxAttempts: MAX_ATTEMPTS, retryBaseMs: 50 } };
  const service = new DeliveryService(
    submissions as unknown as SubmissionsRepository,
    outbox as unknown as OutboxService,
    state,
    hooks,
    uow as unknown as UnitOfWork,
    config as unknown as AppConfig,
  );
  return { service, submissions, state, hooks, outbox };
}

describe('DeliveryService decides on the kind of the state failure', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('delivers: posts, attaches the COA of that version, and announces it once', async () => {
    const { service, submissions, state, hooks } = setUp();
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('delivered');
    expect(state.reportResults).toHaveBeenCalledWith(REPORT);
    expect(hooks.certificatePdf).toHaveBeenCalledWith('sample-1', 1);
    expect(state.attachCertificate).toHaveBeenCalledWith('R-1', PDF, 'COA-LT-2611-000001-v1.pdf');
    expect(hooks.reportDelivered).toHaveBeenCalledTimes(1);
    expect(hooks.reportDelivered).toHaveBeenCalledWith('sample-1', 1);
    expect(hooks.reportStatusChanged).not.toHaveBeenCalled();
    expect(submissions.row).toMatchObject({ status: 'delivered', step: 'done', stateResultId: 'R-1', attempts: 0, lastError: null, outcomeUnknown: false });
  });

  it('transient: retries later with backoff, keeping the state message, and is not dead', async () => {
    const { service, submissions, state, hooks, outbox } = setUp();
    state.reportResults.mockRejectedValueOnce(stateError('transient', 'simulated 503', { stateCode: 'unavailable' }));
    const before = Date.now();
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('retry');
    expect(submissions.row).toMatchObject({ status: 'pending', step: 'post', attempts: 1, lastError: 'unavailable: simulated 503' });
    expect(submissions.row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 250);
    expect(outbox.dispatch).toHaveBeenCalledTimes(1);
    expect(hooks.reportStatusChanged).not.toHaveBeenCalled();
    expect(hooks.reportDelivered).not.toHaveBeenCalled();
  });

  it('transient: waits at least as long as the state asked', async () => {
    const { service, submissions, state } = setUp();
    state.reportResults.mockRejectedValueOnce(stateError('transient', 'slow down', { retryAfterMs: 60_000 }));
    const before = Date.now();
    await service.deliverSubmission('sub-1');
    expect(submissions.row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
  });

  it('transient on the last attempt: dead, and licensees are told', async () => {
    const { service, submissions, state, hooks, outbox } = setUp({ attempts: MAX_ATTEMPTS - 1 });
    state.reportResults.mockRejectedValueOnce(stateError('transient', 'simulated 503'));
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('dead');
    expect(submissions.row).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    expect(hooks.reportStatusChanged).toHaveBeenCalledWith('sample-1', 1);
    expect(outbox.dispatch).not.toHaveBeenCalled();
  });

  it.each<TraceabilityErrorKind>(['refused', 'not_found', 'conflict'])('%s: dead at once with the state message, and licensees are told', async (kind) => {
    const { service, submissions, state, hooks, outbox } = setUp();
    state.reportResults.mockRejectedValueOnce(stateError(kind, `the state says ${kind}`, { stateCode: kind }));
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('dead');
    expect(submissions.row).toMatchObject({ status: 'dead', attempts: 1, lastError: `${kind}: the state says ${kind}` });
    expect(hooks.reportStatusChanged).toHaveBeenCalledTimes(1);
    expect(hooks.reportStatusChanged).toHaveBeenCalledWith('sample-1', 1);
    expect(outbox.dispatch).not.toHaveBeenCalled();
  });

  it('a conflict on the document step is dead too, with the result id kept', async () => {
    const { service, submissions, state, hooks } = setUp();
    state.attachCertificate.mockRejectedValueOnce(stateError('conflict', 'result R-1 is void', { stateCode: 'conflict' }));
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('dead');
    expect(submissions.row).toMatchObject({ status: 'dead', step: 'document', stateResultId: 'R-1', lastError: 'conflict: result R-1 is void' });
    expect(hooks.reportStatusChanged).toHaveBeenCalledTimes(1);
    expect(hooks.reportDelivered).not.toHaveBeenCalled();
  });

  it('outcome unknown: kept on the row, so the next run asks the state and does not post again', async () => {
    const { service, submissions, state, hooks } = setUp();
    state.reportResults.mockRejectedValueOnce(stateError('transient', 'no answer within the timeout', { outcomeUnknown: true }));
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('retry');
    expect(submissions.row).toMatchObject({ status: 'pending', outcomeUnknown: true });

    state.findReportedResult.mockResolvedValueOnce({ stateResultId: 'R-9' });
    submissions.dueNow();
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('delivered');
    expect(state.findReportedResult).toHaveBeenCalledWith(REPORT.externalId, REPORT);
    expect(state.reportResults).toHaveBeenCalledTimes(1);
    expect(state.attachCertificate).toHaveBeenCalledWith('R-9', PDF, 'COA-LT-2611-000001-v1.pdf');
    expect(submissions.row).toMatchObject({ status: 'delivered', stateResultId: 'R-9', outcomeUnknown: false });
    expect(hooks.reportDelivered).toHaveBeenCalledTimes(1);
  });

  it('duplicate: the state holds it already, so the next run looks it up instead of sending again', async () => {
    const { service, submissions, state, hooks } = setUp();
    state.reportResults.mockRejectedValueOnce(stateError('duplicate', 'externalId LT-2611-000001-v1 was already posted'));
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('retry');
    expect(submissions.row).toMatchObject({ status: 'pending', outcomeUnknown: true, attempts: 1 });
    expect(hooks.reportStatusChanged).not.toHaveBeenCalled();

    state.findReportedResult.mockResolvedValueOnce({ stateResultId: 'R-3' });
    submissions.dueNow();
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('delivered');
    expect(state.reportResults).toHaveBeenCalledTimes(1);
    expect(submissions.row.stateResultId).toBe('R-3');
  });

  it('an amendment waits, without spending an attempt, while an earlier version is still under way at the state', async () => {
    const { service, submissions, state, hooks } = setUp({
      kind: 'amend',
      coaVersion: 2,
      payload: { report: { ...REPORT, externalId: 'LT-2611-000001-v2' }, amendmentReason: 'lead re-run' },
    });
    submissions.earlierUnderWay.mockResolvedValueOnce([1]);
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('retry');
    expect(submissions.row).toMatchObject({ status: 'pending', attempts: 0, lastError: expect.stringMatching(/waiting for version\(s\) 1 /) });
    expect(submissions.supersedeEarlier).toHaveBeenCalledWith('sample-1', 2);
    expect(state.amendResults).not.toHaveBeenCalled();
    expect(state.reportResults).not.toHaveBeenCalled();
    expect(hooks.reportStatusChanged).not.toHaveBeenCalled();
  });

  it('a version a later one replaced is superseded: nothing sent, nothing announced, the unknown-outcome flag as it was', async () => {
    const { service, submissions, state, hooks } = setUp({
      kind: 'amend',
      coaVersion: 2,
      attempts: 4,
      payload: { report: { ...REPORT, externalId: 'LT-2611-000001-v2' }, amendmentReason: 'lead re-run' },
    });
    submissions.laterVersionExists.mockResolvedValueOnce(true);
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('superseded');
    expect(submissions.row).toMatchObject({
      status: 'superseded',
      step: 'post',
      attempts: 4,
      outcomeUnknown: false,
      lastError: expect.stringMatching(/superseded/),
    });
    expect(state.amendResults).not.toHaveBeenCalled();
    expect(state.reportResults).not.toHaveBeenCalled();
    expect(hooks.reportDelivered).not.toHaveBeenCalled();
  });

  it("an amendment with no earlier version at the state goes as the sample's first report (its first report was refused, say)", async () => {
    const v2 = { ...REPORT, externalId: 'LT-2611-000001-v2' };
    const { service, submissions, state, hooks } = setUp({ kind: 'amend', coaVersion: 2, payload: { report: v2, amendmentReason: 'unit corrected' } });
    submissions.supersedeEarlier.mockResolvedValueOnce([1]);
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('delivered');
    expect(state.reportResults).toHaveBeenCalledWith(v2);
    expect(state.amendResults).not.toHaveBeenCalled();
    expect(state.attachCertificate).toHaveBeenCalledWith('R-1', PDF, 'COA-LT-2611-000001-v2.pdf');
    expect(submissions.row).toMatchObject({ kind: 'report', status: 'delivered', stateResultId: 'R-1' });
    expect(hooks.reportDelivered).toHaveBeenCalledWith('sample-1', 2);
  });

  it('an amendment amends what an earlier, unanswered report turns out to have created, and keeps its id', async () => {
    const v1Report = { ...REPORT };
    const v2 = { ...REPORT, externalId: 'LT-2611-000001-v2' };
    const { service, submissions, state } = setUp({ kind: 'amend', coaVersion: 2, payload: { report: v2, amendmentReason: 'lead re-run' } });
    submissions.mayHaveCreated.mockResolvedValueOnce([{ id: 'sub-0', coaVersion: 1, payload: { report: v1Report } } as unknown as SubmissionEntity]);
    state.findReportedResult.mockResolvedValueOnce({ stateResultId: 'R-7' });
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('delivered');
    expect(state.findReportedResult).toHaveBeenCalledWith('LT-2611-000001-v1', v1Report);
    expect(submissions.recordStateResultId).toHaveBeenCalledWith('sub-0', 'R-7');
    expect(state.amendResults).toHaveBeenCalledWith('R-7', { ...v2, reason: 'lead re-run' });
    expect(state.reportResults).not.toHaveBeenCalled();
    expect(submissions.row).toMatchObject({ kind: 'amend', status: 'delivered', stateResultId: 'R-7' });
  });

  it('a fault of our own (no COA to attach) is dead, not retried forever', async () => {
    const { service, submissions, hooks } = setUp();
    hooks.certificatePdf.mockRejectedValueOnce(new Error('Sample sample-1 has no COA version 1'));
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('dead');
    expect(submissions.row).toMatchObject({ status: 'dead', lastError: 'Sample sample-1 has no COA version 1' });
    expect(hooks.reportStatusChanged).toHaveBeenCalledTimes(1);
  });
});

describe('DeliveryService with a state whose API cannot do everything (Metrc)', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  /** The fake state declaring that it takes the COA with the results. */
  function withCertificateInReport(initial: Partial<SubmissionEntity> = {}) {
    const setup = setUp(initial);
    Object.assign(setup.state, { reportsWithCertificate: true });
    return setup;
  }

  it('passes the COA of that version to the report when the state takes it with the results', async () => {
    const { service, state, hooks } = withCertificateInReport();
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('delivered');
    expect(state.reportResults).toHaveBeenCalledWith(REPORT, { pdf: PDF, filename: 'COA-LT-2611-000001-v1.pdf' });
    expect(hooks.certificatePdf).toHaveBeenCalledWith('sample-1', 1);
    expect(state.attachCertificate).toHaveBeenCalledWith('R-1', PDF, 'COA-LT-2611-000001-v1.pdf');
  });

  it('asks the state with what was sent after an unknown outcome, the reason included for an amendment', async () => {
    const amended = { ...REPORT, externalId: 'LT-2611-000001-v2' };
    const { service, submissions, state } = setUp({
      kind: 'amend',
      coaVersion: 2,
      outcomeUnknown: true,
      payload: { report: amended, amendmentReason: 'lead re-run' },
    });
    submissions.stateResultIdFor.mockResolvedValue('R-1');
    await service.deliverSubmission('sub-1');
    expect(state.findReportedResult).toHaveBeenCalledWith('LT-2611-000001-v2', { ...amended, reason: 'lead re-run' });
  });

  it('an amendment the state cannot take waits for a manager with the steps: not delivered, not dead, no COA sent', async () => {
    const amended = { ...REPORT, externalId: 'LT-2611-000001-v2' };
    const { service, submissions, state, hooks } = setUp({ kind: 'amend', coaVersion: 2, payload: { report: amended, amendmentReason: 'lead re-run' } });
    submissions.stateResultIdFor.mockResolvedValue('R-1');
    (state.amendResults as jest.Mock).mockResolvedValueOnce({ stateAction: '1. Correct "Lead (µg/g)" in Metrc.' });
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('needs_state_action');
    expect(state.amendResults).toHaveBeenCalledWith('R-1', { ...amended, reason: 'lead re-run' });
    expect(submissions.row).toMatchObject({
      status: 'needs_state_action',
      step: 'done',
      stateAction: '1. Correct "Lead (µg/g)" in Metrc.',
      stateResultId: 'R-1',
      outcomeUnknown: false,
      attempts: 0,
      deliveredAt: null,
    });
    expect(state.attachCertificate).not.toHaveBeenCalled();
    expect(hooks.reportDelivered).not.toHaveBeenCalled();
    expect(hooks.reportStatusChanged).toHaveBeenCalledWith('sample-1', 2);
    submissions.dueNow();
    await expect(service.deliverSubmission('sub-1')).resolves.toBe('skipped');
    expect(state.amendResults).toHaveBeenCalledTimes(1);
  });
});

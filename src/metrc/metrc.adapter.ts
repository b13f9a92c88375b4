import { Logger } from '@nestjs/common';
import type { InventoryIdSyntax } from '../traceability/inventory-id';
import {
  CertificateFile,
  InboundStateSample,
  ReportProblem,
  ResultReport,
  StateActionRequired,
  TraceabilityAdapter,
} from '../traceability/traceability.adapter';
import { TraceabilityError } from '../traceability/traceability.errors';
import { metrcResultDate } from './client/metrc-dates';
import { JsonDecimal } from './client/metrc-json';
import { MetrcClient } from './client/metrc.client';
import { MetrcError } from './client/metrc.error';
import { MetrcLabTestResult, MetrcPackage, MetrcRecordRequest } from './client/metrc.types';
import { amendmentSteps } from './metrc-amendment';
import { METRC_NAME, refused, toTraceabilityError } from './metrc-error.mapping';
import { METRC_LABELS } from './metrc-ids';
import { MetrcIntake } from './metrc-intake';
import { planReport, PlannedResult, ReportPlan, reportProblems } from './metrc-report.mapping';
import { MetrcTestTypes } from './test-types/metrc-test-types';

/** Metrc takes PDFs of at most 5 MB [C]. */
export const MAX_COA_BYTES = 5 * 1024 * 1024;
/** Reads and writes of one report before giving up for this delivery attempt (each write is read back first). */
const RECONCILE_ROUNDS = 3;

interface HeldResults {
  pkg: MetrcPackage;
  rows: MetrcLabTestResult[];
}

/**
 * TraceabilityAdapter over Metrc (NY). What Metrc's API cannot do is said, never faked:
 * - receipt: Metrc has no endpoint to accept or reject a transfer, so `acceptSample`/`rejectSample`
 *   change nothing remote (`receivesInState` is false; the receipt belongs in Metrc's UI);
 * - exactly once without idempotency keys: before every `record` the package's results are read and
 *   only the missing test types are posted; after an unknown outcome they are read again, never re-posted blind;
 * - amendments: there is no amend endpoint; `amendResults` returns the steps for a manager instead.
 * The state's result id is the package label (a report is one package's lab test).
 */
export class MetrcTraceabilityAdapter implements TraceabilityAdapter {
  readonly displayName = METRC_NAME;
  readonly inventoryIds: InventoryIdSyntax = METRC_LABELS;
  readonly receivesInState = false;
  readonly reportsWithCertificate = true;
  private readonly logger = new Logger(MetrcTraceabilityAdapter.name);

  constructor(
    private readonly client: MetrcClient,
    private readonly testTypes: MetrcTestTypes,
    private readonly intake: MetrcIntake,
    /** The lab's clock (LAB_TIMEZONE): `ResultDate` is the day testing finished there. */
    private readonly labTimeZone: string = 'America/New_York',
  ) {}

  /** What `plan` would refuse, by the same label check and test-type mapping; whether Metrc still lists the types is only known by asking it. */
  reportProblems(report: ResultReport): ReportProblem[] {
    const label = METRC_LABELS.pattern.test(report.sampleId)
      ? []
      : [{ field: 'sampleId' as const, message: `the sample's id "${report.sampleId}" is not ${METRC_LABELS.description}` }];
    return [...label, ...reportProblems(report, this.testTypes.map)];
  }

  pullInboundSamples(): Promise<InboundStateSample[]> {
    return ask(() => this.intake.pull());
  }

  /**
   * Metrc lists a lab's incoming packages only through its transfers, which the intake sync pulls from a
   * cursor; a look-up here would move that cursor past transfers the sync has not taken in. So no answer:
   * the lab receives the package in Metrc's UI, which shows its sender, and the sync gives a package a
   * licensee announced under another's name to the sender Metrc names.
   */
  inboundSender(): Promise<null> {
    return Promise.resolve(null);
  }

  /** Metrc has no API to receive a transfer: the receipt is LabTrace's, and is done in Metrc's UI. */
  acceptSample(sampleId: string): Promise<void> {
    return ask(() => {
      checkLabel(sampleId);
      this.logger.log(`accepted ${sampleId} in LabTrace only: Metrc has no API to receive a transfer; receive it in Metrc`);
      return Promise.resolve();
    });
  }

  /** As for accepting: rejecting a package is done in Metrc's UI. */
  rejectSample(sampleId: string, reason: string): Promise<void> {
    return ask(() => {
      checkLabel(sampleId);
      this.logger.log(`rejected ${sampleId} in LabTrace only (${reason}): Metrc has no API to reject a transfer; reject it in Metrc`);
      return Promise.resolve();
    });
  }

  /**
   * Records the lab test types Metrc does not hold yet (with the COA attached), makes sure the COA
   * is on every lab test result, then releases, unless the certificate is incomplete (nothing may
   * show TestPassed then).
   */
  reportResults(report: ResultReport, certificate?: CertificateFile): Promise<{ stateResultId: string }> {
    return ask(async () => {
      if (!certificate) throw refused('Metrc records results together with the COA; no COA was given');
      const plan = await this.plan(report);
      const document = coaDocument(certificate);
      let held = await this.held(plan.label);
      for (let round = 1; ; round++) {
        const missing = missingResults(plan, held.rows);
        if (missing.length === 0) break;
        if (held.rows.some((r) => r.ResultReleased)) {
          throw new TraceabilityError(
            'conflict',
            `Metrc already released package ${plan.label}; it cannot take ${missing.map((m) => `"${m.type}"`).join(', ')} any more`,
            {
              system: METRC_NAME,
            },
          );
        }
        if (round > RECONCILE_ROUNDS) throw unsettled(plan.label);
        const withDocument = held.rows.every((r) => !r.LabTestResultDocumentFileId);
        try {
          await this.client.recordResults([recordOf(report, plan.label, missing, withDocument ? document : null, this.labTimeZone)]);
        } catch (e) {
          if (e instanceof MetrcError && e.outcomeUnknown) throw this.settleFirst(plan.label, e);
          throw e;
        }
        held = await this.held(plan.label);
      }
      await this.attachEverywhere(plan.label, held.rows, document);
      if (plan.release && !held.rows.every((r) => r.ResultReleased)) await this.client.releaseResults([plan.label]);
      if (!plan.release) this.logger.warn(`${report.externalId}: incomplete certificate recorded in Metrc for ${plan.label} and NOT released`);
      return { stateResultId: plan.label };
    });
  }

  /** The COA went with the results; this makes sure every lab test result of the package carries it. */
  attachCertificate(stateResultId: string, pdf: Buffer, filename: string): Promise<void> {
    return ask(async () => {
      const { rows } = await this.held(checkLabel(stateResultId));
      await this.attachEverywhere(stateResultId, rows, coaDocument({ pdf, filename }));
    });
  }

  /** Metrc cannot amend: nothing is sent; the manager gets the exact steps for Metrc's UI. */
  amendResults(stateResultId: string, report: ResultReport & { reason: string }): Promise<StateActionRequired> {
    return ask(async () => {
      const plan = await this.plan({ ...report, sampleId: checkLabel(stateResultId) });
      const { rows } = await this.held(plan.label);
      const stateAction = amendmentSteps(plan, rows, { label: plan.label, license: this.client.license, externalId: report.externalId, reason: report.reason });
      return { stateAction };
    });
  }

  /**
   * Metrc knows no externalId: what it holds for the package is compared with what was sent. Found
   * means every test type is recorded and, for a complete certificate, released. An amendment is never
   * "held" by Metrc (it has none).
   */
  findReportedResult(externalId: string, sent?: ResultReport & { reason?: string }): Promise<{ stateResultId: string } | null> {
    return ask(async () => {
      if (!sent || sent.reason !== undefined) return null;
      const plan = await this.plan(sent);
      const pkg = await this.client.getPackage(plan.label);
      if (!pkg) return null;
      const rows = await this.client.listResults(pkg.Id);
      const done = missingResults(plan, rows).length === 0 && (!plan.release || rows.every((r) => r.ResultReleased));
      return done ? { stateResultId: plan.label } : null;
    });
  }

  voidResults(stateResultId: string): Promise<void> {
    return Promise.reject(
      refused(`Metrc has no API to revoke lab results; revoke the results of package ${stateResultId} in Metrc's UI or through Metrc support`),
    );
  }

  private async plan(report: ResultReport): Promise<ReportPlan> {
    checkLabel(report.sampleId);
    const plan = planReport(report, this.testTypes.map);
    await this.testTypes.ensureKnown(plan.results.map((r) => r.type));
    return plan;
  }

  private async held(label: string): Promise<HeldResults> {
    const pkg = await this.client.getPackage(label);
    if (!pkg) throw new TraceabilityError('not_found', `Metrc knows no package ${label} for license ${this.client.license}`, { system: METRC_NAME });
    return { pkg, rows: await this.client.listResults(pkg.Id) };
  }

  /**
   * A record with an unknown outcome is not read back at once: Metrc may still be storing it (a slow
   * answer), and a read now would find nothing and post it twice. The attempt ends; the outbox retries
   * no sooner than one client timeout later, and that attempt reads what Metrc holds before posting.
   */
  private settleFirst(label: string, e: MetrcError): TraceabilityError {
    this.logger.warn(`record for ${label} has an unknown outcome (${e.message}); reading back on the next attempt`);
    return new TraceabilityError('transient', `record for package ${label} has an unknown outcome (${e.message}); Metrc is read back before any repeat`, {
      system: METRC_NAME,
      outcomeUnknown: true,
      retryAfterMs: this.client.timeoutMs,
    });
  }

  /** PUT is idempotent; after release Metrc locks the document, so only unreleased results are completed. */
  private async attachEverywhere(label: string, rows: MetrcLabTestResult[], document: { name: string; base64: string }): Promise<void> {
    const bare = [...new Set(rows.filter((r) => !r.LabTestResultDocumentFileId && !r.ResultReleased).map((r) => r.LabTestResultId))];
    if (bare.length === 0) return;
    this.logger.log(`attaching the COA to ${bare.length} lab test result(s) of ${label}`);
    await this.client.uploadDocuments(bare.map((id) => ({ LabTestResultId: id, DocumentFileName: document.name, DocumentFileBase64: document.base64 })));
  }
}

async function ask<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toTraceabilityError(e);
  }
}

function checkLabel(label: string): string {
  if (!METRC_LABELS.pattern.test(label)) throw refused(`"${label}" is not ${METRC_LABELS.description}`);
  return label;
}

/** Revoked rows do not count as held: the type must be recorded again. */
function isCurrent(row: MetrcLabTestResult): boolean {
  const revoked = row.LabTestDetailRevokedDate ?? row.RevokedDate;
  return !revoked || revoked.startsWith('0001-');
}

function missingResults(plan: ReportPlan, rows: MetrcLabTestResult[]): PlannedResult[] {
  const held = new Set(rows.filter(isCurrent).map((r) => r.TestTypeName));
  return plan.results.filter((r) => !held.has(r.type));
}

function coaDocument(certificate: CertificateFile): { name: string; base64: string } {
  const { pdf, filename } = certificate;
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw refused(`the COA ${filename} is not a PDF; Metrc takes PDF only`);
  if (pdf.length > MAX_COA_BYTES) {
    throw refused(`the COA ${filename} is ${(pdf.length / 1024 / 1024).toFixed(1)} MB; Metrc takes at most 5 MB`);
  }
  return { name: filename.toLowerCase().endsWith('.pdf') ? filename : `${filename}.pdf`, base64: pdf.toString('base64') };
}

function recordOf(
  report: ResultReport,
  label: string,
  results: PlannedResult[],
  document: { name: string; base64: string } | null,
  labTimeZone: string,
): MetrcRecordRequest {
  return {
    Label: label,
    // The day testing finished (state-report.ts testedAtOf), as a date in the docs' form; a stored report gives the same bytes on every attempt.
    ResultDate: metrcResultDate(new Date(report.testedAt), labTimeZone),
    DocumentFileName: document?.name ?? null,
    DocumentFileBase64: document?.base64 ?? null,
    Results: results.map((r) => ({ LabTestTypeName: r.type, Quantity: new JsonDecimal(r.quantity), Passed: r.passed, Notes: r.notes })),
  };
}

function unsettled(label: string): TraceabilityError {
  return new TraceabilityError('transient', `Metrc's results for ${label} did not settle after ${RECONCILE_ROUNDS} read-and-record rounds`, {
    system: METRC_NAME,
    outcomeUnknown: true,
  });
}

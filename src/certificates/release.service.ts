import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { auditedRefusal, runAuditingRefusals } from '../audit/audited-refusal';
import { Actor } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import type { SampleResultsDto } from '../results/dto/results-response.dto';
import { ResultsService } from '../results/results.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { SamplesService } from '../samples/samples.service';
import { OutboxService } from '../traceability/outbox/outbox.service';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { WebhooksService } from '../webhooks/webhooks.service';
import { refuseUnsupportedClaims } from './certificate-claims';
import { CertificatesError, CertificatesErrorCode } from './certificates.errors';
import { CoaService } from './coa/coa.service';
import type { ReleaseAnswerDto } from './dto/release.dto';
import { panelGaps } from './panel-gaps';
import { ElectronicSignaturesService, SignatureRequest } from './signatures/electronic-signatures.service';
import { applySignature, ConfirmedSigner } from './signatures/signature-meanings';
import { buildStateReport, refuseUnreportable } from './state-report';

type UserActor = Extract<Actor, { type: 'user' }>;

/** A release: the manager's signature, and the digest of the results they reviewed (what the signature applies to). */
export interface ReleaseRequest {
  signature: SignatureRequest;
  resultsDigest: string;
}

/**
 * Submit and release: the second pair of eyes and the point of no return. Release is one
 * transaction: rows frozen, COA stored, outbox row and audit written, or nothing at all. Amendments
 * (a pending version N+1 released by a second manager) are AmendmentsService's.
 */
@Injectable()
export class ReleaseService {
  constructor(
    private readonly samples: SamplesService,
    private readonly results: ResultsService,
    private readonly coa: CoaService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly webhooks: WebhooksService,
    private readonly signatures: ElectronicSignaturesService,
    @Inject(TRACEABILITY_ADAPTER) private readonly state: TraceabilityAdapter,
  ) {}

  /**
   * A technician hands the sample to review once every required group is accounted for: each required
   * analyte has a result or a manager's not-tested mark (the latter makes a partial certificate).
   */
  submitSample(sampleId: string, actor: Actor): Promise<SampleResultsDto> {
    return this.uow.run(async () => {
      const sample = await this.samples.lockSample(sampleId);
      if (sample.status !== 'in_testing' && sample.status !== 'received') this.refuseState(sample, 'submitted');
      const view = await this.results.getResults(sample.id);
      if (!view.accountedFor) {
        const gaps = panelGaps(view);
        throw new CertificatesError(CertificatesErrorCode.NOT_RELEASABLE, `Sample ${sample.labCode} cannot be submitted: ${gaps.text}`, gaps.details);
      }
      refuseUnsupportedClaims(view, `Sample ${sample.labCode} cannot be submitted`);
      await this.samples.transition(sample, 'submitted', actor, {}, 'submitted for review');
      return view;
    });
  }

  /** A manager sends a submitted sample back to testing, saying why. */
  reopenSample(sampleId: string, reason: string, actor: Actor): Promise<void> {
    return this.uow.run(async () => {
      const sample = await this.samples.lockSample(sampleId);
      if (sample.status !== 'submitted') this.refuseState(sample, 'returned to testing');
      await this.samples.transition(sample, 'in_testing', actor, {}, reason);
    });
  }

  /**
   * The manager's electronically signed release. The password is checked first (throttled like a
   * sign-in, outside the transaction); a wrong one releases nothing. The signature applies to the results
   * the manager reviewed: under the sample's lock, the stored results must still have the digest they were
   * shown, or nothing is released. Nor is anything released whose state report the state system in
   * force could not take (it would go dead at delivery after the COA reached the licensee): that is
   * refused with every problem named. `address` is the client's, for the throttle.
   */
  async releaseSample(sampleId: string, actor: UserActor, request: ReleaseRequest, address: string): Promise<ReleaseAnswerDto> {
    const signer = await this.signatures.confirm(actor, request.signature, 'release', { sampleId, address });
    // A four-eyes refusal after a correct signature is audited (release.refused) though nothing else is kept.
    const { doc, submission, signed } = await runAuditingRefusals(this.uow, this.audit, async () => {
      const sample = await this.samples.lockSample(sampleId);
      if (sample.status !== 'submitted') this.refuseState(sample, 'released');
      const version = ResultsService.currentVersion(sample);
      const stored = await this.results.versionRows(sample.id, version);
      const { view, limitSet } = await this.results.judgedView(sample, version, stored);
      if (view.resultsDigest !== request.resultsDigest) this.refuseChanged(sample);
      await this.checkReleasable(sample, version, view, actor, signer);
      const releasedAt = new Date();
      // Exactly the report delivery will send, checked before anything is written.
      const report = buildStateReport({ labCode: sample.labCode!, sampleInventoryId: sample.sampleInventoryId }, version, view, limitSet.rules, releasedAt);
      refuseUnreportable(
        this.state,
        report,
        `${sample.labCode} cannot be released`,
        'Nothing was released. Return the sample to testing, correct these results, and release again.',
      );

      const signed = applySignature(signer, releasedAt);
      const doc = await this.coa.issueCertificate({ sample, results: view, limitSet: limitSet.set, version, releasedAt, releasedBy: actor, signature: signed });
      await this.signatures.record(signed, { sampleId: sample.id, coaDocumentId: doc.id, coaVersion: version });
      await this.results.freezeVersion(sample.id, version);
      const submission = await this.outbox.recordSubmission({
        sampleId: sample.id,
        coaVersion: version,
        kind: 'report',
        report,
        releasedAt,
      });
      await this.samples.transition(sample, 'released', actor, { releasedAt, coaVersion: version }, 'COA released');
      await this.webhooks.publish('coa.released', sample, releasedEvent(sample, doc.overall));
      await this.audit.record({
        actor,
        action: 'coa.released',
        entityType: 'sample',
        entityId: sample.id,
        after: {
          version,
          sha256: doc.sha256,
          overall: doc.overall,
          limitSet: limitSet.set.name,
          submissionId: submission.id,
          signature: signed,
          resultsDigest: view.resultsDigest,
        },
      });
      return { doc, submission, signed };
    });
    await this.outbox.dispatch(submission);
    return { version: doc.version, sha256: doc.sha256, overall: doc.overall, signature: signed };
  }

  private async checkReleasable(sample: SampleEntity, version: number, view: SampleResultsDto, actor: UserActor, signer: ConfirmedSigner): Promise<void> {
    const refuse = (message: string, details?: Record<string, unknown>) => {
      throw new CertificatesError(CertificatesErrorCode.RELEASE_FORBIDDEN, message, details);
    };
    const mine = (await this.results.versionContributors(sample.id, version)).find((c) => c.userId === actor.id);
    if (mine) {
      const error = new CertificatesError(
        CertificatesErrorCode.RELEASE_FORBIDDEN,
        `You received ${sample.labCode} or wrote to its results (entered, imported, amended, cleared or marked not tested); another manager must review and release it`,
      );
      // The signature was verified before this refusal: the event says so, with what it was to mean (as signature.refused does).
      const after = { code: error.code, version, acts: mine.did, signature: { act: 'release', meaning: signer.meaning, verified: true } };
      throw auditedRefusal(error, { actor, action: 'release.refused', entityType: 'sample', entityId: sample.id, after, reason: error.message });
    }
    // Not-tested marks alone are a partial certificate (INCOMPLETE, never pass); anything unaccounted for is refused.
    if (!view.accountedFor) {
      const gaps = panelGaps(view);
      refuse(`${sample.labCode} is incomplete: ${gaps.text}`, gaps.details);
    }
    refuseUnsupportedClaims(view, `${sample.labCode} cannot be released`);
    const open = await this.results.openQcFlags(sample.id);
    if (open.length > 0)
      refuse(`${sample.labCode} has ${open.length} unresolved QC flag(s): ${open.map((f) => f.message).join('; ')}`, { qcFlags: open.map((f) => f.id) });
  }

  /** The digest is not repeated back: a client must load the results again (and show them) to get the new one. */
  private refuseChanged(sample: SampleEntity): never {
    throw new CertificatesError(
      CertificatesErrorCode.RESULTS_CHANGED,
      `The results of ${sample.labCode ?? sample.id} changed after you loaded them; nothing was released. Review the results as they are now and sign again.`,
      [{ field: 'resultsDigest', message: 'resultsDigest is not the digest of the results as they are now' }],
    );
  }

  private refuseState(sample: SampleEntity, wanted: string): never {
    throw new CertificatesError(CertificatesErrorCode.NOT_RELEASABLE, `Sample ${sample.labCode ?? sample.id} is ${sample.status}; it cannot be ${wanted}`, {
      status: sample.status,
    });
  }
}

/** The data of `coa.released` and `coa.amended` (amendments.service publishes the latter). */
export function releasedEvent(sample: SampleEntity, overall: string) {
  return { coaVersion: sample.coaVersion, overall, coaUrl: `/v1/licensee/samples/${sample.sampleInventoryId}/coa` };
}

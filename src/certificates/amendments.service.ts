import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { auditedRefusal, runAuditingRefusals } from '../audit/audited-refusal';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import type { GroupEntry } from '../results/entry/check-entries';
import { ResultsService } from '../results/results.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { SamplesService } from '../samples/samples.service';
import { OutboxService } from '../traceability/outbox/outbox.service';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { WebhooksService } from '../webhooks/webhooks.service';
import { diffVersions, withMethodIds } from './amendments.diff';
import { AmendmentsRepository } from './amendments.repository';
import { refuseUnsupportedClaims } from './certificate-claims';
import { CertificatesError, CertificatesErrorCode } from './certificates.errors';
import { amendedAnalytesOf } from './coa/coa-amended';
import { CoaService } from './coa/coa.service';
import type { AmendmentDto } from './dto/amendment.dto';
import type { ReleaseAnswerDto } from './dto/release.dto';
import type { AmendmentStatus, CoaAmendmentEntity } from './entities/coa-amendment.entity';
import { panelGaps } from './panel-gaps';
import { releasedEvent } from './release.service';
import { ElectronicSignaturesService, SignatureRequest } from './signatures/electronic-signatures.service';
import { applySignature, ConfirmedSigner } from './signatures/signature-meanings';
import { buildStateReport, refuseUnreportable } from './state-report';

type UserActor = Extract<Actor, { type: 'user' }>;

export interface AmendmentRequest {
  amendsVersion: number;
  reason: string;
  groups: GroupEntry[];
}

/**
 * Amendments with four eyes. Manager A requests version N+1 (N's results with some groups replaced,
 * judged again): its rows are stored unfrozen and nothing else happens, so N stays the certificate in
 * force everywhere. A second manager, neither A nor anyone who entered N+1's results, releases it in one
 * transaction: rows frozen, COA stored, outbox row, `coa.amended`, audit with both names. Until then A
 * may withdraw it or a reviewer reject it; either deletes the pending rows.
 */
@Injectable()
export class AmendmentsService {
  constructor(
    private readonly amendments: AmendmentsRepository,
    private readonly samples: SamplesService,
    private readonly results: ResultsService,
    private readonly coa: CoaService,
    private readonly outbox: OutboxService,
    private readonly webhooks: WebhooksService,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly signatures: ElectronicSignaturesService,
    @Inject(TRACEABILITY_ADAPTER) private readonly state: TraceabilityAdapter,
    private readonly config: AppConfig,
  ) {}

  requestAmendment(sampleId: string, request: AmendmentRequest, actor: UserActor): Promise<AmendmentDto> {
    return this.uow.run(async () => {
      const sample = await this.samples.lockSample(sampleId);
      if (sample.status !== 'released' || !sample.coaVersion) {
        throw new CertificatesError(CertificatesErrorCode.NOT_RELEASABLE, `Sample ${sample.labCode ?? sample.id} is ${sample.status}; it cannot be amended`, {
          status: sample.status,
        });
      }
      const pending = await this.amendments.findPending(sample.id);
      if (pending) {
        throw new CertificatesError(
          CertificatesErrorCode.AMENDMENT_PENDING,
          `${sample.labCode} already has a pending amendment (version ${pending.version}, by ${pending.requestedByLabel}); release, withdraw or reject it first`,
          { amendmentId: pending.id, version: pending.version },
        );
      }
      const latest = sample.coaVersion;
      if (request.amendsVersion !== latest) {
        throw new CertificatesError(
          CertificatesErrorCode.AMENDMENT_NOT_LATEST,
          `Version ${request.amendsVersion} of ${sample.labCode} is not the latest (version ${latest} is); amend the latest version`,
          { amendsVersion: request.amendsVersion, latestVersion: latest },
        );
      }
      const version = latest + 1;
      const old = await this.results.versionRows(sample.id, latest);
      const origin = { sourceType: 'amendment' as const, sourceId: null, enteredBy: actor.id, analyst: actor.label };
      // N's not-tested marks carry over, so N+1 is judged (and later frozen) with them.
      await this.results.copyNotTested(sample.id, latest, version);
      // Field errors name the request body's key of the groups, `results` (hand entry's is `groups`).
      const { judged } = await this.results.composeVersion(sample, version, old, request.groups, origin, { groupsKey: 'results' });
      await this.results.storeVersion(sample.id, version, judged.rows);
      const before = await this.results.viewOf(sample, latest, old);
      const amendedRows = await this.results.versionRows(sample.id, version);
      const amended = await this.results.judgedView(sample, version, amendedRows);
      const after = amended.view;
      // An amendment may correct results, not drop required analytes from a complete certificate.
      if (before.accountedFor && !after.accountedFor) {
        const gaps = panelGaps(after);
        throw new CertificatesError(
          CertificatesErrorCode.NOT_RELEASABLE,
          `Version ${version} of ${sample.labCode} would be incomplete: ${gaps.text}`,
          gaps.details,
        );
      }
      // Method ids from the rows (the view shows only the text); dates compared as the lab's days, as the COA prints them.
      const diff = diffVersions(withMethodIds(before, old), withMethodIds(after, amendedRows), this.config.lab.timezone);
      if (diff.groups.length === 0) {
        throw new CertificatesError(
          CertificatesErrorCode.AMENDMENT_NO_CHANGE,
          `These results are the same as version ${latest} of ${sample.labCode}; nothing to amend`,
        );
      }
      // What a first release may not print, an amendment may not either.
      refuseUnsupportedClaims(after, `Version ${version} of ${sample.labCode} cannot be requested`);
      // A version the state system could not take is refused now, not when a second manager comes to approve it.
      refuseUnreportable(
        this.state,
        buildStateReport({ labCode: sample.labCode!, sampleInventoryId: sample.sampleInventoryId }, version, amended.view, amended.limitSet.rules, new Date()),
        `Version ${version} of ${sample.labCode} cannot be requested`,
        'Nothing was requested. Correct these results and request the amendment again.',
      );
      const amendment = await this.amendments.insert({
        sampleId: sample.id,
        version,
        supersedesVersion: latest,
        reason: request.reason,
        diff,
        requestedBy: actor.id,
        requestedByLabel: actor.label,
      });
      await this.audit.record({
        actor,
        action: 'coa.amendment_requested',
        entityType: 'sample',
        entityId: sample.id,
        before: { version: latest, overall: diff.overall.before },
        after: { version, overall: diff.overall.after, amendmentId: amendment.id, changes: diff.counts, groups: diff.groups.map((g) => g.group) },
        reason: request.reason,
      });
      return toDto(amendment);
    });
  }

  async listAmendments(sampleId: string): Promise<AmendmentDto[]> {
    const sample = await this.samples.getSample(sampleId);
    return (await this.amendments.forSample(sample.id)).map(toDto);
  }

  async getAmendment(sampleId: string, amendmentId: string): Promise<AmendmentDto> {
    const sample = await this.samples.getSample(sampleId);
    return toDto(await this.found(sample, amendmentId));
  }

  /**
   * The second manager's electronically signed release: N+1 becomes the certificate in force and is
   * reported once. A wrong password (checked first, throttled like a sign-in) releases nothing.
   * Unlike a first release it needs no results digest: the amendment id names content that cannot change
   * while pending (a released sample takes no results or marks, the row's trigger allows only the decision,
   * and a withdrawn one's id is refused as decided), so what was reviewed under that id is what is signed.
   */
  async releaseAmendment(sampleId: string, amendmentId: string, actor: UserActor, signature: SignatureRequest, address: string): Promise<ReleaseAnswerDto> {
    const signer = await this.signatures.confirm(actor, signature, 'amendment', { sampleId, address });
    const { doc, submission, signed } = await runAuditingRefusals(this.uow, this.audit, async () => {
      const sample = await this.samples.lockSample(sampleId);
      const amendment = await this.pendingOf(sample, amendmentId);
      await this.checkSecondPerson(sample, amendment, actor, 'release', signer);
      if (sample.status !== 'released' || sample.coaVersion !== amendment.supersedesVersion) {
        throw new CertificatesError(
          CertificatesErrorCode.AMENDMENT_NOT_LATEST,
          `${sample.labCode} is at version ${sample.coaVersion ?? '—'} (${sample.status}); this amendment of version ${amendment.supersedesVersion} cannot be released`,
        );
      }
      const { version, reason } = amendment;
      const rows = await this.results.versionRows(sample.id, version);
      const { view, limitSet } = await this.results.judgedView(sample, version, rows);
      refuseUnsupportedClaims(view, `Version ${version} of ${sample.labCode} cannot be released`);
      // Checked again here: the state system in force may have changed since the request.
      refuseUnreportable(
        this.state,
        buildStateReport({ labCode: sample.labCode!, sampleInventoryId: sample.sampleInventoryId }, version, view, limitSet.rules, new Date()),
        `Version ${version} of ${sample.labCode} cannot be released`,
        'Nothing was released. Reject this amendment, and request one with results it can take.',
      );

      const releasedAt = new Date();
      const signed = applySignature(signer, releasedAt);
      const doc = await this.coa.issueCertificate({
        sample,
        results: view,
        limitSet: limitSet.set,
        version,
        releasedAt,
        releasedBy: actor,
        // The lines it changed, from the diff the reviewer approved (the rows cannot change while pending): the COA marks them.
        amendment: {
          supersedesVersion: amendment.supersedesVersion,
          reason,
          requestedBy: amendment.requestedByLabel,
          requestedAt: amendment.createdAt,
          changes: amendedAnalytesOf(amendment.diff),
        },
        signature: signed,
      });
      await this.signatures.record(signed, { sampleId: sample.id, coaDocumentId: doc.id, coaVersion: version, amendmentId: amendment.id });
      await this.results.freezeVersion(sample.id, version);
      const submission = await this.outbox.recordSubmission({
        sampleId: sample.id,
        coaVersion: version,
        kind: 'amend',
        report: buildStateReport({ labCode: sample.labCode!, sampleInventoryId: sample.sampleInventoryId }, version, view, limitSet.rules, releasedAt),
        releasedAt,
        amendmentReason: reason,
      });
      await this.amendments.decide(amendment, decision('released', actor, releasedAt, null));
      await this.samples.recordJudgement(sample, view.status as 'pass' | 'fail' | 'incomplete', view.failedGroups, view.groups);
      await this.samples.touch(sample, { coaVersion: version, releasedAt });
      await this.webhooks.publish('coa.amended', sample, releasedEvent(sample, doc.overall));
      // The limit set of each version: an amendment re-judges the kept groups by the set in force now.
      const superseded = await this.results.versionRows(sample.id, amendment.supersedesVersion);
      await this.audit.record({
        actor,
        action: 'coa.amended',
        entityType: 'sample',
        entityId: sample.id,
        before: {
          version: amendment.supersedesVersion,
          overall: amendment.diff.overall.before,
          limitSetId: superseded.find((r) => r.limitSetId)?.limitSetId ?? null,
        },
        after: {
          version,
          limitSetId: limitSet.set.id,
          sha256: doc.sha256,
          overall: doc.overall,
          amendmentId: amendment.id,
          requestedBy: { id: amendment.requestedBy, name: amendment.requestedByLabel },
          releasedBy: { id: actor.id, name: actor.label },
          analytes: changedAnalytes(amendment),
          submissionId: submission.id,
          signature: signed,
        },
        reason,
      });
      return { doc, submission, signed };
    });
    await this.outbox.dispatch(submission);
    return { version: doc.version, sha256: doc.sha256, overall: doc.overall, signature: signed };
  }

  /** The author takes the request back. */
  withdrawAmendment(sampleId: string, amendmentId: string, reason: string, actor: UserActor): Promise<AmendmentDto> {
    return this.close(sampleId, amendmentId, 'withdrawn', reason, actor);
  }

  /** A reviewer (not the author, not a contributor) turns it down, saying why. */
  rejectAmendment(sampleId: string, amendmentId: string, reason: string, actor: UserActor): Promise<AmendmentDto> {
    return this.close(sampleId, amendmentId, 'rejected', reason, actor);
  }

  private close(sampleId: string, amendmentId: string, status: 'withdrawn' | 'rejected', reason: string, actor: UserActor): Promise<AmendmentDto> {
    return runAuditingRefusals(this.uow, this.audit, async () => {
      const sample = await this.samples.lockSample(sampleId);
      const amendment = await this.pendingOf(sample, amendmentId);
      if (status === 'withdrawn' && amendment.requestedBy !== actor.id) {
        throw new CertificatesError(
          CertificatesErrorCode.AMENDMENT_NOT_AUTHOR,
          `Only ${amendment.requestedByLabel}, who requested it, can withdraw this amendment; a reviewer rejects it instead`,
        );
      }
      if (status === 'rejected') await this.checkSecondPerson(sample, amendment, actor, 'reject');
      // The pending version's rows were never frozen: deleting them leaves N exactly as it was.
      await this.results.storeVersion(sample.id, amendment.version, []);
      await this.amendments.decide(amendment, decision(status, actor, new Date(), reason));
      await this.audit.record({
        actor,
        action: `coa.amendment_${status}`,
        entityType: 'sample',
        entityId: sample.id,
        before: { amendmentId: amendment.id, version: amendment.version, status: 'pending' },
        after: { amendmentId: amendment.id, status, requestedBy: { id: amendment.requestedBy, name: amendment.requestedByLabel } },
        reason,
      });
      return toDto(amendment);
    });
  }

  /**
   * Four eyes: neither the author nor anyone whose results are in the pending version. A refusal is audited
   * (amendment.refused), with the signature verified before it (a release is signed; a rejection is not).
   */
  private async checkSecondPerson(
    sample: SampleEntity,
    amendment: CoaAmendmentEntity,
    actor: UserActor,
    act: 'release' | 'reject',
    signer?: ConfirmedSigner,
  ): Promise<void> {
    const requester = amendment.requestedBy === actor.id;
    const mine = (await this.results.versionContributors(sample.id, amendment.version)).find((c) => c.userId === actor.id);
    if (!requester && !mine) return;
    const error = requester
      ? new CertificatesError(CertificatesErrorCode.AMENDMENT_FOUR_EYES, `You requested this amendment of ${sample.labCode}; another manager must ${act} it`, {
          requestedBy: amendment.requestedBy,
        })
      : new CertificatesError(
          CertificatesErrorCode.AMENDMENT_FOUR_EYES,
          `You received ${sample.labCode} or wrote to the results of version ${amendment.version} (entered, imported, amended, cleared or marked not tested); another manager must ${act} it`,
        );
    const after = {
      code: error.code,
      decision: act,
      amendmentId: amendment.id,
      version: amendment.version,
      requester,
      acts: mine?.did ?? [],
      ...(signer ? { signature: { act: 'amendment', meaning: signer.meaning, verified: true } } : {}),
    };
    throw auditedRefusal(error, { actor, action: 'amendment.refused', entityType: 'sample', entityId: sample.id, after, reason: error.message });
  }

  private async found(sample: SampleEntity, amendmentId: string): Promise<CoaAmendmentEntity> {
    const amendment = await this.amendments.findOne(sample.id, amendmentId);
    if (!amendment) throw new CertificatesError(CertificatesErrorCode.AMENDMENT_NOT_FOUND, `No amendment ${amendmentId} of ${sample.labCode ?? sample.id}`);
    return amendment;
  }

  private async pendingOf(sample: SampleEntity, amendmentId: string): Promise<CoaAmendmentEntity> {
    const amendment = await this.found(sample, amendmentId);
    if (amendment.status !== 'pending') {
      throw new CertificatesError(CertificatesErrorCode.AMENDMENT_DECIDED, `This amendment of ${sample.labCode} is already ${amendment.status}`, {
        status: amendment.status,
      });
    }
    return amendment;
  }
}

function decision(status: AmendmentStatus, actor: UserActor, at: Date, reason: string | null) {
  return { status, decidedBy: actor.id, decidedByLabel: actor.label, decidedAt: at, decisionReason: reason };
}

/** The audit trail's before and after of every analyte that changed. */
function changedAnalytes(a: CoaAmendmentEntity) {
  return a.diff.groups.flatMap((g) =>
    g.analytes
      .filter((x) => x.change !== 'unchanged')
      .map((x) => ({ group: g.group, analyte: x.analyte, change: x.change, fields: x.fields, before: x.before, after: x.after })),
  );
}

export function toDto(a: CoaAmendmentEntity): AmendmentDto {
  return {
    id: a.id,
    sampleId: a.sampleId,
    version: a.version,
    supersedesVersion: a.supersedesVersion,
    reason: a.reason,
    status: a.status,
    requestedBy: { id: a.requestedBy, name: a.requestedByLabel },
    requestedAt: a.createdAt.toISOString(),
    decidedBy: a.decidedBy ? { id: a.decidedBy, name: a.decidedByLabel ?? '' } : null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decisionReason: a.decisionReason,
    diff: a.diff,
  };
}

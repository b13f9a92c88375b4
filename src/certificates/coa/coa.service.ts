import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { SampleResultsDto } from '../../results/dto/results-response.dto';
import { SourceReportersRepository } from '../../results/source-reporters.repository';
import type { LimitSetEntity } from '../../rules/entities/limit-set.entity';
import { PanelSetsService } from '../../rules/panel-sets/panel-sets.service';
import type { SampleEntity } from '../../samples/entities/sample.entity';
import { SamplesService } from '../../samples/samples.service';
import { CertificatesError, CertificatesErrorCode } from '../certificates.errors';
import type { CoaDocumentEntity } from '../entities/coa-document.entity';
import type { ElectronicSignature } from '../signatures/signature-meanings';
import { CoaDocumentsRepository } from './coa-documents.repository';
import { renderCoaPdf } from './coa-pdf';
import { SolventBasis, solventBasisOf } from './coa-scope';
import type { CoaAmendedAnalyte } from './coa-view';
import { buildCoaView } from './coa-view.builder';

export interface IssueCertificate {
  sample: SampleEntity;
  results: SampleResultsDto;
  limitSet: LimitSetEntity;
  version: number;
  releasedAt: Date;
  releasedBy: { id: string; label: string };
  /**
   * An amendment's release: the version it supersedes, why, who asked for it when (the requester's label, "Name <email>"),
   * and what it changed (amendedAnalytesOf its diff), which the COA marks line by line.
   */
  amendment?: { supersedesVersion: number; reason: string; requestedBy: string; requestedAt: Date; changes?: CoaAmendedAnalyte[] };
  /** The release's electronic signature, printed in the release section. */
  signature: ElectronicSignature;
}

export interface CoaVerification {
  labCode: string;
  version: number;
  current: boolean;
  supersededBy: { version: number; releasedAt: string } | null;
  sha256: string;
  overall: 'pass' | 'fail' | 'incomplete';
  releasedAt: string;
  productType: string;
  sampleName: string;
  sampledInventoryIds: string[];
  client: string;
  amendmentReason: string | null;
  lab: string;
}

/** COA documents: rendered and stored at release, never changed; verifiable by anyone holding the QR. */
@Injectable()
export class CoaService {
  constructor(
    private readonly docs: CoaDocumentsRepository,
    private readonly samples: SamplesService,
    private readonly panelSets: PanelSetsService,
    private readonly config: AppConfig,
    private readonly reporters: SourceReportersRepository,
  ) {}

  /** Renders and stores one COA version inside the caller's release or amendment transaction. */
  async issueCertificate(i: IssueCertificate): Promise<CoaDocumentEntity> {
    const token = randomBytes(18).toString('base64url');
    const licensee = await this.samples.licenseeOf(i.sample);
    const { lab } = this.config;
    const parent = i.sample.parentSampleId ? await this.samples.getSample(i.sample.parentSampleId) : null;
    const view = buildCoaView({
      lab: {
        name: lab.name,
        address: lab.address,
        phone: lab.phone,
        email: lab.email,
        ocmPermitId: lab.ocmPermitId,
        isoAccreditationId: lab.isoAccreditationId,
      },
      client: {
        name: licensee.name,
        licenseNumber: licensee.licenseNumber,
        address: licensee.address ?? undefined,
        contact: [licensee.contactName, licensee.contactPhone, licensee.contactEmail].filter(Boolean).join(', ') || undefined,
      },
      sample: {
        labCode: i.sample.labCode!,
        name: i.sample.name,
        productType: i.sample.productType,
        sampleInventoryId: i.sample.sampleInventoryId,
        inventoryIds: i.sample.inventoryIds,
        collectionSite: i.sample.collectionSite,
        collectedAt: i.sample.collectedAt,
        receivedAt: i.sample.receivedAt!,
      },
      results: i.results,
      reporters: await this.reporters.reportersOf(
        i.results.groups.flatMap((g) => g.analytes.flatMap((a) => (a.sourceType === 'coa_import' && a.sourceId ? [a.sourceId] : []))),
      ),
      limitSet: { name: i.limitSet.name, effectiveDate: i.limitSet.effectiveDate, source: i.limitSet.source },
      version: i.version,
      amendment: i.amendment,
      solventsNotRequired: await this.solventsNotRequired(i.sample),
      // An edible's box says which announced package facts the lab changed at receipt, as the solvent line does for solvents.
      ...(i.results.edible ? { edibleAtReceipt: (await this.samples.edibleFactsChangedAtReceipt(i.sample.id)) ?? undefined } : {}),
      timeZone: this.config.lab.timezone,
      retestOf: parent?.labCode ? { labCode: parent.labCode } : undefined,
      releasedAt: i.releasedAt,
      releasedBy: i.releasedBy.label,
      signature: { signer: i.signature.signerName, signedAt: i.signature.signedAt, meaning: i.signature.meaning, method: i.signature.method },
      verifyUrl: `${this.config.publicBaseUrl}/v1/coa/verify/${token}`,
    });
    const pdf = await renderCoaPdf(view);
    return this.docs.insert({
      sampleId: i.sample.id,
      version: i.version,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      pdf,
      verifyToken: token,
      overall: view.overall,
      limitSetId: i.limitSet.id,
      releasedAt: i.releasedAt,
      releasedBy: i.releasedBy.id,
      amendmentReason: i.amendment?.reason ?? null,
    });
  }

  /**
   * On whose word residual solvents were left out, when the sample's panel set requires them of its product
   * type only if solvent-extracted (edibles and other infused products) and the panel has none. A retest's
   * panel is the failed groups only, so it says nothing of what the full panel left out.
   */
  private async solventsNotRequired(sample: SampleEntity): Promise<SolventBasis | undefined> {
    if (sample.parentSampleId || !sample.panelSetId || sample.solventExtracted || sample.panel.includes('residual_solvents')) return undefined;
    const requirement = await this.panelSets.requirementOf(sample.panelSetId, sample.productType, 'residual_solvents');
    if (requirement !== 'if_solvent_extracted') return undefined;
    return solventBasisOf((await this.samples.getSampleDetail(sample.id)).custody);
  }

  /** The zone the certificate and its verification page print dates in (LAB_TIMEZONE). */
  get timeZone(): string {
    return this.config.lab.timezone;
  }

  async versions(sampleId: string): Promise<CoaDocumentEntity[]> {
    return this.docs.versions(sampleId);
  }

  /** The latest version's PDF, or an older one by number. */
  /** A stored COA with the file name it is served under: COA-<lab code>-v<N>.pdf (one name wherever it is downloaded). */
  async certificatePdf(sampleId: string, version?: number): Promise<{ doc: CoaDocumentEntity; pdf: Buffer; filename: string }> {
    const all = await this.docs.versions(sampleId);
    const doc = version === undefined ? all[all.length - 1] : all.find((d) => d.version === version);
    if (!doc) {
      const which = version === undefined ? 'no released COA' : `no COA version ${version}`;
      throw new CertificatesError(CertificatesErrorCode.COA_NOT_FOUND, `Sample ${sampleId} has ${which}`);
    }
    const sample = await this.samples.getSample(sampleId);
    return { doc, pdf: (await this.docs.pdfOf(doc.id))!, filename: coaFileName(sample.labCode ?? sampleId, doc.version) };
  }

  async verify(token: string): Promise<CoaVerification> {
    const doc = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await this.docs.findByToken(token) : null;
    if (!doc) throw new CertificatesError(CertificatesErrorCode.COA_NOT_FOUND, 'No certificate has this verification code');
    const sample = await this.samples.getSample(doc.sampleId);
    const licensee = await this.samples.licenseeOf(sample);
    const all = await this.docs.versions(doc.sampleId);
    const next = all.find((d) => d.version === doc.version + 1);
    return {
      labCode: sample.labCode!,
      version: doc.version,
      current: doc.version === all[all.length - 1].version,
      supersededBy: next ? { version: next.version, releasedAt: next.releasedAt.toISOString() } : null,
      sha256: doc.sha256,
      overall: doc.overall,
      releasedAt: doc.releasedAt.toISOString(),
      productType: sample.productType,
      sampleName: sample.name,
      sampledInventoryIds: sample.inventoryIds,
      client: `${licensee.name} (${licensee.licenseNumber})`,
      amendmentReason: doc.amendmentReason,
      lab: this.config.lab.name,
    };
  }
}

export function coaFileName(labCode: string, version: number): string {
  return `COA-${labCode}-v${version}.pdf`;
}

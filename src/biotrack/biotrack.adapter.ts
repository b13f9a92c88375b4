import { Injectable } from '@nestjs/common';
import { BiotrackClient } from './client/biotrack.client';
import { stateCategories, stateOverall } from './biotrack-report.mapping';
import { InboundStateSample, ResultReport, TraceabilityAdapter } from '../traceability/traceability.adapter';

const TAG = /^\d{16}$/;

/** TraceabilityAdapter over the NY-API (BioTrack-NY): LabTrace's terms in, the state's terms out. */
@Injectable()
export class BiotrackTraceabilityAdapter implements TraceabilityAdapter {
  constructor(private readonly client: BiotrackClient) {}

  async pullInboundSamples(): Promise<InboundStateSample[]> {
    const samples = await this.client.listLabSamples('pending');
    return samples.map((s) => ({
      sampleId: s.sampleId,
      parentInventoryIds: s.parentInventoryIds,
      manifestId: s.manifestId,
      senderLicense: s.senderLicense,
      productType: s.productType,
      name: s.name,
      quantity: s.quantity,
      uom: s.uom,
      createdAt: s.createdAt,
    }));
  }

  async acceptSample(sampleId: string, receipt: { receivedQuantity: string; uom: string; receivedAt: string }): Promise<void> {
    await this.client.acceptSample(checkTag(sampleId), { ...receipt, receivedAt: utcSeconds(receipt.receivedAt) });
  }

  async rejectSample(sampleId: string, reason: string): Promise<void> {
    await this.client.rejectSample(checkTag(sampleId), reason);
  }

  async reportResults(report: ResultReport): Promise<{ stateResultId: string }> {
    const categories = stateCategories(report.groups);
    const { resultId } = await this.client.postResult({
      externalId: report.externalId,
      sampleId: checkTag(report.sampleId),
      testedAt: utcSeconds(report.testedAt),
      overall: stateOverall(report.overall, categories),
      categories,
    });
    return { stateResultId: resultId };
  }

  async attachCertificate(stateResultId: string, pdf: Buffer, filename: string): Promise<void> {
    await this.client.attachDocument(stateResultId, pdf, filename);
  }

  async amendResults(stateResultId: string, report: ResultReport & { reason: string }): Promise<void> {
    const categories = stateCategories(report.groups);
    await this.client.amendResult(stateResultId, { externalId: report.externalId, reason: report.reason, overall: stateOverall(report.overall, categories), categories });
  }

  async findReportedResult(externalId: string): Promise<{ stateResultId: string } | null> {
    const found = await this.client.findResultByExternalId(externalId);
    return found ? { stateResultId: found.resultId } : null;
  }

  async voidResults(stateResultId: string, reason: string): Promise<void> {
    await this.client.voidResult(stateResultId, reason);
  }
}

function checkTag(id: string): string {
  if (!TAG.test(id)) throw new Error(`BioTrack inventory and sample ids are 16 digits; got "${id}"`);
  return id;
}

/** The NY-API takes UTC times to the second or with fractions; normalise whatever ISO text we hold. */
function utcSeconds(iso: string): string {
  return new Date(iso).toISOString();
}

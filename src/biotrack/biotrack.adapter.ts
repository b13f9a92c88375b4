import { Injectable } from '@nestjs/common';
import type { InventoryIdSyntax } from '../traceability/inventory-id';
import { InboundStateSample, ReportProblem, ResultReport, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { TraceabilityError } from '../traceability/traceability.errors';
import { BIOTRACK_NAME, BiotrackOperation, toTraceabilityError } from './biotrack-error.mapping';
import { BIOTRACK_IDS } from './biotrack-ids';
import { stateCategories, stateCategory, stateOverall, stateUom } from './biotrack-report.mapping';
import { BiotrackClient } from './client/biotrack.client';
import { BiotrackError } from './client/biotrack.error';

/**
 * TraceabilityAdapter over the NY-API (BioTrack-NY): LabTrace's terms in, the state's terms out, and
 * every failure out as a TraceabilityError.
 */
@Injectable()
export class BiotrackTraceabilityAdapter implements TraceabilityAdapter {
  readonly displayName = BIOTRACK_NAME;
  readonly inventoryIds: InventoryIdSyntax = BIOTRACK_IDS;

  constructor(private readonly client: BiotrackClient) {}

  /**
   * What the report mapping would refuse (a group with no NY-API category, a unit with no NY-API unit),
   * each analyte named, and a sample id that is not BioTrack's. The mapping's checks are asked one by
   * one so that every problem is listed, then the whole mapping once, as delivery runs it.
   */
  reportProblems(report: ResultReport): ReportProblem[] {
    const problems: ReportProblem[] = [];
    const badId = idProblem(report.sampleId);
    if (badId) problems.push({ field: 'sampleId', message: badId });
    for (const g of report.groups) {
      const category = refusal(() => stateCategory(g.group));
      if (category) problems.push({ group: g.group, field: 'group', message: category });
      for (const a of g.analytes) {
        const unit = refusal(() => stateUom(a.unit));
        if (unit) problems.push({ analyte: a.analyte, group: g.group, field: 'unit', message: `${a.analyte}: ${unit}` });
      }
    }
    const whole = problems.length === 0 ? refusal(() => stateCategories(report.groups)) : null;
    return whole ? [{ message: whole }] : problems;
  }

  pullInboundSamples(): Promise<InboundStateSample[]> {
    return ask('other', async () => {
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
    });
  }

  /** From the list of samples sent to this lab and not yet accepted (a query: the list is not consumed). */
  inboundSender(sampleId: string): Promise<{ senderLicense: string; manifestId: string } | null> {
    return ask('other', async () => {
      const listed = (await this.client.listLabSamples('pending')).find((s) => s.sampleId === sampleId);
      return listed ? { senderLicense: listed.senderLicense, manifestId: listed.manifestId } : null;
    });
  }

  acceptSample(sampleId: string, receipt: { receivedQuantity: string; uom: string; receivedAt: string }): Promise<void> {
    return ask('accept', () => this.client.acceptSample(checkId(sampleId), { ...receipt, receivedAt: utcSeconds(receipt.receivedAt) }));
  }

  rejectSample(sampleId: string, reason: string): Promise<void> {
    return ask('reject', () => this.client.rejectSample(checkId(sampleId), reason));
  }

  reportResults(report: ResultReport): Promise<{ stateResultId: string }> {
    return ask('other', async () => {
      const categories = stateCategories(report.groups);
      const { resultId } = await this.client.postResult({
        externalId: report.externalId,
        sampleId: checkId(report.sampleId),
        testedAt: utcSeconds(report.testedAt),
        overall: stateOverall(report.overall, categories),
        categories,
      });
      return { stateResultId: resultId };
    }).catch((e: unknown) => this.storedAlready(report.externalId, e));
  }

  attachCertificate(stateResultId: string, pdf: Buffer, filename: string): Promise<void> {
    return ask('other', () => this.client.attachDocument(stateResultId, pdf, filename));
  }

  amendResults(stateResultId: string, report: ResultReport & { reason: string }): Promise<void> {
    return ask('other', async () => {
      const categories = stateCategories(report.groups);
      await this.client.amendResult(stateResultId, {
        externalId: report.externalId,
        reason: report.reason,
        overall: stateOverall(report.overall, categories),
        categories,
      });
    });
  }

  findReportedResult(externalId: string): Promise<{ stateResultId: string } | null> {
    return ask('other', async () => {
      const found = await this.client.findResultByExternalId(externalId);
      return found ? { stateResultId: found.resultId } : null;
    });
  }

  voidResults(stateResultId: string, reason: string): Promise<void> {
    return ask('void', () => this.client.voidResult(stateResultId, reason));
  }

  /** A duplicate externalId whose answer did not name the stored result: ask for it, keeping the port idempotent. */
  private async storedAlready(externalId: string, e: unknown): Promise<{ stateResultId: string }> {
    if (!(e instanceof TraceabilityError && e.kind === 'duplicate')) throw e;
    const found = await this.findReportedResult(externalId);
    if (!found) throw e;
    return found;
  }
}

async function ask<T>(operation: BiotrackOperation, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toTraceabilityError(e, operation);
  }
}

/** The mapping's own refusal (a validation BiotrackError) as text, or null; anything else is a defect and is thrown. */
function refusal(map: () => unknown): string | null {
  try {
    map();
    return null;
  } catch (e) {
    if (e instanceof BiotrackError && e.stateCode === 'validation') return e.details[0]?.message ?? e.message;
    throw e;
  }
}

/** What is wrong with an id the NY-API would refuse; null when it takes it. */
function idProblem(id: string): string | null {
  return BIOTRACK_IDS.pattern.test(id) ? null : `${BIOTRACK_NAME} inventory and sample ids are ${BIOTRACK_IDS.description}; got "${id}"`;
}

function checkId(id: string): string {
  const problem = idProblem(id);
  if (problem) throw new TraceabilityError('refused', problem, { system: BIOTRACK_NAME });
  return id;
}

/** The NY-API takes UTC times to the second or with fractions; normalise whatever ISO text we hold. */
function utcSeconds(iso: string): string {
  return new Date(iso).toISOString();
}

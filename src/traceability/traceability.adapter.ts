/**
 * What LabTrace needs from a state traceability system, in LabTrace's own terms (canonical groups,
 * LabTrace units). BioTrack-NY is one implementation; another state system is another adapter.
 */
export const TRACEABILITY_ADAPTER = Symbol('TRACEABILITY_ADAPTER');

export interface InboundStateSample {
  sampleId: string;
  parentInventoryIds: string[];
  manifestId: string;
  senderLicense: string;
  productType: string;
  name: string;
  quantity: string;
  uom: string;
  createdAt?: string;
}

export interface ReportedAnalyte {
  analyte: string;
  value?: string;
  qualifier?: 'ND' | '<LOQ' | '>ULOQ';
  unit: string;
  loq?: string;
  limit?: string;
  status: 'pass' | 'fail' | 'report_only' | 'no_limit';
}

export interface ReportedGroup {
  group: string;
  status: 'pass' | 'fail' | 'report_only' | 'incomplete';
  analytes: ReportedAnalyte[];
}

export interface ResultReport {
  /** Our idempotency key; the state recognises a repeat by it. */
  externalId: string;
  sampleId: string;
  testedAt: string;
  overall: 'pass' | 'fail';
  groups: ReportedGroup[];
}

export interface TraceabilityAdapter {
  pullInboundSamples(): Promise<InboundStateSample[]>;
  acceptSample(sampleId: string, receipt: { receivedQuantity: string; uom: string; receivedAt: string }): Promise<void>;
  rejectSample(sampleId: string, reason: string): Promise<void>;
  reportResults(report: ResultReport): Promise<{ stateResultId: string }>;
  attachCertificate(stateResultId: string, pdf: Buffer, filename: string): Promise<void>;
  amendResults(stateResultId: string, report: ResultReport & { reason: string }): Promise<void>;
  /** After an unknown outcome (timeout, dropped connection): did the state store it? */
  findReportedResult(externalId: string): Promise<{ stateResultId: string } | null>;
  voidResults(stateResultId: string, reason: string): Promise<void>;
}

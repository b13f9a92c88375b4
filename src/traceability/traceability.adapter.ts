import type { InventoryIdSyntax } from './inventory-id';

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

/**
 * Every method fails with a `TraceabilityError` (see traceability.errors.ts) when the state system, or
 * the way to it, fails; its `kind` is all a caller needs to decide what to do next.
 */
export interface TraceabilityAdapter {
  /** The state system's name as people know it ("BioTrack"), for messages. */
  readonly displayName: string;
  /** The syntax of this state system's inventory ids; made the active one at boot. */
  readonly inventoryIds: InventoryIdSyntax;
  pullInboundSamples(): Promise<InboundStateSample[]>;
  acceptSample(sampleId: string, receipt: { receivedQuantity: string; uom: string; receivedAt: string }): Promise<void>;
  rejectSample(sampleId: string, reason: string): Promise<void>;
  /** Idempotent on `report.externalId`: a repeat answers with the result the state already holds. */
  reportResults(report: ResultReport): Promise<{ stateResultId: string }>;
  attachCertificate(stateResultId: string, pdf: Buffer, filename: string): Promise<void>;
  /** Idempotent on `report.externalId` too: an amendment the state already holds is not applied again. */
  amendResults(stateResultId: string, report: ResultReport & { reason: string }): Promise<void>;
  /** After an unknown outcome (timeout, dropped connection): did the state store it? */
  findReportedResult(externalId: string): Promise<{ stateResultId: string } | null>;
  voidResults(stateResultId: string, reason: string): Promise<void>;
}

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
  /** The analyte as printed on the COA. */
  analyte: string;
  /** LabTrace's canonical analyte id ('total-thc'), when the caller knows it; adapters that map analytes prefer it to the name. */
  analyteId?: string;
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
  /**
   * 'incomplete': a partial certificate (required analytes not tested). The lot is not passed; an
   * adapter whose state system has no such verdict reports it as its "not passed / not applicable".
   */
  overall: 'pass' | 'fail' | 'incomplete';
  groups: ReportedGroup[];
}

/**
 * Something in a report the state system could not take as it stands: delivery would refuse it
 * (nothing sent) and retrying cannot help. Named per analyte where it is one analyte's.
 */
export interface ReportProblem {
  /** The analyte as printed on the COA, and its group, when the problem is one analyte's (or one group's). */
  analyte?: string;
  group?: string;
  /** What about it: its unit, value, status, the analyte itself, its group, or the report's sample id. */
  field?: 'analyte' | 'unit' | 'value' | 'status' | 'group' | 'sampleId';
  message: string;
}

/** The released COA, for a state system that takes it together with the results. */
export interface CertificateFile {
  pdf: Buffer;
  filename: string;
}

/**
 * The state system's API cannot do what was asked (Metrc has no amend endpoint): a person must do it
 * in the state's own UI. `stateAction` holds the exact steps, for the manager.
 */
export interface StateActionRequired {
  stateAction: string;
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
  /**
   * False when the state system has no API to accept or reject a transfer (Metrc): `acceptSample` and
   * `rejectSample` then change nothing remote, the receipt is LabTrace's own, and people must record it
   * in the state's UI. Absent means true (BioTrack). Read it through `receivesInState()`.
   */
  readonly receivesInState?: boolean;
  /** True when the state takes the COA PDF with the results (Metrc's `record`): delivery then passes it to `reportResults`. */
  readonly reportsWithCertificate?: boolean;
  /**
   * What in `report` this state system could not take, by the same mapping `reportResults` and
   * `amendResults` use; empty when it can take it all. Pure and synchronous (no call to the state), so a
   * release can be refused before anything is written. It cannot know what only the state can answer
   * (a test type the state stopped listing, an unknown package).
   */
  reportProblems(report: ResultReport): ReportProblem[];
  /** The samples sent to this lab since the last pull (Metrc: incremental, from a cursor; only the intake sync calls it). */
  pullInboundSamples(): Promise<InboundStateSample[]>;
  /**
   * Who the state says sent this sample to the lab, when it can tell with a look-up that changes nothing;
   * null when it does not list the sample, or cannot look one up on its own (Metrc: only through the
   * incremental transfer pull, which the intake sync owns).
   */
  inboundSender(sampleId: string): Promise<{ senderLicense: string; manifestId: string } | null>;
  acceptSample(sampleId: string, receipt: { receivedQuantity: string; uom: string; receivedAt: string }): Promise<void>;
  rejectSample(sampleId: string, reason: string): Promise<void>;
  /** Idempotent on `report.externalId`: a repeat answers with the result the state already holds. */
  reportResults(report: ResultReport, certificate?: CertificateFile): Promise<{ stateResultId: string }>;
  attachCertificate(stateResultId: string, pdf: Buffer, filename: string): Promise<void>;
  /**
   * Idempotent on `report.externalId` too: an amendment the state already holds is not applied again.
   * A state system with no way to amend through its API answers with the steps a person must take
   * there instead, and has changed nothing.
   */
  amendResults(stateResultId: string, report: ResultReport & { reason: string }): Promise<void | StateActionRequired>;
  /**
   * After an unknown outcome (timeout, dropped connection): did the state store it? `sent` is what was
   * sent (with `reason` for an amendment), for a state system that cannot look a report up by its
   * externalId and must compare what it holds.
   */
  findReportedResult(externalId: string, sent?: ResultReport & { reason?: string }): Promise<{ stateResultId: string } | null>;
  voidResults(stateResultId: string, reason: string): Promise<void>;
}

/** Whether accepting or rejecting a sample reaches the state system (false for Metrc: receipt is in its UI). */
export function receivesInState(adapter: Pick<TraceabilityAdapter, 'receivesInState'>): boolean {
  return adapter.receivesInState !== false;
}

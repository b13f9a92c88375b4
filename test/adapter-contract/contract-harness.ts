/**
 * What the adapter contract needs from one state system's simulator. The contract itself
 * (adapter-contract.ts) only speaks LabTrace's port; everything system-specific is here: how to start
 * the simulator and boot LabTrace on it, how to seed a sample in the state's own id syntax, which
 * faults stand for "the answer was lost after the state stored it" there, and how to read back what
 * the state holds.
 */

/** A test sample the state hands to the lab, as the harness seeded it. */
export interface SeededSample {
  /** The sample's own id in the state's syntax (16 digits BioTrack, a 24-character label Metrc). */
  sampleId: string;
  /** The sampled lots, in the same syntax. */
  lots: string[];
  senderLicense: string;
  name: string;
}

/** One call LabTrace made to the state's API (authentication left out), from the simulator's log. */
export interface StateCall {
  seq: number;
  method: string;
  path: string;
  /** null when no answer was sent (dropped or hung). */
  status: number | null;
  fault: string | null;
}

/** What the state holds for one sample, in the contract's terms. */
export interface HeldReport {
  /** Times the state received a report for this sample (stored or refused): exactly once is 1. */
  posts: number;
  /** The verdict the state shows for the sample's lots; null while it shows none. */
  verdict: 'pass' | 'fail' | null;
  /** The COA file names the state holds for the sample. */
  certificates: string[];
  /** SHA-256 (hex) of each distinct COA file the state holds for the sample: the bytes LabTrace released. */
  certificateSha256: string[];
  /** Results the state holds that carry no COA. */
  resultsWithoutCertificate: number;
  /** The state's value per analyte, by the analyte's name as printed on the COA ('Lead'). */
  values: Record<string, string>;
}

/** The sample as LabTrace knows it: its state id and sampled lots. */
export interface LabSampleIds {
  sampleInventoryId: string;
  inventoryIds: string[];
}

export interface ContractHarness {
  /** The state system's name as the adapter gives it (`displayName`). */
  system: string;
  /**
   * Starts the simulator and answers the environment that boots LabTrace on it. The adapter's own
   * client retries are off there, so every fault reaches the outbox delivery: the code path under test.
   */
  start(): Promise<{ env: Record<string, string> }>;
  /** Back to an empty state: data, faults and request log. */
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** An incoming test sample of one sampled lot, flower, waiting for the lab in the state. */
  seedIncoming(): Promise<SeededSample>;
  /** For a state that takes receipts through its API: does it show the sample accepted? */
  acceptedInState?(sampleId: string): Promise<boolean>;
  held(sample: LabSampleIds): Promise<HeldReport>;
  /** Every call to the state's API so far (oldest first), authentication left out. */
  calls(): Promise<StateCall[]>;
  /** A call that uploads a COA on its own (not together with the results). */
  isCertificateUpload(call: StateCall): boolean;
  faults: {
    /**
     * The state stores the report (and, where it takes more than one write, each write of it) but the
     * answer never reaches LabTrace. Where the simulator would otherwise refuse a repeat on its own, it
     * is set to store one, so a second post would show in `posts`. Answers how many answers it will lose.
     */
    loseAnswersAfterStore(): Promise<number>;
    /** The state answers `count` times 429 on the calls a delivery makes first, then recovers. */
    rateLimitStorm(count: number): Promise<void>;
    clear(): Promise<void>;
  };
  /** Whether the state's API can amend a reported result (BioTrack can; Metrc has no amend endpoint). */
  amendsThroughApi: boolean;
  /** An analyte this adapter cannot map to the state's terms, and the word its refusal must name. */
  unmappable: { group: string; analyte: string; unit: string; named: string };
}

/**
 * Everything printed on a Certificate of Analysis (9 NYCRR §130.23), gathered by the release service
 * and handed to the renderer. Values are display-ready decimal strings; the renderer formats, it does
 * not judge.
 */
export interface CoaLab {
  name: string;
  address: string;
  phone: string;
  email: string;
  ocmPermitId: string;
  isoAccreditationId: string;
}

export interface CoaClient {
  name: string;
  licenseNumber: string;
  address?: string;
  contact?: string;
}

export interface CoaSampleFacts {
  labCode: string;
  description: string;
  productType: string;
  sampleInventoryId: string;
  sampledInventoryIds: string[];
  collectionSite?: string;
  collectedAt?: string;
  receivedAt: string;
  analysedFrom?: string;
  analysedTo?: string;
}

export type CoaStatus = 'pass' | 'fail' | 'report_only' | 'incomplete' | 'no_limit';

export interface CoaAnalyteLine {
  analyte: string;
  /** "0.12", "ND", "<LOQ", ">ULOQ 50.0" */
  result: string;
  unit: string;
  loq?: string;
  /** "≤ 0.5", "ND", "5 – 13", "report only" */
  limit: string;
  status: CoaStatus;
}

export interface CoaGroup {
  /** Canonical group, e.g. "residual_solvents"; `title` is what is printed ("Residual solvents"). */
  group: string;
  title: string;
  status: CoaStatus;
  method?: string;
  analysedAt?: string;
  lines: CoaAnalyteLine[];
  /** Required analytes not tested in this group, each with the reason a manager gave. */
  notTested?: Array<{ analyte: string; reason: string }>;
}

export interface CoaView {
  lab: CoaLab;
  client: CoaClient;
  sample: CoaSampleFacts;
  /** 'incomplete': a partial certificate (required analytes not tested); it never reads as a pass. */
  overall: 'pass' | 'fail' | 'incomplete';
  /** Total THC and total CBD with unit, when cannabinoids were tested. */
  totals?: { totalThc: string; totalCbd: string; unit: string };
  groups: CoaGroup[];
  /** What the panel left out on purpose and why, e.g. residual solvents for a non-solvent-extracted edible; printed under the group summary. */
  scopeNotes?: string[];
  limitSet: { name: string; effectiveFrom: string; source: string };
  version: number;
  /** When this version supersedes another: why, which version, and who asked for it when (absent on views built before it was printed). */
  amendment?: CoaAmendment;
  /** A retest sample: the parent sample it retests (printed as "Retest of …" under the title). */
  retestOf?: { labCode: string };
  /** Edibles: potency per serving and per package, and the label claim comparison. */
  edible?: CoaEdible;
  releasedAt: string;
  releasedBy: string;
  /** The releasing manager's electronic signature (printed name, time, meaning); absent on views built before signatures existed. */
  signature?: CoaSignature;
  verifyUrl: string;
}

export interface CoaAmendment {
  supersedesVersion: number;
  reason: string;
  /** The requesting manager's label ("Name <email>"). */
  requestedBy?: string;
  /** ISO instant of the request. */
  requestedAt?: string;
}

/** Printed as "Electronically signed by <signer> on <signedAt> — <meaning>". */
export interface CoaSignature {
  signer: string;
  /** ISO instant. */
  signedAt: string;
  meaning: string;
  method: string;
}

/** An edible's potency lines: every number display-ready, the claim comparison when a claim was sent. */
export interface CoaEdible {
  servingsPerPackage: string;
  packageNetWeightG: string;
  servingWeightG?: string;
  amounts: Array<{ name: string; percent: string; mgPerG: string; mgPerServing: string; mgPerPackage: string }>;
  claims: Array<{ name: string; basis: string; claimedMg: string; measuredMg: string; deviation: string; status: 'within' | 'outside' | 'not_quantified' }>;
  tolerance: { percent: string; source: string };
}

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
  /** This laboratory's own analysis days (rows another lab reported are not in them: see CoaView.otherLabs). */
  analysedFrom?: string;
  analysedTo?: string;
}

export type CoaStatus = 'pass' | 'fail' | 'report_only' | 'incomplete' | 'no_limit';

export interface CoaAnalyteLine {
  analyte: string;
  /** "0.12", "ND", "<LOQ", ">ULOQ 50.0" */
  result: string;
  unit: string;
  /** Printed with an ND ("ND (<LOD 0.01)"): the limit the "not detected" claim rests on. */
  lod?: string;
  loq?: string;
  /** "≤ 0.5", "ND", "5 – 13", "report only" */
  limit: string;
  status: CoaStatus;
  /** Computed by this laboratory from other lines (Total THC): it has no method or analysis of its own. */
  calculated?: boolean;
  /**
   * Footnote marks after the name: another lab's line or a total of its values only ("¹", see CoaView.otherLabs), a
   * total over both labs' rows ("†"), a line the amendment changed ("‡", see CoaAmendment.changes).
   */
  marks?: string[];
}

/** Another laboratory whose certificate reported some of this COA's lines (a COA import). */
export interface CoaOtherLab {
  /** "¹": printed after each of its lines and before its footnote. */
  mark: string;
  /** The lab's name as its certificate gives it, or how the import described the certificate when it names none. */
  lab: string;
  /** The method line its rows carry ("as reported on the COA of <lab>"). */
  method: string;
  /** Its license number as its certificate prints it (e.g. "C8-0000013-LIC"), when the import kept one. */
  license?: string;
  /** ISO instants of its test dates, earliest and latest (absent: none recorded). */
  testedFrom?: string;
  testedTo?: string;
}

/** A computed total whose terms come from different sources (this lab and another, or two others). */
export interface CoaMixedTotal {
  /** "†" */
  mark: string;
  /** "Total THC" */
  total: string;
  /** Each term's name and who reported it: an other lab's mark, or undefined for this laboratory. */
  terms: Array<{ name: string; otherLab?: string }>;
}

/** A computed total whose terms one other laboratory reported, all of them: it prints with that lab's mark. */
export interface CoaOtherLabTotal {
  /** The lab's mark ("¹"). */
  mark: string;
  /** "Total THC" */
  total: string;
  /** The lab's name, as its footnote gives it. */
  lab: string;
}

export interface CoaGroup {
  /** Canonical group, e.g. "residual_solvents"; `title` is what is printed ("Residual solvents"). */
  group: string;
  title: string;
  status: CoaStatus;
  /** This laboratory's method(s) and latest analysis date, from its own rows only. */
  method?: string;
  analysedAt?: string;
  /** Other labs' rows in this group: whose (mark), their method line and test dates, printed beside ours. */
  otherLabs?: Array<{ mark: string; method: string; testedFrom?: string; testedTo?: string }>;
  lines: CoaAnalyteLine[];
  /** Printed under the table: how a calculated line is computed, a total over two labs' rows. */
  notes?: string[];
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
  /** Totals whose terms come from different laboratories (flagged on the totals panel and the line). */
  mixedTotals?: CoaMixedTotal[];
  /** Totals computed only from one other laboratory's values: marked with that lab's mark on the totals panel and the line. */
  otherLabTotals?: CoaOtherLabTotal[];
  /** Laboratories other than this one that reported lines (COA imports): marked, footnoted, outside this lab's accreditation. */
  otherLabs?: CoaOtherLab[];
  /** The lab's zone (LAB_TIMEZONE) every date and day prints in; absent: America/New_York. */
  timeZone?: string;
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
  /** What the amendment changed against the superseded version (its diff): changed and added lines carry AMENDED_MARK. */
  changes?: CoaAmendedAnalyte[];
}

/** An analyte an amendment changed, added or removed, with what changed in printed words ("result", "LOQ", "method"). */
export interface CoaAmendedAnalyte {
  group: string;
  analyte: string;
  name: string;
  change: 'changed' | 'added' | 'removed';
  /** For a changed analyte: its changed facts, e.g. ["result", "analysis day"]; empty for added and removed. */
  fields: string[];
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
  /** An announced package fact or label claim the lab changed at receipt, one display line each (announced, received, by whom, why). */
  changedAtReceipt?: string[];
  servingsPerPackage: string;
  packageNetWeightG: string;
  servingWeightG?: string;
  amounts: Array<{ name: string; percent: string; mgPerG: string; mgPerServing: string; mgPerPackage: string }>;
  claims: Array<{ name: string; basis: string; claimedMg: string; measuredMg: string; deviation: string; status: 'within' | 'outside' | 'not_quantified' }>;
  tolerance: { percent: string; source: string };
}

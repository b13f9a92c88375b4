import type { AnalyteGroup } from '../product-types';
import type { RuleSetData } from '../rule-sets/rule-set.types';

/**
 * One analyte a method is validated for: its LOD and LOQ in the reporting unit. These are the lab's
 * own validation figures (a method validation report), not regulation.
 */
export interface MethodAnalyte {
  /** Canonical analyte id. */
  analyte: string;
  lod: string | null;
  loq: string | null;
  /** Canonical unit the LOD and LOQ (and the method's results) are reported in. */
  unit: string;
}

/**
 * One row of a method set as uploaded: a method and the analytes it covers. JSON rows may list
 * several analytes; a CSV line names one, repeating the method's fields (they must agree).
 */
export interface MethodSetRow {
  /** The lab's method id, e.g. "LT-M-PEST-LC"; results name the method by it. */
  methodId: string;
  name: string;
  sopRef: string;
  /** HPLC-DAD, GC-FID, ICP-MS, LC-MS/MS, qPCR, … */
  technique: string;
  instrument: string;
  group: AnalyteGroup;
  /** qPCR methods: the validated Cq cut-off (decimal string, 35 to 40; see cq-cutoff.ts); absent for other methods. */
  cqCutoff?: string | null;
  analytes: MethodAnalyte[];
}

export type MethodSetData = RuleSetData<MethodSetRow>;

/** A method's figures for one analyte: the shape of a `method_analytes` row, minus the set id. */
export interface MethodAnalyteRow {
  methodId: string;
  analyte: string;
  analyteGroup: AnalyteGroup;
  name: string;
  sopRef: string;
  technique: string;
  instrument: string;
  lod: string | null;
  loq: string | null;
  unit: string;
  /** The method's Cq cut-off, repeated on each of its rows (null or absent: none). */
  cqCutoff?: string | null;
}

/** A method as results and the COA use it: its fields and per-analyte figures, from one set. */
export interface Method {
  methodSetId: string;
  methodSetName: string;
  methodId: string;
  name: string;
  sopRef: string;
  technique: string;
  instrument: string;
  group: AnalyteGroup;
  /** qPCR: the Cq cut-off its wells are called by (decimal string); null when the method gives none. */
  cqCutoff: string | null;
  analytes: ReadonlyMap<string, MethodAnalyte>;
}

/** How the COA and the results name a method: "Pesticides by LC-MS/MS (SOP-CHEM-104 r3)". */
export function methodLabel(m: { name: string; sopRef: string }): string {
  return `${m.name} (${m.sopRef})`;
}

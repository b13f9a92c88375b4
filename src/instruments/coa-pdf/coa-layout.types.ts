/**
 * COA PDF import: the text of a PDF (extracted behind `PdfTextExtractor`) goes to each layout's
 * `recognise`; the first that claims it parses it. Pure functions, no NestJS, no database.
 */

export type CoaLayoutName = 'labtrace' | 'confident-cannabis' | 'sc-labs' | 'kaycha';

export type CoaQualifier = 'ND' | '<LOQ' | '>ULOQ';

/** Group names follow LabTrace's canonical groups (see src/results/analytes). */
export interface CoaAnalyteRow {
  group: string;
  analyte: string;
  value?: string;
  qualifier?: CoaQualifier;
  unit?: string;
  loq?: string;
  limit?: string;
  /** The COA's own verdict for the row, lower-case: pass, fail, or undefined when the COA gives none. */
  reportedStatus?: 'pass' | 'fail' | 'tested' | 'na';
}

export interface ParsedCoa {
  layout: CoaLayoutName;
  labName?: string;
  /** The issuing lab's sample id(s) and any 16-digit inventory / metrc-style ids found. */
  sampleIds: string[];
  inventoryIds: string[];
  labCode?: string;
  productName?: string;
  productType?: string;
  collectedAt?: string;
  receivedAt?: string;
  testedAt?: string;
  releasedAt?: string;
  /** The COA's overall verdict as printed. */
  reportedOverall?: 'pass' | 'fail';
  /** Per group, the COA's verdict as printed. */
  reportedGroups: Record<string, 'pass' | 'fail' | 'tested'>;
  analytes: CoaAnalyteRow[];
  warnings: string[];
}

export interface CoaLayout {
  name: CoaLayoutName;
  /** True when the extracted text carries this layout's signature. */
  recognise(text: string): boolean;
  /** Throws CoaParseError when recognised but the expected parts are missing. */
  parse(text: string): ParsedCoa;
}

export class CoaParseError extends Error {
  constructor(
    message: string,
    readonly recognised?: string[],
  ) {
    super(message);
    this.name = 'CoaParseError';
  }
}

/**
 * The contract every instrument export parser implements: a pure function from the file's bytes to
 * canonical rows. No NestJS, no database. One file per format in this folder, registered in
 * `parser-registry.ts`, chosen by `detectFormat` from content signatures, never the file name.
 */

export type RowKind = 'sample' | 'blank' | 'calibration' | 'spike' | 'duplicate' | 'check_standard';

/** What the instrument printed in the result cell, kept verbatim in `raw`. */
export type ParsedQualifier = 'ND' | '<LOQ' | '>ULOQ' | 'NO_VALUE';

export interface ParsedRow {
  /** 1-based line (or record) number in the source file, for error messages and accounting. */
  line: number;
  /** Lab sample code (e.g. LT-2611-000123) or 16-digit inventory id, as written (trimmed). */
  sampleRef: string;
  /** Analyte as the instrument wrote it; the import maps aliases to canonical analytes. */
  analyte: string;
  /** Decimal string exactly as parsed (decimal comma normalised to a point); never a float. */
  value?: string;
  qualifier?: ParsedQualifier;
  /** Verbatim cell text the value or qualifier came from. */
  raw: string;
  unit?: string;
  lod?: string;
  loq?: string;
  dilution?: string;
  kind: RowKind;
  /** For spikes and check standards: the expected concentration, so the import can judge recovery. */
  expected?: string;
  /** Row-level observations (negative value after blank subtraction, replicate disagreement, ...). */
  flags?: string[];
  /** Plate formats: the well(s) the row was read from ("H02", replicates "B01, B02"), for messages. */
  well?: string;
}

export interface ParsedFileMeta {
  instrument?: string;
  method?: string;
  /** ISO 8601 when the file states it. */
  acquiredAt?: string;
  operator?: string;
  batch?: string;
  /** qPCR: the Cq cut-off the wells were called by (decimal string), the default or the upload's. */
  cqCutoff?: string;
  /** qPCR: where that cut-off came from: a registry method's (`cqCutoffMethod`), the upload form's, or the default. */
  cqCutoffSource?: string;
  cqCutoffMethod?: string;
}

/** A line the parser saw but deliberately did not turn into a row, with why (summary rows, headers...). */
export interface SkippedLine {
  line: number;
  reason: string;
}

export interface ParseResult {
  format: InstrumentFormat;
  meta: ParsedFileMeta;
  rows: ParsedRow[];
  skipped: SkippedLine[];
  warnings: string[];
}

export type InstrumentFormat =
  | 'shimadzu-labsolutions-ascii'
  | 'agilent-chemstation-report'
  | 'agilent-masshunter-quant'
  | 'waters-targetlynx'
  | 'sciex-multiquant'
  | 'perkinelmer-icp-csv'
  | 'agilent-icpms-masshunter'
  | 'shimadzu-gcms-summary'
  | 'biorad-cfx-cq'
  | 'water-activity'
  | 'moisture-analyzer'
  | 'generic-long-csv';

/** Options some formats need: the generic CSV takes a saved column mapping; qPCR a Cq cut-off. */
export interface ParseOptions {
  columnMapping?: GenericColumnMapping;
  cqCutoff?: number;
  /** The registry method whose validated cut-off `cqCutoff` is; absent when the upload form gave it. */
  cqCutoffMethod?: string;
}

export interface GenericColumnMapping {
  sample: string;
  analyte: string;
  value: string;
  unit?: string;
  lod?: string;
  loq?: string;
  kind?: string;
  dilution?: string;
}

export interface InstrumentParser {
  format: InstrumentFormat;
  /** Human name for error messages ("Agilent MassHunter Quantitative Analysis CSV"). */
  label: string;
  /** Cheap content signature check on the decoded text; true when this parser recognises the layout. */
  detect(text: string): boolean;
  /** Throws `ParseError` with a line number when the file is recognised but malformed or truncated. */
  parse(text: string, options?: ParseOptions): ParseResult;
}

export class ParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line ? `line ${line}: ${message}` : message);
    this.name = 'ParseError';
  }
}

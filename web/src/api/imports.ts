/**
 * Instrument exports and COA PDFs in. These routes answer shapes the OpenAPI document does not
 * describe yet (service-built summaries), so the fields the console reads are named here, each
 * optional where the contract allows it; an API without the routes answers 404, which the screen
 * explains instead of failing.
 */
import type { paths } from './schema';

type InstrumentForm = NonNullable<paths['/v1/instrument-imports']['post']['requestBody']>['content']['multipart/form-data'];

/** The formats the API's upload form accepts (checked against the document's enum). */
export const INSTRUMENT_FORMATS = [
  'shimadzu-labsolutions-ascii',
  'agilent-chemstation-report',
  'agilent-masshunter-quant',
  'waters-targetlynx',
  'sciex-multiquant',
  'perkinelmer-icp-csv',
  'agilent-icpms-masshunter',
  'shimadzu-gcms-summary',
  'biorad-cfx-cq',
  'water-activity',
  'moisture-analyzer',
  'generic-long-csv',
] as const satisfies readonly NonNullable<InstrumentForm['format']>[];

export interface UnmatchedRow {
  line: number;
  sampleRef: string;
  analyte?: string;
  reason: string;
}

export interface QcVerdictRow {
  line?: number;
  kind: string;
  sampleRef?: string;
  analyte?: string;
  verdict: string;
  detail?: string;
}

export interface MatchedSample {
  sampleId: string;
  labCode: string | null;
  rows: number;
}

/** The method a group of the file got: named by the upload (`methods`) or by the instrument's mapping; null when neither names one. */
export interface ImportGroupMethod {
  group: string;
  methodId: string | null;
  from: 'upload' | 'mapping' | null;
}

export interface InstrumentImportSummary {
  id: string | null;
  duplicate?: boolean;
  dryRun: boolean;
  format: string;
  filename?: string;
  rows: number;
  stored: number;
  /** The contract allows a count; the API answers one entry per sample. */
  matched: MatchedSample[] | number;
  unmatched: UnmatchedRow[];
  unknownAnalytes: string[];
  qcVerdicts: QcVerdictRow[];
  qcFlagsRaised?: number;
  /** Each group the file carries, with its method (absent from a server that takes no methods per upload). */
  methods?: ImportGroupMethod[];
  /** Groups stored without a method: they cannot be submitted until one is given. */
  groupsWithoutMethod?: string[];
  warnings: string[];
}

export interface CoaImportRow {
  group: string;
  analyte: string;
  canonical: { analyte: string; name: string; group: string } | null;
  value: string | null;
  qualifier: string | null;
  unit: string | null;
  limit: string | null;
  reportedStatus: string | null;
  outcome: 'accepted' | 'skipped';
  reason?: string;
}

export interface CoaImportSummary {
  id: string | null;
  duplicate: boolean;
  dryRun: boolean;
  layout: string;
  sampleId: string | null;
  labCode: string | null;
  matchedBy: string | null;
  coa: { labName: string | null; sampleIds: string[]; inventoryIds: string[]; productName: string | null; reportedOverall: string | null };
  rows: CoaImportRow[];
  stored: number;
  accepted: number;
  skipped: number;
  unknownAnalytes: string[];
  comparisons: Array<{ analyte: string; name: string; reportedStatus: string | null; status: string | null; agrees: boolean | null }>;
  sampleStatus: string | null;
  warnings: string[];
}

export function matchedSamples(s: InstrumentImportSummary): MatchedSample[] {
  return Array.isArray(s.matched) ? s.matched : [];
}

export function matchedRowCount(s: InstrumentImportSummary): number {
  return Array.isArray(s.matched) ? s.matched.reduce((n, m) => n + m.rows, 0) : s.matched;
}

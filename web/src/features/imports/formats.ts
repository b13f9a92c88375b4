/**
 * What the import screen knows about instrument formats and refused files. The API's formats listing
 * and its UNRECOGNISED_EXPORT details are not in the generated schema yet, so their shapes are typed
 * here (src/instruments/instrument-formats.ts and import-refusal.ts on the API side).
 */
import { ApiError, toApiError } from '../../api/errors';
import { notifyUnauthorized } from '../../api/unauthorized';

/** A column of the generic long CSV: its header, whether a file must have it, and what goes in it. */
export interface GenericColumn {
  name: string;
  required: boolean;
  meaning: string;
}

export interface InstrumentFormatView {
  format: string;
  label: string;
  /** One sentence: which instrument writes it and what it carries (absent from an older API). */
  description?: string;
  /** The generic CSV only: its columns, and a filled-in template to download. */
  columns?: GenericColumn[];
  template?: string;
  /** `real-files`: read in tests from exports real instruments wrote; `documentation`: vendor documentation only. */
  evidence: 'real-files' | 'documentation';
  realFiles: number;
}

export const GENERIC_FORMAT = 'generic-long-csv';
/** The generic long CSV's own header names: a file with these is read without any mapping. */
export const GENERIC_COLUMNS = ['sample', 'analyte', 'value', 'unit', 'lod', 'loq'] as const;

export async function fetchFormats(): Promise<InstrumentFormatView[]> {
  const res = await fetch('/v1/instrument-imports/formats', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (res.status === 401) notifyUnauthorized();
  if (!res.ok) throw toApiError(res.status, body);
  return body as InstrumentFormatView[];
}

/** The generic CSV's template as a file to save: a download of the API's text, named for what it is. */
export function templateFile(template: string): { name: string; blob: Blob } {
  // A byte-order mark lets a spreadsheet open the µ and Δ of the example rows as UTF-8.
  return { name: 'labtrace-generic-long-csv-template.csv', blob: new Blob(['\ufeff', template], { type: 'text/csv;charset=utf-8' }) };
}

export function evidenceBadge(f: InstrumentFormatView): string {
  if (f.evidence === 'real-files') return `proven on ${f.realFiles} real file${f.realFiles === 1 ? '' : 's'}`;
  return 'from documentation';
}

/** One line under each format saying what its badge means. */
export function evidenceExplanation(f: InstrumentFormatView): string {
  if (f.format === GENERIC_FORMAT) return `A layout the lab defines: columns ${GENERIC_COLUMNS.join(', ')}, or any header mapped to them.`;
  if (f.evidence === 'real-files') return `Read in tests from ${f.realFiles === 1 ? 'an export' : `${f.realFiles} exports`} a real instrument wrote.`;
  return 'Built from vendor documentation only: no real export has been tried yet; check the preview closely.';
}

// ---- a refused file ------------------------------------------------------------------------

export interface LineRef {
  line: number;
  text: string;
  cells?: string[];
}

export interface NearMiss {
  format: string;
  label: string;
  layout?: string;
  score: number;
  found: Array<{ marker: string; line?: number }>;
  missing: string;
  lacks: string;
  instead?: LineRef;
}

export interface MappingOffer {
  format: string;
  headerLine: number;
  delimiter: string;
  headers: string[];
  required: string[];
  optional: string[];
  save: string;
  uploadFields: { savedMapping: string; oneOff: string };
}

export interface Refusal {
  message: string;
  reason: 'no_format_matched' | 'not_text' | 'empty';
  /** The API's sentence on why (the file detail's message). */
  why: string;
  closest?: NearMiss;
  mapping?: MappingOffer;
  tried: string[];
}

interface Detail {
  field?: unknown;
  message?: unknown;
  reason?: unknown;
  closest?: NearMiss;
  mapping?: MappingOffer;
  tried?: unknown;
}

/** The refusal an upload answered with, or null for any other error. */
export function readRefusal(error: unknown): Refusal | null {
  if (!(error instanceof ApiError) || error.code !== 'UNRECOGNISED_EXPORT' || !Array.isArray(error.details)) return null;
  const details = (error.details as unknown[]).filter((d): d is Detail => !!d && typeof d === 'object');
  const file = details.find((d) => d.field === 'file');
  const offer = details.find((d) => d.field === 'columnMapping');
  const formats = details.find((d) => d.field === 'format');
  const reason = file?.reason === 'not_text' || file?.reason === 'empty' ? file.reason : 'no_format_matched';
  return {
    message: error.message,
    reason,
    why: typeof file?.message === 'string' ? file.message : error.message,
    ...(file?.closest ? { closest: file.closest } : {}),
    ...(offer?.mapping && Array.isArray(offer.mapping.headers) ? { mapping: offer.mapping } : {}),
    tried: Array.isArray(formats?.tried) ? formats.tried.filter((t): t is string => typeof t === 'string') : [],
  };
}

/** The closest format in plain words: what the file has, and what it lacks (with what stands there instead). */
export function closestFacts(miss: NearMiss): { has: string | null; lacks: string; instead: string | null } {
  const has = miss.found.length ? miss.found.map((f) => (f.line ? `${f.marker} (line ${f.line})` : f.marker)).join(', ') : null;
  const lacks = `It ${miss.lacks}.`;
  let instead: string | null = null;
  if (miss.instead) {
    instead = miss.instead.cells?.length
      ? `Line ${miss.instead.line} has the columns ${miss.instead.cells.join(', ')} instead.`
      : `Line ${miss.instead.line} has “${miss.instead.text}” instead.`;
  }
  return { has, lacks, instead };
}

// ---- mapping a file's columns --------------------------------------------------------------

/** What each mapping key means on screen. */
export const ROLE_LABELS: Record<string, string> = {
  sample: 'sample (lab code)',
  analyte: 'analyte',
  value: 'value',
  unit: 'unit',
  lod: 'LOD',
  loq: 'LOQ',
  kind: 'row kind (sample, blank, QC)',
  dilution: 'dilution',
};

export const IGNORE = '';

const GUESSES: Record<string, readonly string[]> = {
  sample: ['sample', 'sample id', 'sampleid', 'sample name', 'lab code', 'labcode', 'sample code', 'lab id'],
  analyte: ['analyte', 'compound', 'compound name', 'test', 'component', 'name'],
  value: ['value', 'result', 'concentration', 'conc', 'amount', 'final concentration'],
  unit: ['unit', 'units', 'uom'],
  lod: ['lod', 'mdl'],
  loq: ['loq', 'lloq', 'pql'],
  kind: ['kind', 'sample type', 'type'],
  dilution: ['dilution', 'dilution factor', 'df'],
};

/** A first guess for each header (by its name), each role used once; the person confirms or changes it. */
export function guessRoles(headers: readonly string[], roles: readonly string[]): string[] {
  const taken = new Set<string>();
  return headers.map((header) => {
    const name = header.trim().toLowerCase();
    const role = roles.find((r) => !taken.has(r) && GUESSES[r]?.includes(name));
    if (!role) return IGNORE;
    taken.add(role);
    return role;
  });
}

/**
 * The mapping the chosen roles make (key: the header it reads), or what is wrong with them:
 * every required key chosen, none chosen twice.
 */
export function buildMapping(
  headers: readonly string[],
  roles: readonly string[],
  required: readonly string[],
): { mapping: Record<string, string>; problems: string[] } {
  const mapping: Record<string, string> = {};
  const problems: string[] = [];
  const twice = new Set<string>();
  roles.forEach((role, i) => {
    if (role === IGNORE) return;
    if (mapping[role] !== undefined) {
      if (!twice.has(role)) problems.push(`${ROLE_LABELS[role] ?? role} is chosen for more than one column`);
      twice.add(role);
      return;
    }
    mapping[role] = headers[i];
  });
  const missing = required.filter((r) => mapping[r] === undefined);
  if (missing.length) problems.unshift(`Choose a column for ${missing.map((r) => ROLE_LABELS[r] ?? r).join(', ')}`);
  return { mapping, problems };
}

export const INSTRUMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/;

/** The cells of the first non-blank line after the header, to show what each column holds (quotes respected). */
export function firstDataRow(text: string, headerLine: number, delimiter: string): string[] {
  const line = text
    .split(/\r\n|\r|\n/)
    .slice(headerLine)
    .find((l) => l.trim() !== '');
  if (line === undefined) return [];
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

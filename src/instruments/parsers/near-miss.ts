import { DelimitedHeader, FileView, LineRef } from './file-view';
import { GENERIC_COLUMNS, Marker, Signature, SIGNATURES } from './format-signatures';
import { InstrumentFormat, InstrumentParser, ParseError } from './parser.types';

/**
 * Why no parser claimed a file, for the refusal: the format the file came closest to (most of its
 * signature's markers, see format-signatures.ts) and the first marker it lacks, with what stands in
 * its place; or that it is no text at all; and, when it is a table, the header a mapping can name.
 * Runs only after every detector said no, so it costs nothing on a file that is read.
 */

/** How far a file got through one format's signature. */
export interface NearMiss {
  format: InstrumentFormat;
  label: string;
  /** For formats with several layouts (MassHunter Quant: wide batch table, long compound table). */
  layout?: string;
  /** Share of the signature's markers the file has, 0 to 1 (two decimals). */
  score: number;
  /** The markers the file has, in signature order, with the line each was found on. */
  found: Array<{ marker: string; line?: number }>;
  /** The first marker it lacks. */
  missing: string;
  /** A sentence naming what is missing ("lacks ..." or, for an exclusion, what is there). */
  lacks: string;
  /** What the file has where that marker was looked for, when it has something. */
  instead?: LineRef;
}

export type { DelimitedHeader, LineRef };

export type ExportDiagnosis =
  | { kind: 'not_text'; what: string }
  | { kind: 'empty' }
  | {
      kind: 'no_format_matched';
      /** The vendor format the file came closest to or, when none came close, the generic long CSV. */
      closest?: NearMiss;
      /** Set when the file is a table with a header on its first line: its columns can be mapped. */
      header?: DelimitedHeader;
    };

/** Thrown by detection when no parser claims the file; the message names the closest format. */
export class UnrecognisedExportError extends ParseError {
  /** Every format detection tried, in the order it tried them. */
  readonly tried: ReadonlyArray<{ format: InstrumentFormat; label: string }>;

  constructor(
    readonly diagnosis: ExportDiagnosis,
    parsers: readonly InstrumentParser[],
  ) {
    super(`${explainDiagnosis(diagnosis)}; tried ${parsers.map((p) => `${p.label} (${p.format})`).join(', ')}`);
    this.name = 'UnrecognisedExportError';
    this.tried = parsers.map(({ format, label }) => ({ format, label }));
  }
}

/** The first sentence of a refusal, without the list of formats tried. */
export function explainDiagnosis(diagnosis: ExportDiagnosis): string {
  switch (diagnosis.kind) {
    case 'not_text':
      return `not a text export: the file is ${diagnosis.what}; export the results from the instrument software as CSV or text`;
    case 'empty':
      return 'the file has no text';
    case 'no_format_matched': {
      const { closest, header } = diagnosis;
      if (closest && closest.format !== 'generic-long-csv')
        return `the file matches no known instrument export; closest is ${closest.label}${closest.layout ? ` (${closest.layout})` : ''}: ${nearMissSentence(closest)}`;
      if (header) {
        const names = header.cells.map((cell) => cell.toLowerCase());
        const lacking = GENERIC_COLUMNS.filter((name) => !names.includes(name));
        return `the file matches no known instrument export; its header (line ${header.line}: ${header.cells.join(', ')}) is no vendor layout and lacks the generic long CSV columns ${lacking.join(', ')}; map its columns to sample, analyte and value to import it`;
      }
      return 'the file matches no known instrument export and is not a table with a header on its first line';
    }
  }
}

function nearMissSentence(miss: NearMiss): string {
  const lines = [...new Set(miss.found.flatMap((f) => (f.line ? [f.line] : [])))];
  // One line for all it has ("a SampleID header and a Compound column (line 15)"), else a line each.
  const has =
    lines.length === 1
      ? `${miss.found.map((f) => f.marker).join(' and ')} (line ${lines[0]})`
      : miss.found.map((f) => (f.line ? `${f.marker} (line ${f.line})` : f.marker)).join(', ');
  const where = miss.instead && lines.length === 1 && miss.instead.line === lines[0] ? 'that line' : `line ${miss.instead?.line}`;
  const instead = miss.instead ? `; ${where} has ${miss.instead.cells ? `the columns ${miss.instead.cells.join(', ')}` : `“${miss.instead.text}”`}` : '';
  return `${miss.found.length ? `it has ${has} but ` : 'it '}${miss.lacks}${instead}`;
}

/** Why none of the parsers claimed the text (call only when none did). */
export function diagnoseUnclaimed(text: string, parsers: readonly InstrumentParser[]): ExportDiagnosis {
  const binary = binaryKind(text);
  if (binary) return { kind: 'not_text', what: binary };
  if (text.trim() === '') return { kind: 'empty' };
  const view = new FileView(text);
  const misses = parsers.map((parser, order) => ({ miss: nearMissOf(view, parser), order })).filter((m) => m.miss !== undefined);
  const header = view.delimitedHeader();
  const vendor = misses
    .filter(({ miss }) => miss!.format !== 'generic-long-csv' && miss!.score >= 0.5 && miss!.distinctive)
    .sort((a, b) => b.miss!.score - a.miss!.score || b.miss!.found.length - a.miss!.found.length || a.order - b.order)[0];
  const generic = header ? misses.find(({ miss }) => miss!.format === 'generic-long-csv') : undefined;
  const closest = (vendor ?? generic)?.miss;
  return {
    kind: 'no_format_matched',
    ...(closest ? { closest: withoutFlags(closest) } : {}),
    ...(header ? { header } : {}),
  };
}

/** The format's best layout as a near miss; undefined when the file has every marker (it is claimed). */
export function nearMissOf(file: FileView | string, parser: InstrumentParser): (NearMiss & { distinctive: boolean }) | undefined {
  const view = typeof file === 'string' ? new FileView(file) : file;
  const outcomes = SIGNATURES[parser.format].map((signature) => outcomeOf(view, signature));
  if (outcomes.some((o) => o.missing === undefined)) return undefined;
  const best = outcomes.reduce((a, b) => (b.score > a.score ? b : a));
  const missing = best.missing!;
  const instead = missing.instead?.(view);
  return {
    format: parser.format,
    label: parser.label,
    ...(best.layout ? { layout: best.layout } : {}),
    score: Math.round(best.score * 100) / 100,
    found: best.found,
    missing: missing.what,
    lacks: missing.absent ?? `lacks ${missing.what}`,
    ...(instead ? { instead } : {}),
    distinctive: best.distinctive,
  };
}

/** True when the text has every marker of one of the format's layouts (mirrors the detector). */
export function hasSignature(text: string, format: InstrumentFormat): boolean {
  const view = new FileView(text);
  return SIGNATURES[format].some((signature) => outcomeOf(view, signature).missing === undefined);
}

function withoutFlags({ distinctive: _, ...miss }: NearMiss & { distinctive: boolean }): NearMiss {
  return miss;
}

interface Outcome {
  layout?: string;
  score: number;
  found: Array<{ marker: string; line?: number }>;
  missing?: Marker;
  distinctive: boolean;
}

function outcomeOf(view: FileView, signature: Signature): Outcome {
  let total = 0;
  let got = 0;
  let distinctive = false;
  let missing: Marker | undefined;
  const found: Outcome['found'] = [];
  for (const marker of signature.markers) {
    const weight = marker.weight === 'exclusion' ? 0 : 1;
    total += weight;
    const line = marker.found(view);
    if (line === undefined) {
      missing ??= marker;
      continue;
    }
    got += weight;
    if (marker.weight === undefined || marker.weight === 'distinctive') distinctive = true;
    if (weight) found.push({ marker: marker.what, ...(line > 0 ? { line } : {}) });
  }
  return { ...(signature.layout ? { layout: signature.layout } : {}), score: total ? got / total : 0, found, missing, distinctive };
}

// ---- not text at all -------------------------------------------------------------------------

const MAGIC: Array<[string, string]> = [
  ['PK\u0003\u0004', 'a ZIP container (an Excel .xlsx workbook?)'],
  ['%PDF-', 'a PDF (a certificate of analysis goes to COA imports)'],
  ['\u00d0\u00cf\u0011\u00e0', 'an old Microsoft Office file (an Excel .xls workbook?)'],
];

/** What a binary upload is, or undefined for text. Reads at most the first 4096 characters. */
function binaryKind(text: string): string | undefined {
  // Mostly-zero bytes after the magic can make decodeExport read a binary as UTF-16: look at both.
  const asBytes = [text.slice(0, 8), Buffer.from(text.slice(0, 4), 'utf16le').toString('latin1')];
  const magic = MAGIC.find(([prefix]) => asBytes.some((start) => start.startsWith(prefix)));
  if (magic) return magic[1];
  const head = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    if (code === 0) return 'binary data (it contains NUL bytes)';
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f || code === 0xfffd) control++;
  }
  return head.length > 0 && control / head.length > 0.05 ? 'binary data (control characters, not text)' : undefined;
}

import { FORMAT_DESCRIPTIONS, GENERIC_CSV_COLUMNS, GENERIC_CSV_TEMPLATE, GenericColumn } from './format-guide';
import { formatEvidence, FormatEvidence, REAL_EXPORTS } from './parsers/format-evidence';
import { INSTRUMENT_PARSERS } from './parsers/parser-registry';
import { InstrumentFormat } from './parsers/parser.types';

/** One supported export as the formats listing shows it: what it is and what it was proven on. */
export interface InstrumentFormatView {
  format: InstrumentFormat;
  label: string;
  /** One sentence: which instrument writes it and what it carries. */
  description: string;
  /** The generic CSV only: its columns, and a filled-in template to download. */
  columns?: readonly GenericColumn[];
  template?: string;
  /** `real-files`: read in tests from exports real instruments wrote; `documentation`: built from vendor documentation only. */
  evidence: FormatEvidence;
  /** How many real exports prove it. */
  realFiles: number;
}

/** Every format the import detects, in detection order. */
export function listInstrumentFormats(): InstrumentFormatView[] {
  return INSTRUMENT_PARSERS.map((parser) => ({
    format: parser.format,
    label: parser.label,
    description: FORMAT_DESCRIPTIONS[parser.format],
    ...(parser.format === 'generic-long-csv' ? { columns: GENERIC_CSV_COLUMNS, template: GENERIC_CSV_TEMPLATE } : {}),
    evidence: formatEvidence(parser.format),
    realFiles: REAL_EXPORTS[parser.format].length,
  }));
}

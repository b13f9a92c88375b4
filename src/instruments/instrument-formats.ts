import { formatEvidence, FormatEvidence, REAL_EXPORTS } from './parsers/format-evidence';
import { INSTRUMENT_PARSERS } from './parsers/parser-registry';
import { InstrumentFormat } from './parsers/parser.types';

/** One supported export as the formats listing shows it: what it is and what it was proven on. */
export interface InstrumentFormatView {
  format: InstrumentFormat;
  label: string;
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
    evidence: formatEvidence(parser.format),
    realFiles: REAL_EXPORTS[parser.format].length,
  }));
}

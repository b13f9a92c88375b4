import { agilentChemStationReportParser } from './agilent-chemstation-report.parser';
import { agilentIcpmsMassHunterParser } from './agilent-icpms-masshunter.parser';
import { agilentMassHunterQuantParser } from './agilent-masshunter-quant.parser';
import { bioRadCfxCqParser } from './biorad-cfx-cq.parser';
import { genericLongCsvParser } from './generic-long-csv.parser';
import { moistureAnalyzerParser } from './moisture-analyzer.parser';
import { diagnoseUnclaimed, UnrecognisedExportError } from './near-miss';
import { InstrumentFormat, InstrumentParser, ParseError, ParseOptions, ParseResult } from './parser.types';
import { perkinElmerIcpParser } from './perkinelmer-icp.parser';
import { sciexMultiQuantParser } from './sciex-multiquant.parser';
import { shimadzuGcmsSummaryParser } from './shimadzu-gcms-summary.parser';
import { shimadzuLabSolutionsAsciiParser } from './shimadzu-labsolutions-ascii.parser';
import { decodeExport } from './text-input';
import { waterActivityParser } from './water-activity.parser';
import { watersTargetLynxParser } from './waters-targetlynx.parser';

/**
 * Every supported export, most specific signature first; the generic long CSV (any file with the
 * plain sample/analyte/value header) comes last so a vendor layout always wins.
 */
export const INSTRUMENT_PARSERS: readonly InstrumentParser[] = [
  shimadzuLabSolutionsAsciiParser,
  agilentChemStationReportParser,
  agilentMassHunterQuantParser,
  watersTargetLynxParser,
  sciexMultiQuantParser,
  perkinElmerIcpParser,
  agilentIcpmsMassHunterParser,
  shimadzuGcmsSummaryParser,
  bioRadCfxCqParser,
  waterActivityParser,
  moistureAnalyzerParser,
  genericLongCsvParser,
];

export const INSTRUMENT_FORMATS: readonly InstrumentFormat[] = INSTRUMENT_PARSERS.map((p) => p.format);

/** The parser whose content signature matches; never chosen by file name. Throws UnrecognisedExportError. */
export function detectFormat(text: string): InstrumentParser {
  const parser = INSTRUMENT_PARSERS.find((p) => p.detect(text));
  // Why not, only once nothing claimed it: the closest format and its first missing marker.
  if (!parser) throw new UnrecognisedExportError(diagnoseUnclaimed(text, INSTRUMENT_PARSERS), INSTRUMENT_PARSERS);
  return parser;
}

export function parserFor(format: InstrumentFormat): InstrumentParser {
  const parser = INSTRUMENT_PARSERS.find((p) => p.format === format);
  if (!parser) throw new ParseError(`unknown format "${format}"; formats are ${INSTRUMENT_FORMATS.join(', ')}`);
  return parser;
}

/** Decodes (BOM, UTF-16, CRLF), picks the parser (or uses the override) and parses. */
export function parseInstrumentExport(bytes: Buffer, options: ParseOptions & { format?: InstrumentFormat } = {}): ParseResult {
  const text = decodeExport(bytes);
  const parser = options.format ? parserFor(options.format) : detectFormat(text);
  return parser.parse(text, options);
}

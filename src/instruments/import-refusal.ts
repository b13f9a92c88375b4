import type { FieldError } from '../common/domain-error';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import { DelimitedHeader, explainDiagnosis, NearMiss, UnrecognisedExportError } from './parsers/near-miss';
import type { GenericColumnMapping, InstrumentFormat } from './parsers/parser.types';

/**
 * The answer to an upload no format claims: why (the closest format and the marker it lacks, or
 * "not a text export") and what to do (map the file's columns, or name a format to hear that
 * parser's own reason). Field-level details, so the console shows each and can offer the mapping.
 */

/** `details[0]`: the file and why it was refused. */
export interface FileRefusal extends FieldError {
  field: 'file';
  reason: 'not_text' | 'empty' | 'no_format_matched';
  closest?: NearMiss;
}

/** `details[1]`, when the file is a table with a header on its first line: the columns a mapping can name. */
export interface ColumnMappingOffer extends FieldError {
  field: 'columnMapping';
  mapping: {
    format: Extract<InstrumentFormat, 'generic-long-csv'>;
    headerLine: number;
    delimiter: DelimitedHeader['delimiter'];
    headers: string[];
    /** The mapping's keys: sample, analyte and value are required; the rest optional. */
    required: ReadonlyArray<keyof GenericColumnMapping>;
    optional: ReadonlyArray<keyof GenericColumnMapping>;
    /** Where a mapping is saved, once per instrument. */
    save: string;
    /** The upload's form fields: a saved mapping's instrument name, or a one-off mapping as JSON. */
    uploadFields: { savedMapping: 'instrument'; oneOff: 'columnMapping' };
  };
}

/** The last detail: every format tried, and that naming one gives its parser's own reason. */
export interface FormatsTried extends FieldError {
  field: 'format';
  tried: InstrumentFormat[];
}

export type RefusalDetail = FileRefusal | ColumnMappingOffer | FormatsTried;

export const SAVE_MAPPING_ROUTE = 'PUT /v1/instrument-imports/mappings/instruments/{instrument}';
const REQUIRED: ReadonlyArray<keyof GenericColumnMapping> = ['sample', 'analyte', 'value'];
const OPTIONAL: ReadonlyArray<keyof GenericColumnMapping> = ['unit', 'lod', 'loq', 'kind', 'dilution'];

export function unrecognisedExportError(filename: string, refusal: UnrecognisedExportError): InstrumentsError {
  const { diagnosis } = refusal;
  const reason = explainDiagnosis(diagnosis);
  const details: RefusalDetail[] = [
    {
      field: 'file',
      message: reason,
      reason: diagnosis.kind,
      ...(diagnosis.kind === 'no_format_matched' && diagnosis.closest ? { closest: diagnosis.closest } : {}),
    },
  ];
  const header = diagnosis.kind === 'no_format_matched' ? diagnosis.header : undefined;
  if (header)
    details.push({
      field: 'columnMapping',
      message: `map the file's columns (${header.cells.filter((c) => c !== '').join(', ')}) to sample, analyte and value: save the mapping for the instrument (${SAVE_MAPPING_ROUTE}) and upload with instrument, or send it once as columnMapping`,
      mapping: {
        format: 'generic-long-csv',
        headerLine: header.line,
        delimiter: header.delimiter,
        headers: header.cells,
        required: REQUIRED,
        optional: OPTIONAL,
        save: SAVE_MAPPING_ROUTE,
        uploadFields: { savedMapping: 'instrument', oneOff: 'columnMapping' },
      },
    });
  details.push({
    field: 'format',
    message: `tried ${refusal.tried.map((t) => `${t.label} (${t.format})`).join(', ')}; name one in format to see why its parser refuses the file`,
    tried: refusal.tried.map((t) => t.format),
  });
  return new InstrumentsError(InstrumentsErrorCode.UNRECOGNISED_EXPORT, `${filename}: ${reason}; nothing was stored`, details);
}

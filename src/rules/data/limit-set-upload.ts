import { parse } from 'csv-parse/sync';
import { validateLimitSet } from './limit-set-validation';
import type { LimitSetParseResult } from './limit-set.types';

export type LimitSetUploadFormat = 'json' | 'csv';

/** CSV headers (case, spaces and underscores ignored) -> row fields. */
const CSV_COLUMNS: Record<string, string> = {
  producttypes: 'productTypes',
  producttype: 'productTypes',
  appliesto: 'productTypes',
  group: 'group',
  analytegroup: 'group',
  analyte: 'analyte',
  operator: 'operator',
  limitmin: 'limitMin',
  min: 'limitMin',
  limitmax: 'limitMax',
  max: 'limitMax',
  limit: 'limitMax',
  unit: 'unit',
  sourcetag: 'sourceTag',
  tag: 'sourceTag',
  source: 'source',
};

const CSV_META: Record<string, string> = { name: 'name', effectivedate: 'effectiveDate', source: 'source' };

/**
 * An admin's limit set file, checked field by field. Nothing is stored here; the caller saves the
 * returned set or answers with the list of errors.
 *
 * JSON: `{ name, effectiveDate, source, rows: [{ productTypes, group, analyte, operator, limitMin?,
 * limitMax?, unit?, sourceTag, source }] }`, limits as strings.
 *
 * CSV: the set's fields as leading comment lines (`# name: ny-ocm-2026`, `# effectiveDate: 2026-01-01`,
 * `# source: OCM Laboratory Testing Limits`), then a header row with the row fields (product_types,
 * group, analyte, operator, limit_min, limit_max, unit, source_tag, source). product_types may list
 * several, separated by `;`, or name a set (all, inhaled products, extracted products, other products).
 */
export function parseLimitSetUpload(text: string, format: LimitSetUploadFormat): LimitSetParseResult {
  const body = text.replace(/^\uFEFF/, '');
  return format === 'json' ? parseJson(body) : parseCsv(body);
}

function parseJson(text: string): LimitSetParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ field: '(file)', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  return validateLimitSet(data);
}

function parseCsv(text: string): LimitSetParseResult {
  const lines = text.split(/\r?\n/);
  const meta: Record<string, string> = {};
  let headerLine = 0;
  while (headerLine < lines.length && /^\s*(#.*)?$/.test(lines[headerLine])) {
    const match = /^\s*#\s*([A-Za-z_ ]+?)\s*:\s*(.*)$/.exec(lines[headerLine]);
    const key = match ? CSV_META[match[1].toLowerCase().replace(/[\s_]/g, '')] : undefined;
    if (match && key) meta[key] = match[2].trim();
    headerLine++;
  }

  const unknownColumns: string[] = [];
  const column = (header: string) => {
    const field = CSV_COLUMNS[header.toLowerCase().replace(/[\s_-]/g, '')];
    if (!field) unknownColumns.push(header);
    return field ?? header;
  };
  let parsed: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    parsed = parse(lines.slice(headerLine).join('\n'), {
      columns: (header: string[]) => header.map(column),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    return { ok: false, errors: [{ field: '(file)', message: `not readable as CSV: ${(error as Error).message}` }] };
  }

  if (unknownColumns.length > 0) {
    const expected = 'product_types, group, analyte, operator, limit_min, limit_max, unit, source_tag, source';
    return { ok: false, errors: [{ field: '(header)', message: `unknown column(s) ${unknownColumns.join(', ')}; expected ${expected}` }] };
  }
  const rows = parsed.map((p) => p.record);
  const lineNumbers = parsed.map((p) => p.info.lines + headerLine);
  return validateLimitSet({ ...meta, rows }, lineNumbers);
}

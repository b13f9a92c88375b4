import { parse } from 'csv-parse/sync';
import { validateRuleSet } from './rule-set-validation';
import type { RuleSetFormat, RuleSetParseResult, RuleSetSchema } from './rule-set.types';

/** The set's own fields, as CSV comment lines may give them. */
const CSV_META: Readonly<Record<string, string>> = { name: 'name', effectivedate: 'effectiveDate', source: 'source' };

/** A JSON object starts with `{`; anything else is read as CSV. */
export function detectRuleSetFormat(text: string): RuleSetFormat {
  return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'csv';
}

/**
 * An admin's rule set file, checked field by field against the kind's schema. Nothing is stored
 * here; the caller saves the returned set or answers with the list of errors.
 *
 * JSON: `{ name, effectiveDate, source, rows: [...] }`, numbers as strings.
 *
 * CSV: the set's fields as leading comment lines (`# name: ny-ocm-2026`, `# effectiveDate: 2026-01-01`,
 * `# source: OCM Laboratory Testing Limits`), then a header row naming the kind's row fields (case,
 * spaces, dashes and underscores ignored), then one row per line.
 */
export function parseRuleSetUpload<Row>(text: string, format: RuleSetFormat, schema: RuleSetSchema<Row, unknown>): RuleSetParseResult<Row> {
  const body = text.replace(/^\uFEFF/, '');
  return format === 'json' ? parseJson(body, schema) : parseCsv(body, schema);
}

function parseJson<Row>(text: string, schema: RuleSetSchema<Row, unknown>): RuleSetParseResult<Row> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ field: '(file)', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  return validateRuleSet(data, schema);
}

function parseCsv<Row>(text: string, schema: RuleSetSchema<Row, unknown>): RuleSetParseResult<Row> {
  const lines = text.split(/\r?\n/);
  const meta: Record<string, string> = {};
  let headerLine = 0;
  while (headerLine < lines.length && /^\s*(#.*)?$/.test(lines[headerLine])) {
    const match = metaComment(lines[headerLine]);
    const key = match ? CSV_META[match[0].toLowerCase().replace(/[\s_]/g, '')] : undefined;
    if (match && key) meta[key] = match[1].trim();
    headerLine++;
  }

  const unknownColumns: string[] = [];
  const column = (header: string) => {
    const field = schema.csvColumns[header.toLowerCase().replace(/[\s_-]/g, '')];
    if (!field) unknownColumns.push(header);
    return field ?? header;
  };
  let parsed: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    parsed = parse(lines.slice(headerLine).join('\n'), { columns: (header: string[]) => header.map(column), skip_empty_lines: true, trim: true, info: true });
  } catch (error) {
    return { ok: false, errors: [{ field: '(file)', message: `not readable as CSV: ${(error as Error).message}` }] };
  }
  if (unknownColumns.length > 0)
    return { ok: false, errors: [{ field: '(header)', message: `unknown column(s) ${unknownColumns.join(', ')}; expected ${schema.csvHeader}` }] };

  const rows = parsed.map((p) => p.record);
  const lineNumbers = parsed.map((p) => p.info.lines + headerLine);
  return validateRuleSet({ ...meta, rows }, schema, lineNumbers);
}

/**
 * "# effectiveDate: 2026-01-01" as [name, value]: what /^\s*#\s*([A-Za-z_ ]+?)\s*:\s*(.*)$/ matched
 * (the name up to the first colon, spaces aside), found without it: it backtracked quadratically on a
 * long comment of spaced words without a colon.
 */
export function metaComment(line: string): [string, string] | undefined {
  const hash = line.length - line.trimStart().length;
  if (line[hash] !== '#') return undefined;
  const colon = line.indexOf(':', hash + 1);
  if (colon < 0) return undefined;
  const spaced = line.slice(hash + 1, colon);
  const name = spaced.trim();
  if (name === '' ? !spaced.includes(' ') : !/^[A-Za-z_ ]+$/.test(name)) return undefined;
  const rest = line.slice(colon + 1);
  const value = rest.slice(rest.length - rest.trimStart().length);
  return /[\n\r\u2028\u2029]/.test(value) ? undefined : [name, value];
}

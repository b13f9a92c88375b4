import { isCalendarDate, isRecord, text } from './rule-set-fields';
import type { RuleSetData, RuleSetFieldError, RuleSetParseResult, RuleSetSchema } from './rule-set.types';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Validates a rule set given as plain data (parsed JSON, or CSV records keyed by field): the header
 * every kind shares, then each row through the kind's schema, then keys claimed by two rows. Every
 * problem is reported, not just the first; `lines` gives each row's CSV line for the messages.
 */
export function validateRuleSet<Row>(input: unknown, schema: RuleSetSchema<Row, unknown>, lines?: readonly number[]): RuleSetParseResult<Row> {
  if (!isRecord(input))
    return { ok: false, errors: [{ field: '(file)', message: `a ${schema.noun} must be an object with name, effectiveDate, source and rows` }] };
  const errors: RuleSetFieldError[] = [];

  const name = text(input.name);
  if (!name || !NAME.test(name)) errors.push({ field: 'name', message: 'name is required: letters, digits, dot, dash or underscore, up to 100 characters' });
  const effectiveDate = text(input.effectiveDate);
  if (!effectiveDate || !isCalendarDate(effectiveDate)) errors.push({ field: 'effectiveDate', message: 'effectiveDate must be a date written YYYY-MM-DD' });
  const source = text(input.source);
  if (!source) errors.push({ field: 'source', message: 'source is required: where the rules come from' });

  const rawRows = input.rows;
  if (!Array.isArray(rawRows) || rawRows.length === 0) return { ok: false, errors: [...errors, { field: 'rows', message: 'rows must be a non-empty list' }] };
  if (rawRows.length > schema.maxRows) return { ok: false, errors: [...errors, { field: 'rows', message: `at most ${schema.maxRows} rows` }] };

  const rows: Row[] = [];
  const firstRowFor = new Map<string, number>();
  rawRows.forEach((raw: unknown, index) => {
    const at = { row: index + 1, ...(lines?.[index] !== undefined ? { line: lines[index] } : {}) };
    const rowErrors: RuleSetFieldError[] = [];
    const report = (field: string, message: string) => void rowErrors.push({ field: `rows[${index}].${field}`, message, ...at });
    const row = isRecord(raw) ? schema.readRow(raw, report) : undefined;
    if (!isRecord(raw)) report('(row)', 'each row must be an object');
    if (row && rowErrors.length === 0) {
      for (const { key, field, clash } of schema.keysOf(row)) {
        const first = firstRowFor.get(key);
        if (first !== undefined) report(field, clash(first));
        else firstRowFor.set(key, index + 1);
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (row) rows.push(row);
  });

  if (errors.length > 0) return { ok: false, errors };
  const set: RuleSetData<Row> = { name: name!, effectiveDate: effectiveDate!, source: source!, rows };
  return { ok: true, set };
}

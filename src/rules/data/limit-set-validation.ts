import { resolveAnalyte } from '../analytes/vocabulary';
import { ANALYTE_GROUPS, AnalyteGroup } from '../product-types';
import { Dec, isDecimalString } from '../judgement/decimal';
import type { LimitOperator } from '../judgement/judgement.types';
import { canConvert, canonicalUnit } from '../judgement/units';
import { expandProductTypes } from './product-type-sets';
import { LimitSetData, LimitSetFieldError, LimitSetParseResult, LimitSetRow, SOURCE_TAGS, SourceTag } from './limit-set.types';

const OPERATORS: readonly LimitOperator[] = ['lte', 'range', 'not_detected', 'report_only'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MAX_LIMIT_ROWS = 5000;

/**
 * Validates a limit set given as plain data (parsed JSON, or CSV records keyed by camelCase field).
 * Every problem is reported, not just the first: unknown analytes, groups and product types, bad
 * operators, limits missing, negative or not decimal strings, units unknown or not convertible to
 * the analyte's unit, and the same analyte twice for one product type. `lines` gives each row's
 * CSV line for the messages.
 */
export function validateLimitSet(input: unknown, lines?: number[]): LimitSetParseResult {
  const errors: LimitSetFieldError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ field: '(file)', message: 'a limit set must be an object with name, effectiveDate, source and rows' }] };

  const name = text(input.name);
  if (!name || !NAME.test(name)) errors.push({ field: 'name', message: 'name is required: letters, digits, dot, dash or underscore, up to 100 characters' });
  const effectiveDate = text(input.effectiveDate);
  if (!effectiveDate || !isCalendarDate(effectiveDate)) errors.push({ field: 'effectiveDate', message: 'effectiveDate must be a date written YYYY-MM-DD' });
  const source = text(input.source);
  if (!source) errors.push({ field: 'source', message: 'source is required: where the numbers come from' });

  const rawRows = input.rows;
  if (!Array.isArray(rawRows) || rawRows.length === 0) {
    errors.push({ field: 'rows', message: 'rows must be a non-empty list' });
    return { ok: false, errors };
  }
  if (rawRows.length > MAX_LIMIT_ROWS) {
    errors.push({ field: 'rows', message: `at most ${MAX_LIMIT_ROWS} rows` });
    return { ok: false, errors };
  }

  const rows: LimitSetRow[] = [];
  const firstRowFor = new Map<string, number>();
  rawRows.forEach((raw, index) => {
    const at = { row: index + 1, ...(lines?.[index] !== undefined ? { line: lines[index] } : {}) };
    const rowErrors: LimitSetFieldError[] = [];
    const fail = (field: string, message: string) => rowErrors.push({ field: `rows[${index}].${field}`, message, ...at });
    const row = validateRow(raw, fail);
    if (row) {
      for (const productType of row.productTypes) {
        const key = `${productType}|${row.analyte}`;
        const first = firstRowFor.get(key);
        if (first !== undefined) fail('analyte', `${row.analyte} for ${productType} is already limited by row ${first}`);
        else firstRowFor.set(key, index + 1);
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (row) rows.push(row);
  });

  if (errors.length > 0) return { ok: false, errors };
  const limitSet: LimitSetData = { name: name!, effectiveDate: effectiveDate!, source: source!, rows };
  return { ok: true, limitSet };
}

function validateRow(raw: unknown, fail: (field: string, message: string) => void): LimitSetRow | undefined {
  if (!isRecord(raw)) {
    fail('(row)', 'each row must be an object');
    return undefined;
  }
  let problems = 0;
  const report = (field: string, message: string) => {
    problems++;
    fail(field, message);
  };

  const productTypes = readProductTypes(raw.productTypes, report);
  const analyteName = text(raw.analyte);
  const analyte = analyteName ? resolveAnalyte(analyteName) : undefined;
  if (!analyteName) report('analyte', 'analyte is required');
  else if (!analyte) report('analyte', `unknown analyte "${analyteName}"`);

  const groupName = text(raw.group);
  let group: AnalyteGroup | undefined = analyte?.group;
  if (groupName !== undefined) {
    if (!(ANALYTE_GROUPS as readonly string[]).includes(groupName)) report('group', `unknown group "${groupName}"; groups are ${ANALYTE_GROUPS.join(', ')}`);
    else if (analyte && analyte.group !== groupName) report('group', `${analyte.name} belongs to ${analyte.group}, not ${groupName}`);
    else group = groupName as AnalyteGroup;
  }

  const operator = text(raw.operator) as LimitOperator | undefined;
  if (!operator || !OPERATORS.includes(operator)) report('operator', `operator must be one of ${OPERATORS.join(', ')}; got ${JSON.stringify(raw.operator ?? null)}`);

  const limitMin = readLimit(raw.limitMin, 'limitMin', report);
  const limitMax = readLimit(raw.limitMax, 'limitMax', report);
  if (operator === 'lte') {
    if (limitMax === null) report('limitMax', 'an lte row needs limitMax');
    if (limitMin !== null) report('limitMin', 'an lte row takes no limitMin (use range)');
  } else if (operator === 'range') {
    if (limitMin === null) report('limitMin', 'a range row needs limitMin');
    if (limitMax === null) report('limitMax', 'a range row needs limitMax');
    if (limitMin && limitMax && new Dec(limitMin).greaterThan(limitMax)) report('limitMin', `limitMin ${limitMin} is above limitMax ${limitMax}`);
  } else if (operator && (limitMin !== null || limitMax !== null)) {
    report(limitMax !== null ? 'limitMax' : 'limitMin', `a ${operator} row takes no limit value`);
  }

  const unit = readUnit(raw.unit, operator, analyte, report);

  const sourceTag = text(raw.sourceTag);
  if (!sourceTag || !(SOURCE_TAGS as readonly string[]).includes(sourceTag)) report('sourceTag', `sourceTag must be one of ${SOURCE_TAGS.join(', ')}`);
  const source = text(raw.source);
  if (!source) report('source', 'source is required: where this number comes from');

  if (problems > 0 || !analyte || !group || !operator || !productTypes) return undefined;
  return { productTypes, group, analyte: analyte.id, operator, limitMin, limitMax, unit, sourceTag: sourceTag as SourceTag, source: source! };
}

function readProductTypes(value: unknown, report: (field: string, message: string) => void): LimitSetRow['productTypes'] | undefined {
  const entries = typeof value === 'string' ? value.split(/[;|,]/) : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  const named = entries?.map((e) => e.trim()).filter((e) => e.length > 0);
  if (!named || named.length === 0) {
    report('productTypes', 'productTypes is required: product types or a set name (all, inhaled products, extracted products, other products)');
    return undefined;
  }
  const { productTypes, unknown } = expandProductTypes(named);
  if (unknown.length > 0) {
    report('productTypes', `unknown product type ${unknown.map((u) => `"${u}"`).join(', ')}`);
    return undefined;
  }
  return productTypes;
}

function readLimit(value: unknown, field: string, report: (field: string, message: string) => void): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    report(field, `${field} must be a decimal written as a string, e.g. "0.5" (numbers lose exactness)`);
    return null;
  }
  const trimmed = value.trim();
  if (!isDecimalString(trimmed)) {
    report(field, `${field} must be a decimal number; got "${value}"`);
    return null;
  }
  if (trimmed.startsWith('-')) {
    report(field, `${field} cannot be negative; got ${trimmed}`);
    return null;
  }
  return trimmed;
}

function readUnit(
  value: unknown,
  operator: LimitOperator | undefined,
  analyte: { id: string; defaultUnit: string } | undefined,
  report: (field: string, message: string) => void,
): string | null {
  const written = text(value);
  const numeric = operator === 'lte' || operator === 'range';
  if (!written) {
    if (numeric) report('unit', `a ${operator} row needs a unit`);
    return null;
  }
  const unit = canonicalUnit(written);
  if (!unit) {
    report('unit', `unknown unit "${written}"`);
    return null;
  }
  if (analyte && !canConvert(unit, analyte.defaultUnit)) {
    report('unit', `${unit} cannot be converted to ${analyte.defaultUnit}, the unit ${analyte.id} is reported in`);
    return null;
  }
  return unit;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

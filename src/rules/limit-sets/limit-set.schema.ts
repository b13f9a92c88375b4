import { resolveAnalyte } from '../analytes/vocabulary';
import { Dec } from '../judgement/decimal';
import { LIMIT_OPERATORS, LimitOperator } from '../judgement/judgement.types';
import { canConvert, canonicalUnit } from '../judgement/units';
import { ANALYTE_GROUPS, AnalyteGroup } from '../product-types';
import { readChoice, readDecimal, readProductTypes, text } from '../rule-sets/rule-set-fields';
import type { ReportFieldError, RuleSetSchema } from '../rule-sets/rule-set.types';
import { LimitRuleRow, LimitSetRow, SOURCE_TAGS } from './limit-set.types';

/**
 * Limit sets: one row limits one analyte for some product types. A row is refused for an unknown
 * analyte, group or product type, a bad operator, a limit missing, negative or not a decimal string,
 * a unit unknown or not convertible to the analyte's, or an analyte limited twice for a product type.
 *
 * CSV header: product_types, group, analyte, operator, limit_min, limit_max, unit, source_tag, source.
 */
export const LIMIT_SET_SCHEMA: RuleSetSchema<LimitSetRow, LimitRuleRow> = {
  kind: 'limits',
  noun: 'limit set',
  maxRows: 5000,
  csvColumns: {
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
  },
  csvHeader: 'product_types, group, analyte, operator, limit_min, limit_max, unit, source_tag, source',
  readRow: readLimitRow,
  keysOf: (row) =>
    row.productTypes.map((productType) => ({
      key: `${productType}|${row.analyte}`,
      field: 'analyte',
      clash: (first) => `${row.analyte} for ${productType} is already limited by row ${first}`,
    })),
  toStoredRows: (set) =>
    set.rows.flatMap((row) =>
      row.productTypes.map((productType) => ({
        productType,
        analyteGroup: row.group,
        analyte: row.analyte,
        operator: row.operator,
        limitMin: row.limitMin,
        limitMax: row.limitMax,
        unit: row.unit,
        sourceTag: row.sourceTag,
        source: row.source,
      })),
    ),
};

/** Reads every field so each problem is reported; the frame drops a row that reported any. */
function readLimitRow(raw: Record<string, unknown>, fail: ReportFieldError): LimitSetRow | undefined {
  const productTypes = readProductTypes(raw.productTypes, fail);
  const analyteName = text(raw.analyte);
  const analyte = analyteName ? resolveAnalyte(analyteName) : undefined;
  if (!analyteName) fail('analyte', 'analyte is required');
  else if (!analyte) fail('analyte', `unknown analyte "${analyteName}"`);

  const groupName = text(raw.group);
  let group: AnalyteGroup | undefined = analyte?.group;
  if (groupName !== undefined) {
    if (!(ANALYTE_GROUPS as readonly string[]).includes(groupName)) fail('group', `unknown group "${groupName}"; groups are ${ANALYTE_GROUPS.join(', ')}`);
    else if (analyte && analyte.group !== groupName) fail('group', `${analyte.name} belongs to ${analyte.group}, not ${groupName}`);
    else group = groupName as AnalyteGroup;
  }

  const operator = readChoice(raw.operator, 'operator', LIMIT_OPERATORS, fail);
  const limitMin = readDecimal(raw.limitMin, 'limitMin', fail);
  const limitMax = readDecimal(raw.limitMax, 'limitMax', fail);
  if (operator === 'lte') {
    if (limitMax === null) fail('limitMax', 'an lte row needs limitMax');
    if (limitMin !== null) fail('limitMin', 'an lte row takes no limitMin (use range)');
  } else if (operator === 'range') {
    if (limitMin === null) fail('limitMin', 'a range row needs limitMin');
    if (limitMax === null) fail('limitMax', 'a range row needs limitMax');
    if (limitMin && limitMax && new Dec(limitMin).greaterThan(limitMax)) fail('limitMin', `limitMin ${limitMin} is above limitMax ${limitMax}`);
  } else if (operator && (limitMin !== null || limitMax !== null)) {
    fail(limitMax !== null ? 'limitMax' : 'limitMin', `a ${operator} row takes no limit value`);
  }

  const unit = readUnit(raw.unit, operator, analyte, fail);
  const sourceTag = readChoice(raw.sourceTag, 'sourceTag', SOURCE_TAGS, fail);
  const source = text(raw.source);
  if (!source) fail('source', 'source is required: where this number comes from');

  if (!productTypes || !analyte || !group || !operator || !sourceTag || !source) return undefined;
  return { productTypes, group, analyte: analyte.id, operator, limitMin, limitMax, unit, sourceTag, source };
}

function readUnit(
  value: unknown,
  operator: LimitOperator | undefined,
  analyte: { id: string; defaultUnit: string } | undefined,
  report: ReportFieldError,
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

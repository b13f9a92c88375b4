import { getAnalyte } from '../analytes/vocabulary';
import { ANALYTE_GROUPS, AnalyteGroup } from '../product-types';
import { readChoice, readProductTypes, text } from '../rule-sets/rule-set-fields';
import type { ReportFieldError, RuleSetSchema } from '../rule-sets/rule-set.types';
import { PANEL_REQUIREMENTS, PanelRuleRow, PanelSetRow } from './panel-set.types';

/**
 * Panel sets: which analyte groups a product type must be tested for. A row names product types (or a
 * set name), one group, whether it is required always or only for solvent-extracted products, and
 * optionally the analytes a complete test of the group must report (canonical ids of that group).
 *
 * CSV header: product_types, group, requirement, analytes, source (analytes separated by `;` or `|`).
 */
export const PANEL_SET_SCHEMA: RuleSetSchema<PanelSetRow, PanelRuleRow> = {
  kind: 'panels',
  noun: 'panel set',
  maxRows: 1000,
  csvColumns: {
    producttypes: 'productTypes',
    producttype: 'productTypes',
    appliesto: 'productTypes',
    group: 'group',
    analytegroup: 'group',
    requirement: 'requirement',
    analytes: 'analytes',
    requiredanalytes: 'analytes',
    source: 'source',
  },
  csvHeader: 'product_types, group, requirement, analytes, source',
  readRow: readPanelRow,
  keysOf: (row) =>
    row.productTypes.map((productType) => ({
      key: `${productType}|${row.group}`,
      field: 'group',
      clash: (first) => `${row.group} for ${productType} is already named by row ${first}`,
    })),
  toStoredRows: (set) =>
    set.rows.flatMap((row) =>
      row.productTypes.map((productType) => ({
        productType,
        analyteGroup: row.group,
        requirement: row.requirement,
        analytes: row.analytes ? [...row.analytes] : null,
        source: row.source,
      })),
    ),
};

/** Reads every field so each problem is reported; the frame drops a row that reported any. */
function readPanelRow(raw: Record<string, unknown>, fail: ReportFieldError): PanelSetRow | undefined {
  const productTypes = readProductTypes(raw.productTypes, fail);
  const group = readChoice(raw.group, 'group', ANALYTE_GROUPS, fail);
  const requirement = readChoice(raw.requirement, 'requirement', PANEL_REQUIREMENTS, fail);
  const analytes = group ? readRequiredAnalytes(raw.analytes, group, fail) : undefined;
  if (!productTypes || !group || !requirement || analytes === undefined) return undefined;
  return { productTypes, group, requirement, ...(analytes ? { analytes } : {}), source: text(raw.source) ?? null };
}

/**
 * The row's required analytes: canonical ids of its group, each once, none computed (LabTrace derives
 * those). Absent or empty: null (the row names none). Undefined when a problem was reported.
 */
function readRequiredAnalytes(value: unknown, group: AnalyteGroup, fail: ReportFieldError): string[] | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  const entries = typeof value === 'string' ? value.split(/[;|]/) : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  if (!entries) {
    fail('analytes', 'analytes must be a list of analyte ids (or one string separated by ";")');
    return undefined;
  }
  const ids = entries.map((e) => e.trim()).filter((e) => e.length > 0);
  const problems: string[] = [];
  for (const id of ids) {
    const analyte = getAnalyte(id);
    if (!analyte) problems.push(`unknown analyte id "${id}"`);
    else if (analyte.group !== group) problems.push(`${id} belongs to ${analyte.group}, not ${group}`);
    else if (analyte.computed) problems.push(`${id} is computed by LabTrace; name its components instead`);
  }
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) problems.push(`named twice: ${[...new Set(repeated)].join(', ')}`);
  if (problems.length > 0) {
    fail('analytes', problems.join('; '));
    return undefined;
  }
  return ids.length > 0 ? ids : null;
}

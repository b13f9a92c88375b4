import { ANALYTE_GROUPS } from '../product-types';
import { readChoice, readProductTypes, text } from '../rule-sets/rule-set-fields';
import type { ReportFieldError, RuleSetSchema } from '../rule-sets/rule-set.types';
import { PANEL_REQUIREMENTS, PanelRuleRow, PanelSetRow } from './panel-set.types';

/**
 * Panel sets: which analyte groups a product type must be tested for. A row names product types (or a
 * set name), one group and whether it is required always or only for solvent-extracted products.
 *
 * CSV header: product_types, group, requirement, source.
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
    source: 'source',
  },
  csvHeader: 'product_types, group, requirement, source',
  readRow: readPanelRow,
  keysOf: (row) =>
    row.productTypes.map((productType) => ({
      key: `${productType}|${row.group}`,
      field: 'group',
      clash: (first) => `${row.group} for ${productType} is already named by row ${first}`,
    })),
  toStoredRows: (set) =>
    set.rows.flatMap((row) =>
      row.productTypes.map((productType) => ({ productType, analyteGroup: row.group, requirement: row.requirement, source: row.source })),
    ),
};

/** Reads every field so each problem is reported; the frame drops a row that reported any. */
function readPanelRow(raw: Record<string, unknown>, fail: ReportFieldError): PanelSetRow | undefined {
  const productTypes = readProductTypes(raw.productTypes, fail);
  const group = readChoice(raw.group, 'group', ANALYTE_GROUPS, fail);
  const requirement = readChoice(raw.requirement, 'requirement', PANEL_REQUIREMENTS, fail);
  if (!productTypes || !group || !requirement) return undefined;
  return { productTypes, group, requirement, source: text(raw.source) ?? null };
}

import { WA_PESTICIDES } from '../analytes/pesticides';
import { PRODUCT_TYPES } from '../product-types';
import { validateRuleSet } from '../rule-sets/rule-set-validation';
import { builtInPanelSet, firstPanelSet } from './built-in-panel-set';
import { PANEL_SET_SCHEMA } from './panel-set.schema';

const header = { name: 'p', effectiveDate: '2026-01-01', source: 's' };

describe('panel sets', () => {
  it('the built-in sets validate and name their source; v2 supersedes the first from the same date', () => {
    expect(firstPanelSet()).toMatchObject({
      name: 'ny-ocm-2025-draft-panels',
      effectiveDate: '2025-01-01',
      source: expect.stringContaining('ny-testing-rules.md'),
    });
    expect(builtInPanelSet()).toMatchObject({
      name: 'ny-ocm-2025-panels-v2',
      effectiveDate: '2025-01-01',
      source: expect.stringContaining('ny-testing-rules.md'),
    });
  });

  it('the first set (groups only) still loads: its rows name no analytes', () => {
    expect(PANEL_SET_SCHEMA.toStoredRows(firstPanelSet()).every((r) => r.analytes === null)).toBe(true);
  });

  it('v2 names the analytes a complete test reports: 59 pesticides, four Aspergillus, STEC, Salmonella, four aflatoxins and ochratoxin A, each metal', () => {
    const stored = PANEL_SET_SCHEMA.toStoredRows(builtInPanelSet());
    const flower = (group: string) => stored.find((r) => r.productType === 'flower' && r.analyteGroup === group)?.analytes;
    expect(flower('pesticides')).toEqual(WA_PESTICIDES.map((p) => p.id));
    expect(flower('microbials')).toEqual(['aspergillus-fumigatus', 'aspergillus-flavus', 'aspergillus-niger', 'aspergillus-terreus', 'salmonella', 'stec']);
    expect(flower('mycotoxins')).toEqual(['aflatoxin-b1', 'aflatoxin-b2', 'aflatoxin-g1', 'aflatoxin-g2', 'ochratoxin-a']);
    expect(flower('metals')).toEqual(['arsenic', 'cadmium', 'lead', 'mercury', 'nickel', 'chromium', 'copper', 'antimony']);
    expect(flower('cannabinoids')).toEqual(['d9-thc', 'thca', 'cbd', 'cbda']);
    expect(flower('terpenes')).toBeNull();
  });

  it('refuses required analytes that are unknown, of another group, computed or named twice', () => {
    const parsed = validateRuleSet(
      {
        ...header,
        rows: [
          { productTypes: ['flower'], group: 'mycotoxins', requirement: 'required', analytes: ['aflatoxin-b1', 'lead', 'unobtainium', 'aflatoxin-b1'] },
          { productTypes: ['flower'], group: 'cannabinoids', requirement: 'required', analytes: 'thca; total-thc' },
        ],
      },
      PANEL_SET_SCHEMA,
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { field: 'rows[0].analytes', message: 'lead belongs to metals, not mycotoxins; unknown analyte id "unobtainium"; named twice: aflatoxin-b1', row: 1 },
        { field: 'rows[1].analytes', message: 'total-thc is computed by LabTrace; name its components instead', row: 2 },
      ],
    });
  });

  it('the built-in set stores one requirement per product type and group, residual solvents conditional only for infused products', () => {
    const stored = PANEL_SET_SCHEMA.toStoredRows(builtInPanelSet());
    expect(stored.filter((r) => r.analyteGroup === 'residual_solvents').map((r) => [r.productType, r.requirement])).toEqual([
      ['concentrate', 'required'],
      ['vape', 'required'],
      ['edible', 'if_solvent_extracted'],
      ['tincture', 'if_solvent_extracted'],
      ['topical', 'if_solvent_extracted'],
      ['other', 'if_solvent_extracted'],
    ]);
    for (const productType of PRODUCT_TYPES) {
      expect(stored.filter((r) => r.productType === productType && r.analyteGroup === 'cannabinoids')).toEqual([
        {
          productType,
          analyteGroup: 'cannabinoids',
          requirement: 'required',
          analytes: ['d9-thc', 'thca', 'cbd', 'cbda'],
          source: expect.stringContaining('9 NYCRR §130.22: cannabinoid profile, every product'),
        },
      ]);
    }
  });

  it('names each bad field and a group required twice for a product type', () => {
    const parsed = validateRuleSet(
      {
        ...header,
        rows: [
          { productTypes: ['flower'], group: 'metals', requirement: 'required' },
          { productTypes: 'all', group: 'metals', requirement: 'if_solvent_extracted' },
          { productTypes: ['bong'], group: 'vibes', requirement: 'maybe' },
        ],
      },
      PANEL_SET_SCHEMA,
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { field: 'rows[1].group', message: 'metals for flower is already named by row 1', row: 2 },
        { field: 'rows[2].productTypes', message: 'unknown product type "bong"', row: 3 },
        { field: 'rows[2].group', message: expect.stringMatching(/^group must be one of cannabinoids, terpenes, .*; got "vibes"$/), row: 3 },
        { field: 'rows[2].requirement', message: 'requirement must be one of required, if_solvent_extracted; got "maybe"', row: 3 },
      ],
    });
  });

  it('keeps a row without a source as null', () => {
    const parsed = validateRuleSet({ ...header, rows: [{ productTypes: 'tincture', group: 'terpenes', requirement: 'required' }] }, PANEL_SET_SCHEMA);
    expect(parsed.ok && PANEL_SET_SCHEMA.toStoredRows(parsed.set)).toEqual([
      { productType: 'tincture', analyteGroup: 'terpenes', requirement: 'required', analytes: null, source: null },
    ]);
  });
});

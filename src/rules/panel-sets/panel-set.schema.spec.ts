import { PRODUCT_TYPES } from '../product-types';
import { validateRuleSet } from '../rule-sets/rule-set-validation';
import { builtInPanelSet } from './built-in-panel-set';
import { PANEL_SET_SCHEMA } from './panel-set.schema';

const header = { name: 'p', effectiveDate: '2026-01-01', source: 's' };

describe('panel sets', () => {
  it('the built-in set validates and names its source', () => {
    expect(builtInPanelSet()).toMatchObject({
      name: 'ny-ocm-2025-draft-panels',
      effectiveDate: '2025-01-01',
      source: expect.stringContaining('ny-testing-rules.md'),
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
        { productType, analyteGroup: 'cannabinoids', requirement: 'required', source: '9 NYCRR §130.22: cannabinoid profile, every product' },
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
      { productType: 'tincture', analyteGroup: 'terpenes', requirement: 'required', source: null },
    ]);
  });
});

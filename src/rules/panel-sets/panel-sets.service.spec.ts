import { PRODUCT_TYPES, ProductType } from '../product-types';
import { inMemoryRuleSetsService, InMemoryRuleSets } from '../rule-sets/rule-sets.spec-kit';
import { PanelSetsService } from './panel-sets.service';

// The rules file's matrix, restated as the expectation the seeded data must produce.
const EXPECTED: Record<ProductType, string[]> = {
  flower: ['cannabinoids', 'foreign_matter', 'metals', 'microbials', 'moisture', 'mycotoxins', 'pesticides', 'terpenes', 'water_activity'],
  'pre-roll': ['cannabinoids', 'foreign_matter', 'metals', 'microbials', 'moisture', 'mycotoxins', 'pesticides', 'terpenes', 'water_activity'],
  concentrate: ['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides', 'residual_solvents', 'terpenes'],
  vape: ['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides', 'residual_solvents', 'terpenes'],
  edible: ['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides'],
  tincture: ['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides'],
  topical: ['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides'],
  other: ['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides'],
};
const ON = { solventExtracted: false, on: new Date('2026-11-25') };

describe('PanelSetsService', () => {
  let repo: InMemoryRuleSets;
  let service: PanelSetsService;
  beforeEach(async () => {
    const core = inMemoryRuleSetsService();
    repo = core.repo;
    service = new PanelSetsService(core.service);
    await service.onApplicationBootstrap();
  });

  it('seeds the built-in set once, as a panels rule set loaded by LabTrace', async () => {
    await service.onApplicationBootstrap();
    expect(repo.sets).toEqual([
      expect.objectContaining({
        kind: 'panels',
        name: 'ny-ocm-2025-panels-v2',
        loadedBy: 'labtrace',
        source: expect.stringContaining('ny-testing-rules.md'),
      }),
    ]);
  });

  it.each(PRODUCT_TYPES)('assigns the data table’s panel to %s', async (productType) => {
    const panel = await service.assignPanel(productType, [], ON);
    expect(panel).toEqual({ panelSetId: repo.sets[0].id, panelSetName: 'ny-ocm-2025-panels-v2', groups: EXPECTED[productType] });
  });

  it.each(['edible', 'tincture', 'topical', 'other'] as ProductType[])('adds residual solvents to a solvent-extracted %s', async (productType) => {
    const panel = await service.assignPanel(productType, [], { ...ON, solventExtracted: true });
    expect(panel.groups).toEqual([...EXPECTED[productType], 'residual_solvents'].sort());
  });

  it('adds requested extra tests without duplicates', async () => {
    const panel = await service.assignPanel('edible', ['terpenes', 'metals'], ON);
    expect(panel.groups).toEqual(['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides', 'terpenes']);
  });

  it('uses the set in force on the day: a newer set applies only from its effective date', async () => {
    const loaded = await service.loadPanelSet({
      name: 'ocm-2027',
      effectiveDate: '2027-01-01',
      source: 'test',
      rows: [{ productTypes: ['flower'], group: 'cannabinoids', requirement: 'required', source: null }],
    });
    expect(loaded).toEqual({ created: true });
    expect(await service.loadPanelSet({ name: 'ocm-2027', effectiveDate: '2027-01-01', source: 'test', rows: [] })).toEqual({ created: false });
    expect((await service.assignPanel('flower', [], { ...ON, on: new Date('2026-12-31T12:00:00Z') })).groups).toEqual(EXPECTED.flower);
    expect(await service.assignPanel('flower', [], { ...ON, on: new Date('2027-01-02T12:00:00Z') })).toMatchObject({
      panelSetName: 'ocm-2027',
      groups: ['cannabinoids'],
    });
  });

  it('lists the analytes each group of a product type requires; a sample without a set of its own gets the one in force', async () => {
    const required = await service.requiredAnalytes({ productType: 'flower', panelSetId: repo.sets[0].id, receivedAt: null });
    expect(required.pesticides).toHaveLength(59);
    expect(required.mycotoxins).toEqual(['aflatoxin-b1', 'aflatoxin-b2', 'aflatoxin-g1', 'aflatoxin-g2', 'ochratoxin-a']);
    expect(required.terpenes).toBeNull();
    expect(required.residual_solvents).toBeUndefined();
    const retest = await service.requiredAnalytes({ productType: 'flower', panelSetId: null, receivedAt: new Date('2026-11-25') });
    expect(retest).toEqual(required);
  });

  it('says how a set requires a group of a product type: always, only if solvent-extracted, or not at all', async () => {
    const setId = repo.sets[0].id;
    expect(await service.requirementOf(setId, 'concentrate', 'residual_solvents')).toBe('required');
    expect(await service.requirementOf(setId, 'edible', 'residual_solvents')).toBe('if_solvent_extracted');
    expect(await service.requirementOf(setId, 'flower', 'residual_solvents')).toBeNull();
    expect(await service.requirementOf(setId, 'edible', 'moisture')).toBeNull();
  });

  it('names a sample’s panel set by id, and nothing for none, an unknown id or a malformed one', async () => {
    expect(await service.nameOf(repo.sets[0].id)).toBe('ny-ocm-2025-panels-v2');
    expect(await service.nameOf(null)).toBeNull();
    expect(await service.nameOf('00000000-0000-4000-8000-999999999999')).toBeNull();
    expect(await service.nameOf('not-a-uuid')).toBeNull();
  });
});

import { UnitOfWork } from '../database/unit-of-work';
import { BUILT_IN_PANEL_SET } from '../rules/panel-sets/built-in-panel-set';
import { PanelSetEntity, PanelSetRowEntity } from '../rules/entities/panel-set.entity';
import { PanelSetsRepository } from '../rules/panel-sets/panel-sets.repository';
import { PanelSetsService } from '../rules/panel-sets/panel-sets.service';
import { PRODUCT_TYPES, ProductType } from '../rules/product-types';

/** In-memory stand-in for the repository: the service's logic is what is under test here. */
class FakePanelSets {
  sets: PanelSetEntity[] = [];
  rows: PanelSetRowEntity[] = [];
  async findByName(name: string) { return this.sets.find((s) => s.name === name) ?? null; }
  async findById(id: string) { return this.sets.find((s) => s.id === id) ?? null; }
  async inForceOn(date: string) {
    return [...this.sets].filter((s) => s.effectiveDate <= date).sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0] ?? null;
  }
  async rowsFor(panelSetId: string, productType: string) { return this.rows.filter((r) => r.panelSetId === panelSetId && r.productType === productType); }
  async insertSet(set: Pick<PanelSetEntity, 'name' | 'effectiveDate' | 'source'>, rows: Array<Omit<PanelSetRowEntity, 'panelSetId'>>) {
    const saved = { ...set, id: `set-${this.sets.length + 1}`, createdAt: new Date() };
    this.sets.push(saved);
    this.rows.push(...rows.map((r) => ({ ...r, panelSetId: saved.id })));
    return saved;
  }
  async lock() {}
}

const uow = { run: <T>(work: () => Promise<T>) => work() } as unknown as UnitOfWork;

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

describe('PanelSetsService', () => {
  let repo: FakePanelSets;
  let service: PanelSetsService;
  beforeEach(async () => {
    repo = new FakePanelSets();
    service = new PanelSetsService(repo as unknown as PanelSetsRepository, uow);
    await service.onApplicationBootstrap();
  });

  it('seeds the built-in set once, with its source', async () => {
    await service.onApplicationBootstrap();
    expect(repo.sets).toHaveLength(1);
    expect(repo.sets[0]).toMatchObject({ name: 'ny-ocm-2025-draft-panels', source: expect.stringContaining('ny-testing-rules.md') });
  });

  it.each(PRODUCT_TYPES)('assigns the data table’s panel to %s', async (productType) => {
    const panel = await service.assignPanel(productType, [], { solventExtracted: false, on: new Date('2026-11-25') });
    expect(panel.groups).toEqual(EXPECTED[productType]);
    expect(panel.panelSetName).toBe(BUILT_IN_PANEL_SET.name);
  });

  it.each(['edible', 'tincture', 'topical', 'other'] as ProductType[])('adds residual solvents to a solvent-extracted %s', async (productType) => {
    const panel = await service.assignPanel(productType, [], { solventExtracted: true, on: new Date('2026-11-25') });
    expect(panel.groups).toEqual([...EXPECTED[productType], 'residual_solvents'].sort());
  });

  it('adds requested extra tests without duplicates', async () => {
    const panel = await service.assignPanel('edible', ['terpenes', 'metals'], { solventExtracted: false, on: new Date('2026-11-25') });
    expect(panel.groups).toEqual(['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides', 'terpenes']);
  });

  it('uses the set in force on the day: a newer set applies only from its effective date', async () => {
    await service.loadPanelSet({ name: 'ocm-2027', effectiveDate: '2027-01-01', source: 'test', rows: [{ productType: 'flower', analyteGroup: 'cannabinoids', requirement: 'required' }] });
    expect((await service.assignPanel('flower', [], { solventExtracted: false, on: new Date('2026-12-31T12:00:00Z') })).groups).toEqual(EXPECTED.flower);
    expect((await service.assignPanel('flower', [], { solventExtracted: false, on: new Date('2027-01-02T12:00:00Z') })).groups).toEqual(['cannabinoids']);
  });
});

import { completeFacts } from './announced-facts';
import { describeDifference, NO_EDIBLE_FACTS, sampleAdded, sampleDifferences, sampleLeftOff } from './transfer-diff';

const stored = completeFacts({
  sampleInventoryId: '1111222233334444',
  inventoryIds: ['9999000011112222', '9999000011113333'],
  productType: 'tincture',
  name: 'Calm Drops',
  quantity: '3.50',
  unit: 'ml',
  requestedTests: ['terpenes', 'moisture'],
  solventExtracted: false,
  collectedAt: '2026-11-30T14:00:00.000Z',
  collectionSite: 'Farm A, bay 2',
  edible: { ...NO_EDIBLE_FACTS },
});

describe('sampleDifferences', () => {
  it('finds none for the same announcement written differently', () => {
    expect(
      sampleDifferences(stored, {
        ...stored,
        quantity: '3.5',
        inventoryIds: ['9999000011113333', '9999000011112222'],
        requestedTests: ['moisture', 'terpenes'],
        collectedAt: '2026-11-30T09:00:00-05:00',
      }),
    ).toEqual([]);
  });

  it('names each differing field with the stored and the sent value', () => {
    expect(sampleDifferences(stored, { ...stored, productType: 'vape', quantity: '4', solventExtracted: true, requestedTests: ['terpenes'] })).toEqual([
      { inventoryId: '1111222233334444', field: 'productType', stored: 'tincture', sent: 'vape' },
      { inventoryId: '1111222233334444', field: 'quantity', stored: '3.50', sent: '4' },
      { inventoryId: '1111222233334444', field: 'requestedTests', stored: ['moisture', 'terpenes'], sent: ['terpenes'] },
      { inventoryId: '1111222233334444', field: 'solventExtracted', stored: false, sent: true },
    ]);
  });

  it('compares every announced fact: lots, name, unit, collection, edible facts', () => {
    const sent = {
      ...stored,
      inventoryIds: ['9999000011112222'],
      name: 'Calm Drops 2',
      unit: 'l',
      collectedAt: null,
      collectionSite: 'Farm B',
      edible: { ...NO_EDIBLE_FACTS, servingsPerPackage: '10', packageNetWeightG: '30', claimBasis: 'serving' as const, claimTotalThcMg: '5' },
    };
    expect(sampleDifferences(stored, sent).map((d) => d.field)).toEqual([
      'lotInventoryIds',
      'name',
      'unit',
      'collectedAt',
      'collectionSite',
      'edible.servingsPerPackage',
      'edible.packageNetWeightG',
      'edible.labelClaim.totalThcMg',
      'edible.labelClaim.per',
    ]);
  });

  it('compares edible decimals as numbers', () => {
    const withFacts = { ...stored, edible: { ...NO_EDIBLE_FACTS, servingsPerPackage: '10', packageNetWeightG: '30.0' } };
    expect(sampleDifferences(withFacts, { ...withFacts, edible: { ...withFacts.edible, servingsPerPackage: '10.00', packageNetWeightG: '30' } })).toEqual([]);
  });

  it('leaves out facts a source does not state (the state system lists no requested tests)', () => {
    const { requestedTests: _r, solventExtracted: _s, collectedAt: _c, collectionSite: _cs, edible: _e, ...basic } = stored;
    expect(sampleDifferences(stored, basic)).toEqual([]);
  });

  it('treats a blank collection site as none', () => {
    const none = { ...stored, collectionSite: null };
    expect(sampleDifferences(none, { ...none, collectionSite: '  ' })).toEqual([]);
  });
});

describe('describeDifference', () => {
  it('reads as field: stored, sent', () => {
    expect(describeDifference({ inventoryId: '1111222233334444', field: 'quantity', stored: '3.50', sent: '4' })).toBe(
      '1111222233334444 quantity: stored 3.50, sent 4',
    );
    expect(describeDifference({ inventoryId: '1', field: 'requestedTests', stored: [], sent: ['residual_solvents'] })).toBe(
      '1 requestedTests: stored [], sent [residual_solvents]',
    );
    expect(describeDifference({ inventoryId: '1', field: 'collectionSite', stored: null, sent: 'Farm B' })).toBe('1 collectionSite: stored none, sent Farm B');
    expect(describeDifference(sampleLeftOff('1'))).toBe('1 is on the manifest but not in this announcement');
    expect(describeDifference(sampleAdded('2'))).toBe('2 is new to the manifest');
  });
});

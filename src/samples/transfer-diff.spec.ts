import { describeDifferences } from './transfer-diff';

const stored = {
  sampleInventoryId: '1111222233334444',
  inventoryIds: ['9999000011112222', '9999000011113333'],
  productType: 'flower',
  name: 'Blue Dream',
  quantity: '3.50',
  unit: 'g',
  licenseNumber: 'OCM-CULT-24-000123',
  manifestId: 'M-1',
};

describe('describeDifferences', () => {
  it('finds none for the same announcement written differently', () => {
    expect(describeDifferences(stored, { ...stored, quantity: '3.5', inventoryIds: ['9999000011113333', '9999000011112222'] })).toEqual([]);
  });
  it('names each differing field with both values', () => {
    expect(describeDifferences(stored, { ...stored, productType: 'vape', quantity: '4' })).toEqual([
      '1111222233334444 productType: stored flower, announced vape',
      '1111222233334444 quantity: stored 3.50, announced 4',
    ]);
  });
  it('notices a sample moved to another manifest or licensee', () => {
    expect(describeDifferences(stored, { ...stored, manifestId: 'M-2', licenseNumber: 'OCM-CULT-24-000999' })).toHaveLength(2);
  });
});

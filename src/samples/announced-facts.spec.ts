import { announcedFactsIn, completeFacts, edibleValuesOf } from './announced-facts';
import { NO_EDIBLE_FACTS } from './transfer-diff';

const basic = {
  sampleInventoryId: '1111222233334444',
  inventoryIds: ['9999000011112222'],
  productType: 'flower',
  name: 'Blue Dream',
  quantity: '3.5',
  unit: 'g',
};

describe('announced facts', () => {
  it('fills what an announcement left out as a first announcement stores it', () => {
    expect(completeFacts(basic)).toEqual({
      ...basic,
      requestedTests: [],
      solventExtracted: false,
      collectedAt: null,
      collectionSite: null,
      edible: NO_EDIBLE_FACTS,
    });
  });

  it('reads the facts kept with an announced custody event, and none from an event that kept none', () => {
    const kept = completeFacts({ ...basic, solventExtracted: true, requestedTests: ['terpenes'] });
    expect(announcedFactsIn({ manifestId: 'M-1', origin: 'licensee_api', announced: kept })).toEqual(kept);
    expect(announcedFactsIn({ manifestId: 'M-1', origin: 'licensee_api' })).toBeNull();
    expect(announcedFactsIn(null)).toBeNull();
  });

  it('maps sent edible facts onto the columns, a missing claim as none', () => {
    expect(edibleValuesOf({ servingsPerPackage: '10', packageNetWeightG: '30' })).toEqual({
      ...NO_EDIBLE_FACTS,
      servingsPerPackage: '10',
      packageNetWeightG: '30',
    });
    expect(edibleValuesOf({ servingsPerPackage: '10', packageNetWeightG: '30', labelClaim: { per: 'serving', totalThcMg: '5' } })).toMatchObject({
      claimBasis: 'serving',
      claimTotalThcMg: '5',
      claimTotalCbdMg: null,
    });
    expect(edibleValuesOf(undefined)).toEqual(NO_EDIBLE_FACTS);
  });
});

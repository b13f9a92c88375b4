import { changedEdibleFacts } from './edible-facts-change';

const ANNOUNCED = {
  servingsPerPackage: '5',
  packageNetWeightG: '40.000',
  servingWeightG: null,
  claimTotalThcMg: '50',
  claimTotalCbdMg: null,
  claimBasis: 'package' as const,
};

describe('changedEdibleFacts', () => {
  it('names announced facts receipt changes: 5 servings typed as 10 makes 16 mg/serving read as 8', () => {
    expect(changedEdibleFacts(ANNOUNCED, { ...ANNOUNCED, servingsPerPackage: '10' })).toEqual(['servingsPerPackage']);
    expect(changedEdibleFacts(ANNOUNCED, { ...ANNOUNCED, packageNetWeightG: '39.5', claimBasis: 'serving' })).toEqual(['packageNetWeightG', 'claimBasis']);
  });

  it('counts clearing an announced fact as a change', () => {
    expect(changedEdibleFacts(ANNOUNCED, { ...ANNOUNCED, claimTotalThcMg: null, claimBasis: null })).toEqual(['claimTotalThcMg', 'claimBasis']);
  });

  it('compares numbers as numbers, and leaves facts the announcement did not give to the receiver', () => {
    expect(changedEdibleFacts(ANNOUNCED, { ...ANNOUNCED, servingsPerPackage: '5.0', packageNetWeightG: '40', servingWeightG: '4' })).toEqual([]);
    expect(changedEdibleFacts({}, { servingsPerPackage: '10', packageNetWeightG: '40' })).toEqual([]);
  });

  it('changes nothing when receipt sends no edible facts', () => {
    expect(changedEdibleFacts(ANNOUNCED, undefined)).toEqual([]);
  });
});

import { edibleColumns, edibleFactProblems, edibleFactsOf, edibleMeasuresOf } from './edible-facts';

describe('edible facts on the sample', () => {
  const sent = { servingsPerPackage: '10', packageNetWeightG: '40', servingWeightG: '4', labelClaim: { per: 'serving' as const, totalThcMg: '10' } };

  it('stores what was sent as columns and gives it back in the same shape', () => {
    const columns = edibleColumns(sent)!;
    expect(columns).toEqual({
      servingsPerPackage: '10',
      packageNetWeightG: '40',
      servingWeightG: '4',
      claimTotalThcMg: '10',
      claimTotalCbdMg: null,
      claimBasis: 'serving',
    });
    expect(edibleFactsOf(columns)).toEqual(sent);
    expect(edibleMeasuresOf(columns)).toEqual({ servingsPerPackage: '10', packageNetWeightG: '40', servingWeightG: '4' });
    expect(edibleMeasuresOf({ servingsPerPackage: '10', packageNetWeightG: null })).toBeNull();
  });

  it('names each missing fact of an edible and a serving heavier than its package', () => {
    expect(edibleFactProblems({}, 'edible', true).map((p) => p.field)).toEqual(['edible.servingsPerPackage', 'edible.packageNetWeightG']);
    expect(edibleFactProblems({}, 'edible', false)).toEqual([]);
    expect(edibleFactProblems({ servingsPerPackage: '2', packageNetWeightG: '10', servingWeightG: '10.5' }, 'samples.0.edible', false)).toEqual([
      { field: 'samples.0.edible.servingWeightG', message: 'samples.0.edible.servingWeightG (10.5 g) cannot be more than packageNetWeightG (10 g)' },
    ]);
  });
});

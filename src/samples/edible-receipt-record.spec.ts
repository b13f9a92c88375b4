import { edibleReceiptRecord } from './edible-receipt-record';

/** The `sample.received` audit's snapshots as sample-receiving writes them. */
const snapshot = (servings: string, claim: { per: string; totalThcMg: string; totalCbdMg: string | null } | null = null) => ({
  status: 'received',
  edible: { servingsPerPackage: servings, packageNetWeightG: '40', servingWeightG: '4' },
  labelClaim: claim,
});
const event = (before: unknown, after: unknown, reason: string | null = 'Counted 10 gummies') => ({
  action: 'sample.received',
  actor: { label: 'Ana Ruiz <ana@lab.example>' },
  before,
  after,
  reason,
});

describe('edibleReceiptRecord', () => {
  it('gives each announced fact the receipt changed, announced and received, with who and why', () => {
    expect(edibleReceiptRecord(event(snapshot('5'), snapshot('10')))).toEqual({
      changes: [{ fact: 'servingsPerPackage', announced: '5', received: '10' }],
      by: 'Ana Ruiz <ana@lab.example>',
      reason: 'Counted 10 gummies',
    });
  });

  it('reads label claim changes, a cleared claim included', () => {
    const claim = { per: 'serving', totalThcMg: '10', totalCbdMg: null };
    expect(edibleReceiptRecord(event(snapshot('10', claim), snapshot('10', { ...claim, per: 'package', totalThcMg: '100' })))?.changes).toEqual([
      { fact: 'claimTotalThcMg', announced: '10', received: '100' },
      { fact: 'claimBasis', announced: 'serving', received: 'package' },
    ]);
    expect(edibleReceiptRecord(event(snapshot('10', claim), snapshot('10', null)))?.changes).toEqual([
      { fact: 'claimTotalThcMg', announced: '10', received: null },
      { fact: 'claimBasis', announced: 'serving', received: null },
    ]);
  });

  it('is null when nothing announced was changed: same numbers, facts only given at receipt, or not a receipt', () => {
    expect(edibleReceiptRecord(event(snapshot('10'), { ...snapshot('10.0') }))).toBeNull();
    expect(edibleReceiptRecord(event({ status: 'announced', edible: null, labelClaim: null }, snapshot('10')))).toBeNull();
    expect(edibleReceiptRecord({ ...event(snapshot('5'), snapshot('10')), action: 'sample.rejected' })).toBeNull();
  });
});

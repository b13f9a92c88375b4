import { coaIdentityFindings, coaIdentityFlags, coaIdentityWarnings, type CoaIdentity, type IdentifiedSample } from './coa-identity-flags';

const OURS: IdentifiedSample = {
  id: 's-1',
  labCode: 'LT-2612-000041',
  sampleInventoryId: '6200000000000041',
  inventoryIds: ['6200000000000900'],
  name: 'Sour Diesel 3.5g',
  productType: 'flower',
};
const SC_LABS: CoaIdentity = {
  labName: 'SC Laboratories California LLC',
  sampleIds: ['211116M007', '211116M007-001'],
  inventoryIds: ['1A406030000633F000008330'],
  productName: 'Cherry Punch',
  productType: 'flower',
};
const BY_SAMPLE_ID = { bySampleId: true, named: [] };
const IDENTITY_SUFFIX = 'it was attached to LT-2612-000041 by sampleId';

describe('coaIdentityFindings', () => {
  it('flags another lab’s COA attached by sampleId, saying what the COA names and what the sample is', () => {
    expect(coaIdentityFindings(SC_LABS, OURS, BY_SAMPLE_ID)).toEqual([
      {
        sampleId: 's-1',
        labCode: 'LT-2612-000041',
        kind: 'coa_identity',
        message:
          'The COA of SC Laboratories California LLC names sample ids 211116M007, 211116M007-001 and inventory id 1A406030000633F000008330 ' +
          `(product "Cherry Punch"), none of them sample LT-2612-000041's (inventory id 6200000000000041, lot 6200000000000900, "Sour Diesel 3.5g"); ${IDENTITY_SUFFIX}`,
      },
    ]);
  });

  it('finds the sample named by its lab code, its inventory tag or its lot, ignoring case and spaces', () => {
    const naming = (sampleIds: string[], inventoryIds: string[] = []) => coaIdentityFindings({ ...SC_LABS, sampleIds, inventoryIds }, OURS, BY_SAMPLE_ID);
    expect(naming(['lt-2612-000041'])).toEqual([]);
    expect(naming(['211116M007'], ['6200 0000 0000 0041'])).toEqual([]);
    expect(naming(['211116M007'], ['6200000000000900'])).toEqual([]);
    // A product name alone is no identity: the same strain name is on many lots' COAs.
    expect(naming(['211116M007']).map((f) => f.kind)).toEqual(['coa_identity']);
    expect(coaIdentityFindings({ ...SC_LABS, productName: 'Sour Diesel 3.5g' }, OURS, BY_SAMPLE_ID).map((f) => f.kind)).toEqual(['coa_identity']);
  });

  it('flags a COA of another sample of ours even when it shares the lot (a retest given its parent’s COA)', () => {
    const parentCoa = { ...SC_LABS, labName: undefined, sampleIds: ['LT-2612-000007'], inventoryIds: ['6200000000000007', '6200000000000900'] };
    const named = [{ sample: { id: 's-parent', labCode: 'LT-2612-000007' }, by: 'lab sample code' as const }];
    expect(coaIdentityFindings(parentCoa, OURS, { bySampleId: true, named })).toEqual([
      expect.objectContaining({
        kind: 'coa_identity',
        message: `The COA is for our sample LT-2612-000007 (by lab sample code), not LT-2612-000041; ${IDENTITY_SUFFIX}`,
      }),
    ]);
    // Named by its own id too: it is this sample's COA, whatever else it names.
    expect(coaIdentityFindings({ ...parentCoa, sampleIds: ['LT-2612-000007', 'LT-2612-000041'] }, OURS, { bySampleId: true, named })).toEqual([]);
  });

  it('flags a COA that names no sample id at all', () => {
    expect(coaIdentityFindings({ ...SC_LABS, sampleIds: [' '], inventoryIds: [] }, OURS, BY_SAMPLE_ID).map((f) => f.message)).toEqual([
      `The COA of SC Laboratories California LLC names no sample id, so nothing on it ties it to sample LT-2612-000041 (inventory id 6200000000000041, lot 6200000000000900, "Sour Diesel 3.5g"); ${IDENTITY_SUFFIX}`,
    ]);
  });

  it('asks no identity of a sample the COA’s own ids found', () => {
    expect(coaIdentityFindings(SC_LABS, OURS, { bySampleId: false, named: [{ sample: OURS, by: 'sampled lot' }] })).toEqual([]);
  });

  it('flags a product type other than the sample’s, however the sample was found', () => {
    const gummy = { ...SC_LABS, sampleIds: ['LT-2612-000041'], productType: 'edible' };
    expect(coaIdentityFindings(gummy, OURS, { bySampleId: false, named: [] })).toEqual([
      {
        sampleId: 's-1',
        labCode: 'LT-2612-000041',
        kind: 'coa_product_type',
        message:
          'The COA of SC Laboratories California LLC is for an edible; sample LT-2612-000041 is a flower and its results are judged by the flower limits',
      },
    ]);
    expect(coaIdentityFindings({ ...gummy, labName: undefined, productType: 'other' }, OURS, BY_SAMPLE_ID).map((f) => f.message)).toEqual([
      'The COA is for a product of no named type (other); sample LT-2612-000041 is a flower and its results are judged by the flower limits',
    ]);
    // A COA that prints no product type is no finding.
    expect(coaIdentityFindings({ ...gummy, productType: undefined }, OURS, BY_SAMPLE_ID)).toEqual([]);
  });
});

describe('coaIdentityFlags and coaIdentityWarnings', () => {
  it('make each finding a QC flag on the whole sample and the answer’s warning', () => {
    const findings = coaIdentityFindings({ ...SC_LABS, productType: 'vape' }, OURS, BY_SAMPLE_ID);
    expect(coaIdentityFlags(findings, 'run-1').map((f) => [f.sampleId, f.importId, f.analyteGroup, f.analyte, f.kind])).toEqual([
      ['s-1', 'run-1', null, null, 'coa_identity'],
      ['s-1', 'run-1', null, null, 'coa_product_type'],
    ]);
    expect(coaIdentityWarnings(findings)[1]).toBe(
      'LT-2612-000041: The COA of SC Laboratories California LLC is for a vape; sample LT-2612-000041 is a flower and its results are judged by the flower limits; ' +
        'a QC flag holds the sample back from release until it is resolved.',
    );
  });
});

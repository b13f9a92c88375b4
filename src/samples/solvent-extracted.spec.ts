import { changesAnnouncement, SOLVENT_EXTRACTED_DETAIL, solventExtractedAtReceipt, solventExtractedIn } from './solvent-extracted';

describe('solventExtractedAtReceipt', () => {
  it('keeps the announcement, unconfirmed, when the technician gives no value', () => {
    const r = solventExtractedAtReceipt(false, undefined, 'licensee_api');
    expect(r).toEqual({ value: false, announced: false, confirmedAtReceipt: false, announcedBy: 'licensee_api' });
    expect(changesAnnouncement(r)).toBe(false);
  });

  it('records a confirmation of the announced value as no change', () => {
    const r = solventExtractedAtReceipt(true, true, 'licensee_api');
    expect(r).toEqual({ value: true, announced: true, confirmedAtReceipt: true, announcedBy: 'licensee_api' });
    expect(changesAnnouncement(r)).toBe(false);
  });

  it('takes the technician’s value over the announcement and calls it a change', () => {
    const r = solventExtractedAtReceipt(false, true, 'state_sync');
    expect(r).toEqual({ value: true, announced: false, confirmedAtReceipt: true, announcedBy: 'state_sync' });
    expect(changesAnnouncement(r)).toBe(true);
  });
});

describe('solventExtractedIn', () => {
  it('reads the record back from custody details', () => {
    const record = solventExtractedAtReceipt(true, false, 'licensee_api');
    expect(solventExtractedIn({ labCode: 'LT-1', [SOLVENT_EXTRACTED_DETAIL]: record })).toEqual(record);
  });

  it('keeps a record whose transfer was not found (no origin)', () => {
    const record = solventExtractedAtReceipt(false, undefined, null);
    expect(solventExtractedIn({ [SOLVENT_EXTRACTED_DETAIL]: record })).toEqual({
      value: false,
      announced: false,
      confirmedAtReceipt: false,
      announcedBy: null,
    });
  });

  it('gives null for receipts that kept none, or a malformed one', () => {
    expect(solventExtractedIn(null)).toBeNull();
    expect(solventExtractedIn({ labCode: 'LT-1' })).toBeNull();
    expect(
      solventExtractedIn({ [SOLVENT_EXTRACTED_DETAIL]: { value: 'no', announced: false, confirmedAtReceipt: true, announcedBy: 'licensee_api' } }),
    ).toBeNull();
    expect(solventExtractedIn({ [SOLVENT_EXTRACTED_DETAIL]: { value: false, announced: false, confirmedAtReceipt: true, announcedBy: 'fax' } })).toBeNull();
  });
});

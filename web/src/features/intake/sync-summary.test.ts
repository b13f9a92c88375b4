import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeClaim, syncSummary } from './sync-summary';

const claim = {
  inventoryId: '1234567890123456',
  sampleId: '6f1c2c1e-0000-4000-8000-000000000001',
  from: { licenseNumber: 'OCM-CULT-24-000001', manifestId: 'ALPHA-1' },
  to: { licenseNumber: 'OCM-CULT-24-000002', manifestId: 'BETA-7' },
};

describe('sync summary', () => {
  it('counts what came in, and names takeovers only when there are any', () => {
    assert.equal(syncSummary({ created: 2, unchanged: 1, conflicts: [], claimed: [] }), '2 new, 1 already known');
    assert.equal(
      syncSummary({ created: 1, unchanged: 0, conflicts: [{}], claimed: [claim] }),
      '1 new, 0 already known, 1 could not be taken in, 1 taken over from another licensee’s announcement',
    );
  });

  it('says who announced a taken-over tag and whose the state system says it is', () => {
    assert.equal(
      describeClaim(claim, 'BioTrack'),
      '1234567890123456: announced by OCM-CULT-24-000001 (manifest ALPHA-1); BioTrack lists it as sent by OCM-CULT-24-000002 (manifest BETA-7)',
    );
  });
});

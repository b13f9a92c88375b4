import { BIOTRACK_IDS } from '../biotrack/biotrack-ids';
import { METRC_LABELS } from '../metrc/metrc-ids';
import { describeStateSystem, inventoryIdLabel } from './state-system';

describe('describeStateSystem', () => {
  it('names BioTrack, its 16-digit tags, and receipt through its API', () => {
    expect(describeStateSystem({ displayName: 'BioTrack', inventoryIds: BIOTRACK_IDS })).toEqual({
      name: 'BioTrack',
      inventoryIdLabel: '16-digit inventory tag',
      inventoryIdPattern: '^\\d{16}$',
      inventoryIdDescription: 'exactly 16 digits',
      receivesInState: true,
    });
  });

  it("names Metrc, its 24-character package labels, and a receipt that belongs in Metrc's UI", () => {
    expect(describeStateSystem({ displayName: 'Metrc', inventoryIds: METRC_LABELS, receivesInState: false })).toEqual({
      name: 'Metrc',
      inventoryIdLabel: '24-character package label',
      inventoryIdPattern: '^[0-9A-Z]{24}$',
      inventoryIdDescription: 'a 24-character Metrc package label (digits and capital letters)',
      receivesInState: false,
    });
  });

  it('falls back to "inventory id" for a syntax of another shape', () => {
    expect(inventoryIdLabel(/^LOT-\d+$/)).toBe('inventory id');
  });
});

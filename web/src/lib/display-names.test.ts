import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyteName, groupName, humanizeMessage } from './display-names';

describe('display names', () => {
  it('names every canonical group in words', () => {
    assert.equal(groupName('foreign_matter'), 'Foreign matter');
    assert.equal(groupName('water_activity'), 'Water activity');
    assert.equal(groupName('metals'), 'Heavy metals');
    assert.equal(groupName('residual_solvents'), 'Residual solvents');
    assert.equal(groupName('some_new_group'), 'some new group');
  });

  it('names an analyte from the vocabulary and keeps an unknown id', () => {
    const vocabulary = [
      { id: 'd9-thc', name: 'Δ9-THC' },
      { id: 'water-activity', name: 'Water activity' },
    ];
    assert.equal(analyteName('d9-thc', vocabulary), 'Δ9-THC');
    assert.equal(analyteName('myclobutanil', vocabulary), 'myclobutanil');
    assert.equal(analyteName('d9-thc', null), 'd9-thc');
  });

  it('rewrites group ids inside an API message and leaves other words alone', () => {
    assert.equal(
      humanizeMessage('Sample LT-2612-000001 cannot be submitted: no results for foreign_matter, water_activity; metals is missing 1: Lead'),
      'Sample LT-2612-000001 cannot be submitted: no results for Foreign matter, Water activity; metals is missing 1: Lead',
    );
    assert.equal(humanizeMessage('received_quantity must be a decimal'), 'received_quantity must be a decimal');
  });
});

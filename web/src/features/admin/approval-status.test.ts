import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { statusLabel } from './approval-status';

const ann = { id: 'a1' };
const bo = { id: 'b2' };

describe('approval status labels', () => {
  test('a request its requester closed reads withdrawn; one closed by another admin (demoting them) reads cancelled', () => {
    assert.equal(statusLabel({ status: 'cancelled', requestedBy: ann, decidedBy: ann }), 'withdrawn');
    assert.equal(statusLabel({ status: 'cancelled', requestedBy: ann, decidedBy: bo }), 'cancelled');
    assert.equal(statusLabel({ status: 'cancelled', requestedBy: ann, decidedBy: { id: null } }), 'cancelled');
  });

  test('decided and pending requests read as their status', () => {
    assert.equal(statusLabel({ status: 'rejected', requestedBy: ann, decidedBy: bo }), 'rejected');
    assert.equal(statusLabel({ status: 'pending', requestedBy: ann, decidedBy: null }), 'pending');
    assert.equal(statusLabel({ status: 'approved', requestedBy: { id: null }, decidedBy: { id: null } }), 'approved');
  });
});

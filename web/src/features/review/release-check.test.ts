import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMe } from './release-check';

test('the person who entered a result is recognised in either way the API writes it', () => {
  assert.equal(isMe('Morgan Manager <manager@demo.lab>', 'Manager@demo.lab'), true);
  assert.equal(isMe('manager@demo.lab', 'manager@demo.lab'), true);
  assert.equal(isMe('Mel Second-Manager <manager2@demo.lab>', 'manager@demo.lab'), false);
  assert.equal(isMe(null, 'manager@demo.lab'), false);
});

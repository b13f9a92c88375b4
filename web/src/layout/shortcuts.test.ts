import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchShortcut, SHORTCUTS } from './shortcuts';

describe('keyboard shortcuts', () => {
  it('matches a two-key move and waits after its first key', () => {
    assert.deepEqual(matchShortcut(['g'], SHORTCUTS), { partial: true });
    assert.equal(matchShortcut(['g', 'i'], SHORTCUTS).done?.to, '/intake');
    assert.equal(matchShortcut(['g', 'r'], SHORTCUTS).done?.to, '/review');
  });

  it('knows the one-key moves and nothing else', () => {
    assert.equal(matchShortcut(['?'], SHORTCUTS).done?.action, 'help');
    assert.equal(matchShortcut(['/'], SHORTCUTS).done?.action, 'search');
    assert.deepEqual(matchShortcut(['x'], SHORTCUTS), { partial: false });
    assert.deepEqual(matchShortcut(['g', 'x'], SHORTCUTS), { partial: false });
  });

  it('gives every shortcut its own keys', () => {
    const seen = new Set(SHORTCUTS.map((s) => s.keys.join(' ')));
    assert.equal(seen.size, SHORTCUTS.length);
  });
});

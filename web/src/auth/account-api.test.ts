import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeAgent } from '../features/admin/user-agent';
import { formatWait, lockoutMessage, newPasswordProblems, passwordLength, retryAfterSeconds } from './account-api';

describe('sign-in lockout wording', () => {
  test('the wait in words, rounded up', () => {
    assert.equal(formatWait(900), '15 minutes');
    assert.equal(formatWait(899), '15 minutes');
    assert.equal(formatWait(61), '2 minutes');
    assert.equal(formatWait(60), '1 minute');
    assert.equal(formatWait(1), '1 second');
    assert.equal(formatWait(32), '32 seconds');
    assert.equal(formatWait(0.2), '1 second');
    assert.equal(formatWait(3 * 3600), '3 hours');
    assert.equal(lockoutMessage(900), 'Too many failed sign-ins. Try again in 15 minutes.');
  });

  test('Retry-After as seconds or an HTTP date, else the body', () => {
    assert.equal(retryAfterSeconds('900', null), 900);
    const now = Date.parse('2026-12-02T03:00:00Z');
    assert.equal(retryAfterSeconds('Wed, 02 Dec 2026 03:15:00 GMT', null, now), 900);
    assert.equal(retryAfterSeconds(null, { retryAfterSeconds: 42 }), 42);
    assert.equal(retryAfterSeconds('soon', { retryAfterSeconds: 7 }), 7);
    assert.equal(retryAfterSeconds(null, [{ field: 'x', message: 'y' }]), null);
  });
});

describe('new password checks before sending', () => {
  test('twelve characters counted as the server counts them, the same twice', () => {
    assert.deepEqual(newPasswordProblems('correct horse', 'correct horse'), {});
    assert.deepEqual(newPasswordProblems('short', 'short'), { newPassword: 'Use at least 12 characters' });
    assert.deepEqual(newPasswordProblems('correct horse', 'correct hors'), { confirm: 'The two new passwords are not the same' });
    // Eleven emoji are eleven characters (22 UTF-16 units): still too short.
    assert.equal(passwordLength('🔑'.repeat(11)), 11);
    assert.equal(newPasswordProblems('🔑'.repeat(11), '🔑'.repeat(11)).newPassword, 'Use at least 12 characters');
  });
});

describe('session list', () => {
  test('the program a session came from', () => {
    assert.equal(
      describeAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36'),
      'Headless Chrome on Linux',
    );
    assert.equal(describeAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'), 'Firefox on Windows');
    assert.equal(describeAgent('curl/7.88.1'), 'curl');
    assert.equal(describeAgent(null), 'Unknown program');
  });
});

import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test_0123456789';
  const body = JSON.stringify({ type: 'coa.released', data: { inventoryId: '1234567890123456' } });
  const now = Date.parse('2026-11-25T12:00:00Z');
  const t = now / 1000;

  it('follows the documented recipe: HMAC-SHA256 over "<t>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(secret, t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies its own signature and refuses a changed body, another secret, or an old timestamp', () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhook(secret, header, body, now)).toBe(true);
    expect(verifyWebhook(secret, header, body.replace('coa', 'xyz'), now)).toBe(false);
    expect(verifyWebhook('another-secret', header, body, now)).toBe(false);
    expect(verifyWebhook(secret, header, body, now + 301_000)).toBe(false);
    expect(verifyWebhook(secret, 'garbage', body, now)).toBe(false);
  });
});

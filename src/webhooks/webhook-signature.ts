import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signing recipe, documented for licensees: the header `X-LabTrace-Signature: t=<unix seconds>,
 * v1=<hex>`, where hex is HMAC-SHA256 with the endpoint's secret over `<t>.<raw request body>`.
 * Receivers recompute it, compare in constant time, and reject timestamps older than a few minutes.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export function verifyWebhook(secret: string, header: string, body: string, now = Date.now(), toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1 || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body).split('v1=')[1], 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

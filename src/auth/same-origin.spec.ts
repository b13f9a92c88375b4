import { AuthErrorCode } from './auth.errors';
import { crossOriginRefused, fromBrowser, isSameOrigin, isWrite } from './same-origin';

const OWN = 'https://lims.lab.example';

describe('same-origin writes', () => {
  it('counts every method but GET, HEAD and OPTIONS as a write', () => {
    expect(['GET', 'head', 'OPTIONS', undefined].map(isWrite)).toEqual([false, false, false, false]);
    expect(['POST', 'PUT', 'patch', 'DELETE'].map(isWrite)).toEqual([true, true, true, true]);
  });

  it('accepts the own origin exactly, or the browser’s Sec-Fetch-Site: same-origin', () => {
    expect(isSameOrigin({ origin: OWN }, OWN)).toBe(true);
    // The Vite dev server or 127.0.0.1 for localhost: another Origin, but the browser vouches for same-origin.
    expect(isSameOrigin({ origin: 'http://localhost:5173', 'sec-fetch-site': 'same-origin' }, 'http://localhost:3000')).toBe(true);
    expect(isSameOrigin({ 'sec-fetch-site': 'same-origin' }, OWN)).toBe(true);
  });

  it('refuses a sibling subdomain, another port, a null or no Origin, and a same-site fetch', () => {
    expect(isSameOrigin({ origin: 'https://evil.lab.example', 'sec-fetch-site': 'same-site' }, OWN)).toBe(false);
    expect(isSameOrigin({ origin: 'https://lims.lab.example:8443' }, OWN)).toBe(false);
    expect(isSameOrigin({ origin: `${OWN}.evil.example` }, OWN)).toBe(false);
    expect(isSameOrigin({ origin: 'null' }, OWN)).toBe(false);
    expect(isSameOrigin({ origin: [OWN, OWN] }, OWN)).toBe(false);
    expect(isSameOrigin({}, OWN)).toBe(false);
    expect(isSameOrigin({ 'sec-fetch-site': 'cross-site' }, OWN)).toBe(false);
  });

  it('recognises a browser by Origin or Sec-Fetch-Site; machine clients send neither', () => {
    expect(fromBrowser({ origin: OWN })).toBe(true);
    expect(fromBrowser({ 'sec-fetch-site': 'same-origin' })).toBe(true);
    expect(fromBrowser({ 'sec-fetch-mode': 'cors', 'user-agent': 'node' })).toBe(false);
  });

  it('refuses with 403 CROSS_ORIGIN_REFUSED naming both origins', () => {
    const error = crossOriginRefused({ origin: 'https://evil.example' }, OWN);
    expect(error.status).toBe(403);
    expect(error.code).toBe(AuthErrorCode.CROSS_ORIGIN_REFUSED);
    expect(error.message).toBe(
      "A change made with the session cookie must come from the console's own page (https://lims.lab.example); this one came from https://evil.example. Scripts send Authorization: Bearer <token> instead of the cookie.",
    );
    expect(error.details).toEqual({ origin: 'https://evil.example', expectedOrigin: OWN });
    expect(crossOriginRefused({}, OWN).message).toMatch(/this one came with no Origin header\./);
  });
});

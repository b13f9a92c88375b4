import { AuthError, AuthErrorCode } from './auth.errors';

type Headers = Record<string, string | string[] | undefined>;

/** Methods that change nothing; every other one is a write. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

export function isWrite(method: string | undefined): boolean {
  return !SAFE_METHODS.has((method ?? 'GET').toUpperCase());
}

/**
 * A browser sent this request. Browsers put `Origin` on every request that is not GET or HEAD and
 * `Sec-Fetch-Site` on every request to a secure or loopback origin, and a page's script can remove
 * neither; machine clients (curl, Node's fetch, supertest) send neither unless told to.
 */
export function fromBrowser(headers: Headers): boolean {
  return header(headers, 'origin') !== undefined || header(headers, 'sec-fetch-site') !== undefined;
}

/**
 * The request comes from a page of the app's own origin: `Origin` is exactly `ownOrigin`
 * (PUBLIC_BASE_URL's), or the browser says `Sec-Fetch-Site: same-origin` (the console behind the Vite
 * dev server or at another name of the same host, e.g. 127.0.0.1 for localhost). A sibling subdomain
 * or another localhost port is same-site, not same-origin, and fails both; so does no header at all.
 */
export function isSameOrigin(headers: Headers, ownOrigin: string): boolean {
  return header(headers, 'origin') === ownOrigin || header(headers, 'sec-fetch-site') === 'same-origin';
}

/** 403 for a cookie-authenticated write that no page of the app's own origin sent. */
export function crossOriginRefused(headers: Headers, ownOrigin: string): AuthError {
  const origin = header(headers, 'origin')?.slice(0, 200) ?? null;
  const from = origin === null ? 'with no Origin header' : `from ${origin}`;
  return new AuthError(
    AuthErrorCode.CROSS_ORIGIN_REFUSED,
    `A change made with the session cookie must come from the console's own page (${ownOrigin}); this one came ${from}. Scripts send Authorization: Bearer <token> instead of the cookie.`,
    { origin, expectedOrigin: ownOrigin },
  );
}

/** Refuses (crossOriginRefused) a request carried by the session cookie that no page of the app's own origin sent. */
export function refuseCrossOriginCookieUse(via: 'bearer' | 'cookie' | undefined, headers: Headers, ownOrigin: string): void {
  if (via === 'cookie' && !isSameOrigin(headers, ownOrigin)) throw crossOriginRefused(headers, ownOrigin);
}

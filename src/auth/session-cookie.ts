/** Name of the console's httpOnly session cookie over plain HTTP (development); machines use the Authorization header. */
export const SESSION_COOKIE = 'labtrace_session';

/**
 * Its name when Secure (production, or behind a TLS proxy): browsers accept a `__Host-` cookie only
 * if Secure, Path=/ and without Domain, so a sibling subdomain cannot plant or overwrite it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** Express app setting made true in production (src/app.setup.ts): the cookie is then Secure whatever the request says. */
export const SECURE_COOKIES_SETTING = 'labtrace secure cookies';

interface CookieRequest {
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
  app?: { get(setting: string): unknown };
}

interface CookieResponse {
  cookie(name: string, value: string, options: Record<string, unknown>): unknown;
  clearCookie(name: string, options: Record<string, unknown>): unknown;
}

/** How a lab user's token came: the Authorization header (machines) or the session cookie (the console). */
export interface RequestCredential {
  token: string;
  via: 'bearer' | 'cookie';
}

/**
 * The cookie's name for this request. Read with the same rule it is set with: over HTTPS only the
 * `__Host-` cookie counts, so a plain one planted by a sibling subdomain is never read.
 */
export function sessionCookieName(req: CookieRequest): string {
  return overHttps(req) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The session token from the Cookie header; no cookie-parser middleware is installed, so read it here. */
export function readSessionCookie(req: CookieRequest): string | undefined {
  const header = req.headers['cookie'];
  const raw = Array.isArray(header) ? header.join('; ') : header;
  if (!raw) return undefined;
  const name = sessionCookieName(req);
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A lab user's token and how it came: the bearer header (machines) wins over the session cookie (the console). */
export function requestCredential(req: CookieRequest): RequestCredential | undefined {
  const auth = req.headers['authorization'];
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return { token: auth.slice(7).trim(), via: 'bearer' };
  const cookie = readSessionCookie(req);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

export function requestToken(req: CookieRequest): string | undefined {
  return requestCredential(req)?.token;
}

/** Behind a TLS-terminating proxy the request itself is plain HTTP; the forwarded scheme says otherwise. */
function overHttps(req: CookieRequest): boolean {
  return req.app?.get(SECURE_COOKIES_SETTING) === true || req.secure === true || req.headers['x-forwarded-proto'] === 'https';
}

/** httpOnly so page scripts never see the token; Strict so no other site's page can send it. */
function cookieOptions(req: CookieRequest) {
  return { httpOnly: true, sameSite: 'strict' as const, secure: overHttps(req), path: '/' };
}

export function setSessionCookie(req: CookieRequest, res: CookieResponse, token: string, ttlSeconds: number): void {
  res.cookie(sessionCookieName(req), token, { ...cookieOptions(req), maxAge: ttlSeconds * 1000 });
}

export function clearSessionCookie(req: CookieRequest, res: CookieResponse): void {
  res.clearCookie(sessionCookieName(req), cookieOptions(req));
}

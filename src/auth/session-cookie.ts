/** Name of the console's httpOnly session cookie (machines use the Authorization header). */
export const SESSION_COOKIE = 'labtrace_session';

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

/** The session token from the Cookie header; no cookie-parser middleware is installed, so read it here. */
export function readSessionCookie(req: CookieRequest): string | undefined {
  const header = req.headers['cookie'];
  const raw = Array.isArray(header) ? header.join('; ') : header;
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A lab user's token: the bearer header (machines) wins over the session cookie (the console). */
export function requestToken(req: CookieRequest): string | undefined {
  const auth = req.headers['authorization'];
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  return readSessionCookie(req);
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
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: ttlSeconds * 1000 });
}

export function clearSessionCookie(req: CookieRequest, res: CookieResponse): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

import { TEST_PASSWORD, TestContext } from './test-app';

/** The app's own origin (PUBLIC_BASE_URL's), the one the console's pages are served from. */
export const consoleOrigin = (t: TestContext): string => new URL(t.config.publicBaseUrl).origin;

/** The session cookie as "name=value", from an answer's Set-Cookie. */
export function sessionCookieOf(headers: Record<string, unknown>): string {
  const cookies = ([] as string[]).concat((headers['set-cookie'] as string[] | undefined) ?? []);
  const session = cookies.find((c) => /^(__Host-)?labtrace_session=[^;]/.test(c));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return session.split(';')[0];
}

/**
 * Signs in as the console does: a browser's request, so it carries the own Origin (a browser always
 * sends Origin on a POST). Returns the cookie and the answer's body.
 */
export async function consoleSignIn(t: TestContext, email: string, password = TEST_PASSWORD): Promise<{ cookie: string; body: Record<string, unknown> }> {
  const res = await t.http().post('/v1/auth/login').set('Origin', consoleOrigin(t)).send({ email, password }).expect(200);
  return { cookie: sessionCookieOf(res.headers), body: res.body as Record<string, unknown> };
}

/** Headers of a console request: its session cookie and its own Origin, as the browser sends them. */
export const asConsole = (t: TestContext, cookie: string) => ({ Cookie: cookie, Origin: consoleOrigin(t) });

import {
  clearSessionCookie,
  readSessionCookie,
  requestCredential,
  requestToken,
  SECURE_COOKIES_SETTING,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  setSessionCookie,
} from './session-cookie';

function recorder() {
  const calls: Array<{ op: string; name: string; value?: string; options: Record<string, unknown> }> = [];
  return {
    calls,
    cookie: (name: string, value: string, options: Record<string, unknown>) => calls.push({ op: 'set', name, value, options }),
    clearCookie: (name: string, options: Record<string, unknown>) => calls.push({ op: 'clear', name, options }),
  };
}

describe('session cookie', () => {
  it('reads the session token among other cookies', () => {
    expect(readSessionCookie({ headers: { cookie: `theme=dark; ${SESSION_COOKIE}=abc.def.ghi; other=1` } })).toBe('abc.def.ghi');
    expect(readSessionCookie({ headers: { cookie: 'theme=dark' } })).toBeUndefined();
    expect(readSessionCookie({ headers: {} })).toBeUndefined();
    expect(readSessionCookie({ headers: { cookie: `${SESSION_COOKIE}=%E0%A4%A` } })).toBeUndefined();
  });

  it('prefers the bearer header over the cookie, and says which one carried the token', () => {
    expect(requestToken({ headers: { authorization: 'Bearer machine', cookie: `${SESSION_COOKIE}=console` } })).toBe('machine');
    expect(requestToken({ headers: { cookie: `${SESSION_COOKIE}=console` } })).toBe('console');
    expect(requestCredential({ headers: { authorization: 'Bearer machine', cookie: `${SESSION_COOKIE}=console` } })).toEqual({
      token: 'machine',
      via: 'bearer',
    });
    expect(requestCredential({ headers: { cookie: `${SESSION_COOKIE}=console` } })).toEqual({ token: 'console', via: 'cookie' });
    expect(requestCredential({ headers: { cookie: 'theme=dark' } })).toBeUndefined();
  });

  it('over HTTPS names the cookie __Host-… and reads only that name, so a planted plain cookie is ignored', () => {
    const production = { get: (setting: string) => setting === SECURE_COOKIES_SETTING };
    const set = recorder();
    setSessionCookie({ headers: {}, app: production }, set, 'tok', 900);
    expect(set.calls[0]).toEqual({
      op: 'set',
      name: '__Host-labtrace_session',
      value: 'tok',
      options: { httpOnly: true, sameSite: 'strict', secure: true, path: '/', maxAge: 900_000 },
    });
    const both = `${SESSION_COOKIE}=planted; ${SECURE_SESSION_COOKIE}=mine`;
    expect(readSessionCookie({ headers: { cookie: both }, app: production })).toBe('mine');
    expect(readSessionCookie({ headers: { cookie: `${SESSION_COOKIE}=planted` }, app: production })).toBeUndefined();
    expect(readSessionCookie({ headers: { cookie: `${SESSION_COOKIE}=planted` }, secure: true })).toBeUndefined();
    // Over plain HTTP (development) a __Host- cookie cannot exist, so the plain name is the one.
    expect(readSessionCookie({ headers: { cookie: both } })).toBe('planted');
    const cleared = recorder();
    clearSessionCookie({ headers: { 'x-forwarded-proto': 'https' } }, cleared);
    expect(cleared.calls[0].name).toBe('__Host-labtrace_session');
  });

  it('sets an httpOnly SameSite=Strict cookie, Secure only over HTTPS', () => {
    const plain = recorder();
    setSessionCookie({ headers: {} }, plain, 'tok', 900);
    expect(plain.calls[0]).toEqual({
      op: 'set',
      name: SESSION_COOKIE,
      value: 'tok',
      options: { httpOnly: true, sameSite: 'strict', secure: false, path: '/', maxAge: 900_000 },
    });
    const proxied = recorder();
    setSessionCookie({ headers: { 'x-forwarded-proto': 'https' } }, proxied, 'tok', 900);
    expect(proxied.calls[0]).toMatchObject({ name: SECURE_SESSION_COOKIE, options: { secure: true } });
    const tls = recorder();
    clearSessionCookie({ headers: {}, secure: true }, tls);
    expect(tls.calls[0]).toEqual({ op: 'clear', name: SECURE_SESSION_COOKIE, options: { httpOnly: true, sameSite: 'strict', secure: true, path: '/' } });
  });
});

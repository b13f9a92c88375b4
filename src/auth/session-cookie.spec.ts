import { clearSessionCookie, readSessionCookie, requestToken, SESSION_COOKIE, setSessionCookie } from './session-cookie';

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

  it('prefers the bearer header over the cookie', () => {
    expect(requestToken({ headers: { authorization: 'Bearer machine', cookie: `${SESSION_COOKIE}=console` } })).toBe('machine');
    expect(requestToken({ headers: { cookie: `${SESSION_COOKIE}=console` } })).toBe('console');
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
    expect(proxied.calls[0].options.secure).toBe(true);
    const tls = recorder();
    clearSessionCookie({ headers: {}, secure: true }, tls);
    expect(tls.calls[0]).toEqual({ op: 'clear', name: SESSION_COOKIE, options: { httpOnly: true, sameSite: 'strict', secure: true, path: '/' } });
  });
});

import type { CookieSessionResponseDto, LoginResponseDto } from '../src/auth/dto/login.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { asConsole, consoleOrigin, consoleSignIn, sessionCookieOf } from './support/console-session';
import { bearer, Signed } from './support/sign-in';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';

/**
 * Red team, finding 3: a write carried by the session cookie must come from the app's own origin
 * (SameSite=Strict still lets a sibling subdomain or another localhost port send the cookie), and
 * forms are not read at all. Finding 5: a cookie session's answers never hand the bearer token to
 * page script. Over HTTPS the cookie is `__Host-labtrace_session`.
 */
describe('cookie sessions: cross-origin writes, forms, and the token kept from page script', () => {
  let t: TestContext;
  let adminA: Signed;
  let adminB: Signed;
  let cookieB: string;
  const EVIL = 'https://evil.example';
  const SIBLING = 'https://reports.lab.example';
  const FORM_MESSAGE =
    'Send the body as JSON (Content-Type: application/json), or a file upload as multipart/form-data; got "application/x-www-form-urlencoded".';
  const refusedFrom = (origin: string | null) =>
    `A change made with the session cookie must come from the console's own page (${consoleOrigin(t)}); this one came ${
      origin === null ? 'with no Origin header' : `from ${origin}`
    }. Scripts send Authorization: Bearer <token> instead of the cookie.`;
  const userRows = (email: string) => t.sql<{ role: string }>(`SELECT role FROM users WHERE email = $1`, [email]);
  const approvalStatus = async (id: string) =>
    (await t.sql<{ status: string; decided_by_label: string | null }>(`SELECT status, decided_by_label FROM approval_requests WHERE id = $1`, [id]))[0];
  const newUser = (email: string, role = 'admin') => ({ email, displayName: `Helper ${email}`, password: 'a long enough passphrase 7', role });
  let n = 0;
  const email = () => `csrf-${++n}-${Date.now()}@test.lab`;

  beforeAll(async () => {
    t = await createTestApp({ simulator: false });
    adminA = await t.userToken('admin');
    adminB = await t.userToken('admin');
    cookieB = (await consoleSignIn(t, adminB.email)).cookie;
  });
  afterAll(() => t.close());

  it('a form body is refused 415 before anything reads it, with the cookie or a bearer token', async () => {
    const address = email();
    const form = `email=${encodeURIComponent(address)}&displayName=Helper&password=a+long+enough+passphrase+7&role=admin`;
    for (const auth of [{ Cookie: cookieB, Origin: EVIL }, asConsole(t, cookieB), bearer(adminB.token)]) {
      const res = await t.http().post('/v1/users').set(auth).set('Content-Type', 'application/x-www-form-urlencoded').send(form).expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', message: FORM_MESSAGE });
    }
    expect(await userRows(address)).toEqual([]);
  });

  it('a cookie write from another origin, a sibling subdomain or no stated origin is refused 403 and writes nothing', async () => {
    const address = email();
    const attempts: Array<[Record<string, string>, string | null]> = [
      [{ Origin: EVIL }, EVIL],
      [{ Origin: SIBLING, 'Sec-Fetch-Site': 'same-site' }, SIBLING],
      [{ Origin: 'http://localhost:5999', 'Sec-Fetch-Site': 'same-site' }, 'http://localhost:5999'],
      [{ Origin: 'null' }, 'null'],
      [{}, null],
    ];
    for (const [headers, origin] of attempts) {
      const res = await t.http().post('/v1/users').set('Cookie', cookieB).set(headers).send(newUser(address)).expect(403);
      expect(res.body as ErrorBody).toMatchObject({
        error: 'CROSS_ORIGIN_REFUSED',
        message: refusedFrom(origin),
        details: { origin, expectedOrigin: consoleOrigin(t) },
      });
    }
    expect(await userRows(address)).toEqual([]);
    // Reads stay open: SameSite=Strict already keeps other sites' pages from them, and a read changes nothing.
    await t.http().get('/v1/users').set('Cookie', cookieB).set('Origin', EVIL).expect(200);
  });

  it('another admin’s pending grant is not approved by a bodyless cookie POST from another origin; from the console it is', async () => {
    const address = email();
    const created = await t.http().post('/v1/users').set(bearer(adminA.token)).send(newUser(address)).expect(202);
    const approvalId = (created.body as { approval: { id: string } }).approval.id;
    for (const headers of [{ Origin: EVIL }, { Origin: SIBLING, 'Sec-Fetch-Site': 'same-site' }, {}]) {
      const res = await t.http().post(`/v1/approvals/${approvalId}/approve`).set('Cookie', cookieB).set(headers).expect(403);
      expect((res.body as ErrorBody).error).toBe('CROSS_ORIGIN_REFUSED');
    }
    expect(await approvalStatus(approvalId)).toEqual({ status: 'pending', decided_by_label: null });
    expect(await userRows(address)).toEqual([{ role: 'technician' }]);

    await t.http().post(`/v1/approvals/${approvalId}/approve`).set(asConsole(t, cookieB)).expect(200);
    expect(await approvalStatus(approvalId)).toMatchObject({ status: 'approved', decided_by_label: expect.stringContaining(adminB.email) });
    expect(await userRows(address)).toEqual([{ role: 'admin' }]);
  });

  it('the console’s own writes work: its Origin, or Sec-Fetch-Site: same-origin behind the Vite dev server', async () => {
    const own = email();
    await t.http().post('/v1/users').set(asConsole(t, cookieB)).send(newUser(own, 'technician')).expect(201);
    const proxied = email();
    await t
      .http()
      .post('/v1/users')
      .set({ Cookie: cookieB, Origin: 'http://localhost:5173', 'Sec-Fetch-Site': 'same-origin' })
      .send(newUser(proxied, 'technician'))
      .expect(201);
    expect([...(await userRows(own)), ...(await userRows(proxied))]).toEqual([{ role: 'technician' }, { role: 'technician' }]);
  });

  it('a bearer token is unaffected by a foreign Origin (it is no ambient credential), and wins over a cookie', async () => {
    const address = email();
    await t.http().post('/v1/users').set(bearer(adminA.token)).set('Origin', EVIL).send(newUser(address, 'technician')).expect(201);
    const both = email();
    await t.http().post('/v1/users').set(bearer(adminA.token)).set({ Cookie: cookieB, Origin: EVIL }).send(newUser(both, 'technician')).expect(201);
    expect([...(await userRows(address)), ...(await userRows(both))]).toHaveLength(2);
  });

  it('a browser’s sign-in sets the cookie and leaves the token out; a machine’s sign-in still gets it', async () => {
    const tech = await t.userToken('technician');
    const browser = await consoleSignIn(t, tech.email);
    expect(browser.body).toEqual({ expiresIn: t.config.jwt.ttlSeconds, role: 'technician', displayName: expect.any(String), passwordChangeRequired: false });
    // Even a fetch that says only Sec-Fetch-Site is a browser's.
    const fetched = await t.http().post('/v1/auth/login').set('Sec-Fetch-Site', 'same-origin').send({ email: tech.email, password: TEST_PASSWORD }).expect(200);
    expect(fetched.body).not.toHaveProperty('accessToken');

    const machine = await t.http().post('/v1/auth/login').send({ email: tech.email, password: TEST_PASSWORD }).expect(200);
    const token = (machine.body as LoginResponseDto).accessToken;
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    await t.http().get('/v1/licensees').set(bearer(token)).expect(200);
    await t.http().get('/v1/auth/session').set('Cookie', browser.cookie).expect(200);

    // The document says so: the token is optional in the answer.
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      components: { schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }> };
    };
    const schema = doc.components.schemas.LoginResponseDto;
    expect(Object.keys(schema.properties).sort()).toEqual(['accessToken', 'displayName', 'expiresIn', 'passwordChangeRequired', 'role']);
    expect(schema.required?.sort()).toEqual(['displayName', 'expiresIn', 'passwordChangeRequired', 'role']);
  });

  it('a refresh made with the cookie answers no token (only a new cookie); a bearer refresh still answers one', async () => {
    const tech = await t.userToken('technician');
    const { cookie } = await consoleSignIn(t, tech.email);
    const refreshed = await t.http().post('/v1/auth/refresh').set(asConsole(t, cookie)).expect(200);
    expect(refreshed.body as CookieSessionResponseDto).toEqual({
      expiresIn: t.config.jwt.ttlSeconds,
      role: 'technician',
      displayName: expect.any(String),
      passwordChangeRequired: false,
    });
    const renewed = sessionCookieOf(refreshed.headers);
    await t.http().get('/v1/auth/session').set('Cookie', renewed).expect(200);
    // From another origin the refresh is a write like any other.
    await t.http().post('/v1/auth/refresh').set({ Cookie: renewed, Origin: EVIL }).expect(403);

    const byBearer = await t.http().post('/v1/auth/refresh').set(bearer(tech.token)).expect(200);
    await t
      .http()
      .get('/v1/licensees')
      .set(bearer((byBearer.body as LoginResponseDto).accessToken))
      .expect(200);
  });

  it('a password change made with the cookie answers no token either', async () => {
    const tech = await t.userToken('technician');
    const { cookie } = await consoleSignIn(t, tech.email);
    const changed = await t
      .http()
      .post('/v1/auth/password')
      .set(asConsole(t, cookie))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'another fine passphrase 3' })
      .expect(200);
    expect(changed.body).not.toHaveProperty('accessToken');
    expect(changed.body).toMatchObject({ role: 'technician', passwordChangeRequired: false });
    await t.http().get('/v1/auth/session').set('Cookie', sessionCookieOf(changed.headers)).expect(200);
  });

  it('another origin cannot sign the console out; the console can', async () => {
    const tech = await t.userToken('technician');
    const { cookie } = await consoleSignIn(t, tech.email);
    const refused = await t.http().post('/v1/auth/logout').set({ Cookie: cookie, Origin: SIBLING, 'Sec-Fetch-Site': 'same-site' }).expect(403);
    expect((refused.body as ErrorBody).error).toBe('CROSS_ORIGIN_REFUSED');
    await t.http().get('/v1/auth/session').set('Cookie', cookie).expect(200);
    await t.http().post('/v1/auth/logout').set(asConsole(t, cookie)).expect(204);
    await t.http().get('/v1/auth/session').set('Cookie', cookie).expect(401);
  });

  it('over HTTPS the cookie is __Host-labtrace_session, and a plain labtrace_session (one a sibling could plant) is not read', async () => {
    const tech = await t.userToken('technician');
    const res = await t
      .http()
      .post('/v1/auth/login')
      .set({ 'X-Forwarded-Proto': 'https', Origin: consoleOrigin(t) })
      .send({ email: tech.email, password: TEST_PASSWORD })
      .expect(200);
    const [setCookie] = ([] as string[]).concat(res.headers['set-cookie'] as unknown as string[]);
    expect(setCookie).toMatch(/^__Host-labtrace_session=eyJ[^;]+; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/);
    const value = sessionCookieOf(res.headers).split('=')[1];
    await t
      .http()
      .get('/v1/auth/session')
      .set({ 'X-Forwarded-Proto': 'https', Cookie: `__Host-labtrace_session=${value}` })
      .expect(200);
    await t
      .http()
      .get('/v1/auth/session')
      .set({ 'X-Forwarded-Proto': 'https', Cookie: `labtrace_session=${value}` })
      .expect(401);
  });
});

import { JwtService } from '@nestjs/jwt';
import type { LoginResponseDto } from '../src/auth/dto/login.dto';
import type { PendingUserChangeDto } from '../src/auth/dto/user.dto';
import type { RevokedSessionsDto, UserSessionDto } from '../src/auth/sessions/session.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { approveAs } from './support/approvals';
import { bearer, CHEAP_ARGON2, Signed } from './support/sign-in';
import { bootContext, createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; sid: string; exp: number; iat: number };

/**
 * Issue 19, item 4: server-side sessions, checked on every request by every API process; logout,
 * password change or reset, role change and disabling end them at once; refresh stops at the maximum age.
 */
describe('server-side sessions', () => {
  let t: TestContext;
  let second: TestContext;
  let admin: Signed;
  let adminB: Signed;
  const ended = 'The session has ended (signed out, revoked, idle or past its maximum age); sign in again';
  /** A request on a lab route through one process or the other: 200, 401, … */
  const statusOn = async (app: TestContext, token: string) => (await app.http().get('/v1/licensees').set(bearer(token))).status;
  const signIn = async (email: string, password = TEST_PASSWORD) =>
    ((await t.http().post('/v1/auth/login').set('User-Agent', 'e2e-browser/1.0').send({ email, password }).expect(200)).body as LoginResponseDto).accessToken;

  beforeAll(async () => {
    t = await createTestApp({ simulator: false, env: CHEAP_ARGON2 });
    second = await bootContext(t.env);
    admin = await t.userToken('admin');
    adminB = await t.userToken('admin');
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('opens a session per sign-in, named in the token, listed for an admin', async () => {
    const tech = await t.userToken('technician');
    const token = await signIn(tech.email);
    const { sid, sub, exp, iat } = claimsOf(token);
    expect(sub).toBe(tech.id);
    expect(exp - iat).toBe(t.config.jwt.ttlSeconds);
    const sessions = (await t.http().get(`/v1/users/${tech.id}/sessions`).set(bearer(admin.token)).expect(200)).body as UserSessionDto[];
    expect(sessions.map((s) => s.id)).toEqual([sid, claimsOf(tech.token).sid]);
    const [newest] = sessions;
    expect(newest).toMatchObject({ userAgent: 'e2e-browser/1.0', clientAddress: '127.0.0.1' });
    expect(Date.parse(newest.expiresAt) - Date.parse(newest.createdAt)).toBe(12 * 3600_000);
    expect(Date.parse(newest.idleExpiresAt) - Date.parse(newest.lastSeenAt)).toBe(30 * 60_000);
    await t.http().get(`/v1/users/${tech.id}/sessions`).set(bearer(tech.token)).expect(403);
  });

  it('after logout the token gets 401 on both processes; other sessions live until logout everywhere', async () => {
    const tech = await t.userToken('technician');
    const other = await signIn(tech.email);
    const res = await t.http().post('/v1/auth/logout').set(bearer(tech.token)).expect(204);
    expect(res.headers['set-cookie']?.[0]).toMatch(/^labtrace_session=;/);
    expect(await statusOn(second, tech.token)).toBe(401);
    const refused = await t.http().get('/v1/licensees').set(bearer(tech.token)).expect(401);
    expect((refused.body as ErrorBody).message).toBe(ended);
    expect(await statusOn(second, other)).toBe(200);

    await second.http().post('/v1/auth/logout?everywhere=true').set(bearer(other)).expect(204);
    expect(await statusOn(t, other)).toBe(401);
    // Signing out with an unreadable token or none at all still just clears the cookie.
    await t.http().post('/v1/auth/logout').set(bearer('not.a.token')).expect(204);
    await t.http().post('/v1/auth/logout').expect(204);
  });

  it('after a password change every old token gets 401 (also on the second process); the answer’s token works', async () => {
    const tech = await t.userToken('technician');
    const other = await signIn(tech.email);
    const changed = await t
      .http()
      .post('/v1/auth/password')
      .set(bearer(tech.token))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'another fine passphrase' })
      .expect(200);
    expect(await statusOn(second, tech.token)).toBe(401);
    expect(await statusOn(second, other)).toBe(401);
    expect(await statusOn(second, (changed.body as LoginResponseDto).accessToken)).toBe(200);
    const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_reason = 'password_changed'`, [tech.id]);
    expect(row.n).toBe(2);
  });

  it('after an admin’s reset the old token gets 401', async () => {
    const tech = await t.userToken('technician');
    await t.http().post(`/v1/users/${tech.id}/password-reset`).set(bearer(admin.token)).expect(201);
    expect(await statusOn(second, tech.token)).toBe(401);
  });

  it('after a role change the old token gets 401: a demotion at once, a grant when approved', async () => {
    const manager = await t.userToken('manager');
    await t.http().patch(`/v1/users/${manager.id}`).set(bearer(admin.token)).send({ role: 'technician' }).expect(200);
    expect(await statusOn(second, manager.token)).toBe(401);
    // Signing in again gives the new role.
    expect(claimsOf(await signIn(manager.email))).toMatchObject({ sub: manager.id });

    const tech = await t.userToken('technician');
    const grant = await t.http().patch(`/v1/users/${tech.id}`).set(bearer(admin.token)).send({ role: 'manager' }).expect(202);
    // Only asked: nothing changed yet, the session lives.
    expect(await statusOn(second, tech.token)).toBe(200);
    await approveAs(t, adminB.token, (grant.body as PendingUserChangeDto).approval.id);
    expect(await statusOn(second, tech.token)).toBe(401);
    // A new name is no reason to sign in again.
    const renamed = await t.userToken('technician');
    await t.http().patch(`/v1/users/${renamed.id}`).set(bearer(admin.token)).send({ displayName: 'Renamed' }).expect(200);
    expect(await statusOn(second, renamed.token)).toBe(200);
  });

  it('after disabling the user the old token gets 401 on both processes', async () => {
    const tech = await t.userToken('technician');
    await second.http().patch(`/v1/users/${tech.id}`).set(bearer(admin.token)).send({ active: false }).expect(200);
    expect(await statusOn(t, tech.token)).toBe(401);
    const [row] = await t.sql<{ revoked_reason: string }>(`SELECT revoked_reason FROM sessions WHERE user_id = $1`, [tech.id]);
    expect(row.revoked_reason).toBe('disabled');
  });

  it('an admin revokes one session or all of a user’s, audited', async () => {
    const tech = await t.userToken('technician');
    const other = await signIn(tech.email);
    await t
      .http()
      .delete(`/v1/users/${tech.id}/sessions/${claimsOf(other).sid}`)
      .set(bearer(admin.token))
      .expect(204);
    expect(await statusOn(second, other)).toBe(401);
    expect(await statusOn(second, tech.token)).toBe(200);
    const again = await t
      .http()
      .delete(`/v1/users/${tech.id}/sessions/${claimsOf(other).sid}`)
      .set(bearer(admin.token))
      .expect(404);
    expect((again.body as ErrorBody).error).toBe('SESSION_NOT_FOUND');
    // Another user's session id under this user is not found either.
    await t
      .http()
      .delete(`/v1/users/${tech.id}/sessions/${claimsOf(admin.token).sid}`)
      .set(bearer(admin.token))
      .expect(404);

    const third = await signIn(tech.email);
    const all = await second.http().delete(`/v1/users/${tech.id}/sessions`).set(bearer(admin.token)).expect(200);
    expect(all.body as RevokedSessionsDto).toEqual({ revoked: 2 });
    expect(await statusOn(t, tech.token)).toBe(401);
    expect(await statusOn(t, third)).toBe(401);
    expect((await t.http().get(`/v1/users/${tech.id}/sessions`).set(bearer(admin.token)).expect(200)).body).toEqual([]);

    const trail = await t.sql<{ action: string; actor_id: string; after: unknown }>(
      `SELECT action, actor_id, after FROM audit_events WHERE entity_id = $1 AND action = 'user.sessions_revoked' ORDER BY id`,
      [tech.id],
    );
    expect(trail).toEqual([
      { action: 'user.sessions_revoked', actor_id: admin.id, after: { revoked: 1, sessionId: claimsOf(other).sid } },
      { action: 'user.sessions_revoked', actor_id: admin.id, after: { revoked: 2 } },
    ]);
  });

  it('refresh keeps the session and never passes its absolute maximum age', async () => {
    const tech = await t.userToken('technician');
    const { sid } = claimsOf(tech.token);
    const fresh = (await t.http().post('/v1/auth/refresh').set(bearer(tech.token)).expect(200)).body as LoginResponseDto;
    expect(claimsOf(fresh.accessToken).sid).toBe(sid);
    expect(fresh.expiresIn).toBe(t.config.jwt.ttlSeconds);

    await t.sql(`UPDATE sessions SET expires_at = now() + interval '100 seconds' WHERE id = $1`, [sid]);
    const capped = await second.http().post('/v1/auth/refresh').set(bearer(fresh.accessToken)).expect(200);
    const body = capped.body as LoginResponseDto;
    expect(body.expiresIn).toBeLessThanOrEqual(100);
    expect(body.expiresIn).toBeGreaterThan(90);
    const [{ end }] = await t.sql<{ end: number }>(`SELECT extract(epoch FROM expires_at)::float8 AS "end" FROM sessions WHERE id = $1`, [sid]);
    expect(claimsOf(body.accessToken).exp).toBeLessThanOrEqual(Math.ceil(end));
    expect(capped.headers['set-cookie']?.[0]).toMatch(new RegExp(`Max-Age=${body.expiresIn};`));

    await t.sql(`UPDATE sessions SET expires_at = created_at + interval '1 millisecond' WHERE id = $1`, [sid]);
    const refused = await t.http().post('/v1/auth/refresh').set(bearer(body.accessToken)).expect(401);
    expect((refused.body as ErrorBody).message).toBe(ended);
    expect(await statusOn(second, body.accessToken)).toBe(401);
  });

  it('ends a session idle for longer than SESSION_IDLE_MINUTES', async () => {
    const tech = await t.userToken('technician');
    const { sid } = claimsOf(tech.token);
    await t.sql(`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [sid]);
    expect(await statusOn(t, tech.token)).toBe(200);
    const [{ seen }] = await t.sql<{ seen: boolean }>(`SELECT last_seen_at > now() - interval '1 minute' AS seen FROM sessions WHERE id = $1`, [sid]);
    expect(seen).toBe(true);
    await t.sql(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [sid]);
    expect(await statusOn(second, tech.token)).toBe(401);
  });

  it('refuses a validly signed token that names no session', async () => {
    const tech = await t.userToken('technician');
    const forged = await t.app.get(JwtService).signAsync({ sub: tech.id, role: 'technician', email: tech.email });
    expect(await statusOn(t, forged)).toBe(401);
  });
});

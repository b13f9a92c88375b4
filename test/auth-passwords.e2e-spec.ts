import type { LoginResponseDto } from '../src/auth/dto/login.dto';
import type { SessionResponseDto } from '../src/auth/dto/session.dto';
import type { UserResponseDto } from '../src/auth/dto/user.dto';
import type { PasswordResetResponseDto } from '../src/auth/passwords/password.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';

/** Issue 19, item 2: change one's own password, an admin's one-time reset, a policy after NIST SP 800-63B. */
describe('passwords', () => {
  let t: TestContext;
  let admin: { token: string; id: string; email: string };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (email: string, password: string) => t.http().post('/v1/auth/login').send({ email, password });
  const auditOf = (userId: string) =>
    t.sql<{ action: string; actor_id: string | null; after: Record<string, unknown> | null }>(
      `SELECT action, actor_id, after FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id`,
      [userId],
    );

  beforeAll(async () => {
    t = await createTestApp({ simulator: false, productionHashing: true });
    admin = await t.userToken('admin');
  });
  afterAll(() => t.close());

  describe('changing one’s own password', () => {
    it('needs the current password, applies the policy, then only the new password signs in (audited)', async () => {
      const tech = await t.userToken('technician', 'terry.tech@test.lab');
      const change = (currentPassword: string, newPassword: string) =>
        t.http().post('/v1/auth/password').set(bearer(tech.token)).send({ currentPassword, newPassword });

      const wrong = await change('not-my-password', 'a fine new passphrase').expect(403);
      expect(wrong.body).toMatchObject({ error: 'CURRENT_PASSWORD_INCORRECT', message: 'The current password is incorrect' });

      const refusals: Array<[string, string]> = [
        ['too-short', 'The password must be at least 12 characters long'],
        ['labtrace-demo', 'The password must not be or contain the demo password'],
        ['Terry.Tech@test.lab', 'The password must not contain your e-mail address or its name part'],
        ['terry.tech is my name', 'The password must not contain your e-mail address or its name part'],
        ['x'.repeat(129), 'The password must be at most 128 characters long'],
        [TEST_PASSWORD, 'The new password must differ from the current one'],
      ];
      for (const [candidate, message] of refusals) {
        const res = await change(TEST_PASSWORD, candidate).expect(400);
        expect(res.body).toMatchObject({ error: 'WEAK_PASSWORD', message, details: [{ field: 'newPassword', message }] });
      }
      await login(tech.email, TEST_PASSWORD).expect(200);

      // No composition rules: lower-case words and spaces are fine.
      const changed = await change(TEST_PASSWORD, 'plain lower case words').expect(200);
      const body = changed.body as LoginResponseDto;
      expect(body).toMatchObject({ role: 'technician', passwordChangeRequired: false });
      expect(changed.headers['set-cookie']?.[0]).toMatch(/^labtrace_session=/);
      await t.http().get('/v1/licensees').set(bearer(body.accessToken)).expect(200);

      await login(tech.email, TEST_PASSWORD).expect(401);
      await login(tech.email, 'plain lower case words').expect(200);

      const trail = await auditOf(tech.id);
      expect(trail.map((e) => [e.action, e.actor_id])).toEqual([
        ['user.created', null],
        ['user.password_changed', tech.id],
      ]);
      expect(trail[1].after).toEqual({ afterReset: false });
      const [{ hash }] = await t.sql<{ hash: string }>(`SELECT password_hash AS hash FROM users WHERE id = $1`, [tech.id]);
      expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$/);
    });
  });

  describe('an admin’s one-time reset', () => {
    it('issues a temporary password; signing in with it allows only the change; the new password then works', async () => {
      const tech = await t.userToken('technician');
      const res = await t.http().post(`/v1/users/${tech.id}/password-reset`).set(bearer(admin.token)).expect(201);
      const reset = res.body as PasswordResetResponseDto;
      expect(reset.temporaryPassword).toMatch(/^[\w-]{20}$/);
      const hours = (Date.parse(reset.expiresAt) - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(71.9);
      expect(hours).toBeLessThanOrEqual(72);

      await login(tech.email, TEST_PASSWORD).expect(401);
      const signedIn = (await login(tech.email, reset.temporaryPassword).expect(200)).body as LoginResponseDto;
      expect(signedIn.passwordChangeRequired).toBe(true);
      const temp = bearer(signedIn.accessToken);

      const blocked = await t.http().get('/v1/licensees').set(temp).expect(403);
      expect(blocked.body).toMatchObject({ error: 'PASSWORD_CHANGE_REQUIRED' });
      await t.http().post('/v1/auth/refresh').set(temp).expect(403);
      const session = (await t.http().get('/v1/auth/session').set(temp).expect(200)).body as SessionResponseDto;
      expect(session).toMatchObject({ id: tech.id, passwordChangeRequired: true });
      const listed = (await t.http().get('/v1/users').set(bearer(admin.token)).expect(200)).body as UserResponseDto[];
      expect(listed.find((u) => u.id === tech.id)).toMatchObject({ passwordChangeRequired: true });

      const changed = await t
        .http()
        .post('/v1/auth/password')
        .set(temp)
        .send({ currentPassword: reset.temporaryPassword, newPassword: 'my own passphrase now' })
        .expect(200);
      expect((changed.body as LoginResponseDto).passwordChangeRequired).toBe(false);
      await t
        .http()
        .get('/v1/licensees')
        .set(bearer((changed.body as LoginResponseDto).accessToken))
        .expect(200);
      await login(tech.email, reset.temporaryPassword).expect(401);
      expect((await login(tech.email, 'my own passphrase now').expect(200)).body).toMatchObject({ passwordChangeRequired: false });

      const trail = await auditOf(tech.id);
      expect(trail.map((e) => [e.action, e.actor_id])).toEqual([
        ['user.created', null],
        ['user.password_reset', admin.id],
        ['user.password_changed', tech.id],
      ]);
      expect(trail[1].after).toEqual({ mustChangePassword: true, temporaryPasswordExpiresAt: reset.expiresAt });
      expect(trail[2].after).toEqual({ afterReset: true });
      const everything = JSON.stringify(await t.sql(`SELECT * FROM audit_events`));
      expect(everything).not.toContain(reset.temporaryPassword);
    });

    it('refuses an expired temporary password like a wrong one', async () => {
      const tech = await t.userToken('technician');
      const reset = (await t.http().post(`/v1/users/${tech.id}/password-reset`).set(bearer(admin.token)).expect(201)).body as PasswordResetResponseDto;
      await t.sql(`UPDATE users SET temporary_password_expires_at = now() - interval '1 minute' WHERE id = $1`, [tech.id]);
      const res = await login(tech.email, reset.temporaryPassword).expect(401);
      expect((res.body as ErrorBody).message).toBe('Email or password is incorrect');
    });

    it('is an admin’s act, never on their own account, and 404 for an unknown user', async () => {
      const tech = await t.userToken('technician');
      await t.http().post(`/v1/users/${admin.id}/password-reset`).set(bearer(tech.token)).expect(403);
      const own = await t.http().post(`/v1/users/${admin.id}/password-reset`).set(bearer(admin.token)).expect(403);
      expect((own.body as ErrorBody).error).toBe('CANNOT_RESET_OWN_PASSWORD');
      await t.http().post('/v1/users/00000000-0000-4000-8000-000000000000/password-reset').set(bearer(admin.token)).expect(404);
    });
  });

  it('applies the policy when an admin creates a user', async () => {
    const create = (email: string, password: string) =>
      t.http().post('/v1/users').set(bearer(admin.token)).send({ email, displayName: 'New Person', password, role: 'technician' });
    const short = await create('short@test.lab', 'elevenchars').expect(400);
    expect((short.body as ErrorBody).details).toEqual([{ field: 'password', message: 'password must be at least 12 characters' }]);
    const demo = await create('demo@test.lab', 'labtrace-demo').expect(400);
    expect(demo.body).toMatchObject({
      error: 'WEAK_PASSWORD',
      details: [{ field: 'password', message: 'The password must not be or contain the demo password' }],
    });
    const own = await create('casey.jones@test.lab', 'casey.jones-password').expect(400);
    expect((own.body as ErrorBody).error).toBe('WEAK_PASSWORD');
    await create('casey.jones@test.lab', 'a perfectly fine one').expect(201);
  });
});

import type { LoginResponseDto } from '../src/auth/dto/login.dto';
import type { AddressLocksDto, LockStateDto } from '../src/auth/throttle/lock.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { registerLicensee } from './support/lab';
import { bearer, CHEAP_ARGON2, lockAudits as lockAuditsOf, Signed, throttledPair } from './support/sign-in';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';
let addressCounter = 0;
/** Each test signs in from its own client address (one trusted proxy hop), so address counts never mix. */
const newAddress = () => `203.0.113.${++addressCounter}`;

function signIn(t: TestContext, email: string, password: string, address: string) {
  return t.http().post('/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });
}

/** Issue 19, item 3: failed sign-ins limited per account and per client address, held in Redis, audited. */
describe('sign-in throttling and lockout', () => {
  let t: TestContext;
  let second: TestContext;
  let admin: Signed;
  const lockAudits = (entityId: string) => lockAuditsOf(t, entityId);

  beforeAll(async () => {
    ({ t, second, admin } = await throttledPair({
      LOGIN_ADDRESS_FREE_FAILURES: '15',
      LOGIN_ADDRESS_LOCK_FAILURES: '15',
      API_KEY_ADDRESS_FREE_FAILURES: '5',
      API_KEY_ADDRESS_LOCK_FAILURES: '5',
    }));
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('an admin’s password reset lifts the account’s lock (audited): the person signs in with the temporary password', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    for (let i = 1; i <= 10; i++) await signIn(t, tech.email, `guess ${i}`, address);
    await signIn(t, tech.email, TEST_PASSWORD, newAddress()).expect(429);
    const reset = await t.http().post(`/v1/users/${tech.id}/password-reset`).set(bearer(admin.token)).expect(201);
    const temporary = (reset.body as { temporaryPassword: string }).temporaryPassword;
    await signIn(t, tech.email, temporary, newAddress()).expect(200);
    const unlocked = await t.sql<{ actor_id: string }>(`SELECT actor_id FROM audit_events WHERE action = 'auth.unlocked' AND entity_id = $1`, [tech.id]);
    expect(unlocked).toEqual([{ actor_id: admin.id }]);
  });

  it('10 wrong passwords → 429 with Retry-After and an audit event; the right one is refused too; an admin unlocks', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    for (let i = 1; i <= 9; i++) {
      const res = await signIn(t, tech.email, `wrong password ${i}`, address).expect(401);
      expect((res.body as ErrorBody).message).toBe('Email or password is incorrect');
    }
    const tenth = await signIn(t, tech.email, 'wrong password 10', address).expect(429);
    expect(tenth.headers['retry-after']).toBe('900');
    expect(tenth.body).toMatchObject({
      error: 'TOO_MANY_ATTEMPTS',
      message: 'Too many failed attempts: this account is locked; try again in 900 s or ask an admin to unlock it',
      details: { retryAfterSeconds: 900 },
    });

    const right = await signIn(t, tech.email, TEST_PASSWORD, address).expect(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(890);
    // From another address too: the lock is the account's.
    await signIn(t, tech.email, TEST_PASSWORD, newAddress()).expect(429);
    // Another account from the same address is not affected (10 < the address's 15).
    const other = await t.userToken('technician');
    await signIn(t, other.email, TEST_PASSWORD, address).expect(200);

    const [locked] = await lockAudits(tech.id);
    expect(locked).toMatchObject({ action: 'auth.locked', actor_type: 'system', actor_id: null, reason: '10 failed sign-ins' });
    expect(locked.after).toMatchObject({ scope: 'login-account', failures: 10, address });
    expect(Date.parse(locked.after!.lockedUntil as string) - Date.now()).toBeGreaterThan(880_000);

    const state = (await t.http().get(`/v1/users/${tech.id}/sign-in-lock`).set(bearer(admin.token)).expect(200)).body as LockStateDto;
    expect(state).toMatchObject({ locked: true, failures: 0 });
    await t.http().post(`/v1/users/${tech.id}/unlock`).set(bearer(tech.token)).expect(403);
    const unlocked = (await t.http().post(`/v1/users/${tech.id}/unlock`).set(bearer(admin.token)).expect(200)).body as LockStateDto;
    expect(unlocked.locked).toBe(true);
    const login = await signIn(t, tech.email, TEST_PASSWORD, address).expect(200);
    expect((login.body as LoginResponseDto).role).toBe('technician');

    const trail = await lockAudits(tech.id);
    expect(trail.map((e) => [e.action, e.actor_id])).toEqual([
      ['auth.locked', null],
      ['auth.unlocked', admin.id],
    ]);
    expect(trail[1].after).toBeNull();
  });

  it('a right password forgets the account’s failures', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    for (let i = 0; i < 9; i++) await signIn(t, tech.email, 'not it', address).expect(401);
    await signIn(t, tech.email, TEST_PASSWORD, address).expect(200);
    await signIn(t, tech.email, 'not it', address).expect(401);
    expect(((await t.http().get(`/v1/users/${tech.id}/sign-in-lock`).set(bearer(admin.token))).body as LockStateDto).failures).toBe(1);
  });

  it('the lock holds across two API processes, and an unlock on one is seen by the other', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    for (let i = 1; i <= 9; i++) await signIn(i % 2 ? t : second, tech.email, `wrong ${i}`, address).expect(401);
    await signIn(second, tech.email, 'wrong 10', address).expect(429);
    await signIn(t, tech.email, TEST_PASSWORD, address).expect(429);
    await signIn(second, tech.email, TEST_PASSWORD, address).expect(429);
    await second.http().post(`/v1/users/${tech.id}/unlock`).set(bearer(admin.token)).expect(200);
    await signIn(t, tech.email, TEST_PASSWORD, address).expect(200);
  });

  it('locks a client address after its failures over many accounts (unknown ones too), audited; an admin unlocks it', async () => {
    const address = newAddress();
    for (let i = 1; i <= 14; i++) await signIn(t, `guess${i}@test.lab`, 'password guess', address).expect(401);
    const locked = await signIn(t, 'guess15@test.lab', 'password guess', address).expect(429);
    expect((locked.body as ErrorBody).message).toBe('Too many failed attempts: this address is locked; try again in 900 s or ask an admin to unlock it');
    const tech = await t.userToken('technician');
    await signIn(second, tech.email, TEST_PASSWORD, address).expect(429);
    await signIn(t, tech.email, TEST_PASSWORD, newAddress()).expect(200);

    const [event] = await lockAudits(address);
    expect(event).toMatchObject({ action: 'auth.locked', reason: '15 failed sign-ins', after: expect.objectContaining({ scope: 'login-address' }) });

    await t.http().post('/v1/sign-in-locks/unlock-address').set(bearer(admin.token)).send({ address: 'not-an-ip' }).expect(400);
    const lifted = await t.http().post('/v1/sign-in-locks/unlock-address').set(bearer(admin.token)).send({ address }).expect(200);
    expect((lifted.body as AddressLocksDto).signIn).toMatchObject({ locked: true });
    await signIn(t, tech.email, TEST_PASSWORD, address).expect(200);
    expect((await lockAudits(address)).map((e) => e.action)).toEqual(['auth.locked', 'auth.unlocked']);
  });

  it('counts wrong current passwords on the change route as failed sign-ins', async () => {
    const tech = await t.userToken('technician');
    const change = (currentPassword: string) =>
      t
        .http()
        .post('/v1/auth/password')
        .set(bearer(tech.token))
        .set('X-Forwarded-For', newAddress())
        .send({ currentPassword, newPassword: 'a new passphrase' });
    for (let i = 0; i < 9; i++) await change('guessing').expect(403);
    await change('guessing').expect(429);
    await change(TEST_PASSWORD).expect(429);
  });

  it('limits wrong licensee API keys per client address the same way', async () => {
    const licensee = await registerLicensee(t, admin.token);
    const address = newAddress();
    const poll = (key: string, from: string) => t.http().get('/v1/licensee/samples/1234567890123456').set('X-API-Key', key).set('X-Forwarded-For', from);
    const wrongKey = `lt_0123456789_${'x'.repeat(43)}`;
    await poll(licensee.apiKey, address).expect(404);
    for (let i = 0; i < 4; i++) await poll(wrongKey, address).expect(401);
    const locked = await poll(wrongKey, address).expect(429);
    expect(locked.headers['retry-after']).toBe('900');
    await poll(licensee.apiKey, address).expect(429);
    await poll(licensee.apiKey, newAddress()).expect(404);
    expect(await lockAudits(address)).toEqual([expect.objectContaining({ action: 'auth.locked', reason: '5 failed API keys' })]);

    await t.http().post('/v1/sign-in-locks/unlock-address').set(bearer(admin.token)).send({ address }).expect(200);
    await poll(licensee.apiKey, address).expect(404);
  });
});

describe('growing waits between failed sign-ins', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ simulator: false, env: { ...CHEAP_ARGON2, THROTTLE_DELAY_BASE_MS: '1500', TRUSTED_PROXY_HOPS: '1' } });
  });
  afterAll(() => t.close());

  it('3 free failures, then a wait (429 + Retry-After, even for the right password) that doubles', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    for (let i = 0; i < 4; i++) await signIn(t, tech.email, 'not it', address).expect(401);
    const wait = await signIn(t, tech.email, TEST_PASSWORD, address).expect(429);
    expect(wait.headers['retry-after']).toBe('2');
    expect((wait.body as ErrorBody).message).toBe('Too many failed attempts: wait 2 s before trying again');
    await new Promise((r) => setTimeout(r, 1600));
    await signIn(t, tech.email, 'not it', address).expect(401);
    expect((await signIn(t, tech.email, 'not it', address).expect(429)).headers['retry-after']).toBe('3');
    await new Promise((r) => setTimeout(r, 3100));
    await signIn(t, tech.email, TEST_PASSWORD, address).expect(200);
  });
});

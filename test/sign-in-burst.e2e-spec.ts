import { randomUUID } from 'node:crypto';
import type { AddressLocksDto, LockStateDto } from '../src/auth/throttle/lock.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { UNKNOWN_RESULTS_DIGEST } from './support/release';
import { bearer, CHEAP_ARGON2, lockAudits as lockAuditsOf, Signed, throttledPair } from './support/sign-in';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';
let addressCounter = 0;
const newAddress = () => `198.51.100.${++addressCounter}`;

/** How many of the answers had each status, e.g. { 401: 9, 429: 21 }. */
function tally(answers: Array<{ status: number }>): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/**
 * Security review: parallel guesses got past the sign-in lock, since every request of a burst passed the
 * check before any failure was counted. Each attempt is now counted before its password is checked (one
 * Redis script, shared by the API processes), so a burst gets exactly the checks the policy allows.
 */
describe('bursts of parallel guesses (lock only: 10 per account, 15 per address)', () => {
  let t: TestContext;
  let second: TestContext;
  let admin: Signed;
  /** Every other request goes to the second API process: the count is Redis's, not a process's. */
  const processes = () => [t, second];
  const signIn = (i: number, email: string, password: string, address: string) =>
    processes()[i % 2].http().post('/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });
  const lockAudits = (entityId: string) => lockAuditsOf(t, entityId);
  const lockOf = async (user: Signed) => (await t.http().get(`/v1/users/${user.id}/sign-in-lock`).set(bearer(admin.token)).expect(200)).body as LockStateDto;

  beforeAll(async () => {
    ({ t, second, admin } = await throttledPair({ LOGIN_ADDRESS_FREE_FAILURES: '15', LOGIN_ADDRESS_LOCK_FAILURES: '15' }));
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('30 wrong sign-ins at once at one account: 9 answered 401, the 10th locks (429), the rest 429 unchecked; then the right password is refused', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(i, tech.email, `guess ${i}`, address)));
    expect(tally(answers)).toEqual({ 401: 9, 429: 21 });
    for (const res of answers.filter((a) => a.status === 429)) {
      expect((res.body as ErrorBody).error).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(890);
    }
    const audits = await lockAudits(tech.id);
    expect(audits).toEqual([expect.objectContaining({ action: 'auth.locked', reason: '10 failed sign-ins' })]);
    expect(audits[0].after).toMatchObject({ scope: 'login-account', failures: 10, address });
    expect(await lockOf(tech)).toMatchObject({ locked: true, failures: 0 });

    const right = await signIn(0, tech.email, TEST_PASSWORD, newAddress()).expect(429);
    expect((right.body as ErrorBody).message).toBe('Too many failed attempts: this account is locked; try again in 900 s or ask an admin to unlock it');
    await signIn(1, tech.email, TEST_PASSWORD, address).expect(429);
    // The address counted only the checked 10, below its 15: another account from it is not affected.
    const other = await t.userToken('technician');
    await signIn(0, other.email, TEST_PASSWORD, address).expect(200);
  });

  it('40 wrong sign-ins at once over many e-mails from one address: 14 answered 401, the 15th locks the address; its count is not run up', async () => {
    const address = newAddress();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(i, `burst${i}-${randomUUID()}@test.lab`, 'password guess', address)));
    expect(tally(answers)).toEqual({ 401: 14, 429: 26 });
    expect(await lockAudits(address)).toEqual([expect.objectContaining({ action: 'auth.locked', reason: '15 failed sign-ins' })]);
    const tech = await t.userToken('technician');
    await signIn(1, tech.email, TEST_PASSWORD, address).expect(429);

    const lifted = (await t.http().post('/v1/sign-in-locks/unlock-address').set(bearer(admin.token)).send({ address }).expect(200)).body as AddressLocksDto;
    expect(lifted.signIn).toMatchObject({ locked: true, failures: 0 });
    await signIn(0, tech.email, TEST_PASSWORD, address).expect(200);
  });

  it('a right password alone, and one after wrong ones, still signs in and forgets the account’s failures (one at a time as before)', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    const wrong = await Promise.all(Array.from({ length: 5 }, (_, i) => signIn(i, tech.email, `guess ${i}`, address)));
    expect(tally(wrong)).toEqual({ 401: 5 });
    await signIn(0, tech.email, TEST_PASSWORD, address).expect(200);
    expect(await lockOf(tech)).toMatchObject({ locked: false, failures: 0 });
    // The 10th attempt, right, signs in (its reserved lock is taken back); the address keeps its 9 failures.
    for (let i = 0; i < 9; i++) await signIn(i, tech.email, 'not it', address).expect(401);
    await signIn(1, tech.email, TEST_PASSWORD, address).expect(200);
    expect(await lockOf(tech)).toMatchObject({ locked: false, failures: 0 });
    expect(await lockAudits(tech.id)).toEqual([]);
  });

  it('30 wrong current passwords at once on the password-change route: 9 answered 403, then 429; the right one is refused', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    const change = (i: number, currentPassword: string) =>
      processes()
        [i % 2].http()
        .post('/v1/auth/password')
        .set(bearer(tech.token))
        .set('X-Forwarded-For', address)
        .send({ currentPassword, newPassword: 'a new passphrase' });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => change(i, `guess ${i}`)));
    expect(tally(answers)).toEqual({ 403: 9, 429: 21 });
    await change(0, TEST_PASSWORD).expect(429);
    expect(await lockOf(tech)).toMatchObject({ locked: true });
  });

  it('30 wrong e-signature passwords at once: 9 answered 403 SIGNATURE_REFUSED, then 429; the right one is refused', async () => {
    const manager = await t.userToken('manager');
    const address = newAddress();
    // The password is checked before the sample is even read: a sample that is no sample's will do.
    const sampleId = randomUUID();
    const release = (i: number, password: string) =>
      processes()
        [i % 2].http()
        .post(`/v1/samples/${sampleId}/release`)
        .set(bearer(manager.token))
        .set('X-Forwarded-For', address)
        .send({ signature: { password, meaning: 'Reviewed and released' }, resultsDigest: UNKNOWN_RESULTS_DIGEST });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => release(i, `guess ${i}`)));
    expect(tally(answers)).toEqual({ 403: 9, 429: 21 });
    expect(answers.filter((a) => a.status === 403).every((a) => (a.body as ErrorBody).error === 'SIGNATURE_REFUSED')).toBe(true);
    await release(1, TEST_PASSWORD).expect(429);
    await signIn(0, manager.email, TEST_PASSWORD, newAddress()).expect(429);
    expect(await lockAudits(manager.id)).toEqual([expect.objectContaining({ action: 'auth.locked', reason: '10 failed sign-ins' })]);
  });
});

describe('bursts of parallel guesses with growing waits (3 free failures, then a wait)', () => {
  let t: TestContext;
  beforeAll(async () => {
    // A first wait of a minute: however slow the machine, the burst ends inside it.
    t = await createTestApp({ simulator: false, env: { ...CHEAP_ARGON2, TRUSTED_PROXY_HOPS: '1', THROTTLE_DELAY_BASE_MS: '60000' } });
  });
  afterAll(() => t.close());

  const signIn = (email: string, password: string, address: string) =>
    t.http().post('/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });

  it('12 and then 40 at once at an unknown e-mail get 4 password checks in all, as one at a time would (401 401 401 401 429 …)', async () => {
    const email = `nobody-${randomUUID()}@test.lab`;
    const address = newAddress();
    const first = await Promise.all(Array.from({ length: 12 }, () => signIn(email, 'guess', address)));
    expect(tally(first)).toEqual({ 401: 4, 429: 8 });
    const waits = first.filter((a) => a.status === 429).map((a) => (a.body as ErrorBody).message);
    expect(new Set(waits)).toEqual(new Set(['Too many failed attempts: wait 60 s before trying again']));
    const more = await Promise.all(Array.from({ length: 40 }, () => signIn(email, 'guess', newAddress())));
    expect(tally(more)).toEqual({ 429: 40 });
  });

  it('the right password in a burst of wrong ones is checked only if it is within the policy’s attempts', async () => {
    const tech = await t.userToken('technician');
    const address = newAddress();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(tech.email, i === 10 ? TEST_PASSWORD : `guess ${i}`, address)));
    const counts = tally(answers);
    // At most 4 checks (3 free and the one earning the wait), whether or not the right one was among them.
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(4);
    expect(counts[429]).toBeGreaterThanOrEqual(16);
  });
});

import { hashPassword } from './password-hasher';
import { Reauthentication } from './reauthentication.service';
import type { SignInThrottle } from './throttle/sign-in-throttle.service';
import { ThrottleUnavailableError } from './throttle/throttle-unavailable';
import type { UsersRepository } from './users.repository';

const FAST = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const actor = { type: 'user' as const, id: 'u-1', label: 'Morgan Lee <morgan@lab.test>', role: 'manager' as const };

async function setup(opts: { active?: boolean; redisDown?: boolean } = {}) {
  const user = {
    id: 'u-1',
    email: 'morgan@lab.test',
    displayName: 'Morgan Lee',
    active: opts.active ?? true,
    passwordHash: await hashPassword('right-password', FAST),
  };
  const users = { findById: jest.fn().mockResolvedValue(user) } as unknown as UsersRepository;
  const down = () => Promise.reject(new ThrottleUnavailableError('connection refused'));
  const attempt = { email: user.email, address: '10.0.0.7', reservation: { token: 't-1', counted: [] } };
  const throttle = {
    countAttempt: jest.fn(opts.redisDown ? down : () => Promise.resolve(attempt)),
    deciding: jest.fn((_attempt: unknown, check: () => Promise<boolean>) => check()),
    signInFailed: jest.fn(() => Promise.resolve()),
    passwordConfirmed: jest.fn(() => Promise.resolve()),
  };
  return { reauth: new Reauthentication(users, throttle as unknown as SignInThrottle), throttle, attempt };
}

describe('Reauthentication (password re-entry for an electronic signature)', () => {
  it('confirms the signed-in user with their own password, taking back the attempt counted before the check', async () => {
    const { reauth, throttle, attempt } = await setup();
    expect(await reauth.confirm(actor, 'right-password', '10.0.0.7')).toEqual({ id: 'u-1', displayName: 'Morgan Lee', email: 'morgan@lab.test' });
    expect(throttle.countAttempt).toHaveBeenCalledWith('morgan@lab.test', '10.0.0.7');
    expect(throttle.deciding).toHaveBeenCalledWith(attempt, expect.any(Function));
    expect(throttle.passwordConfirmed).toHaveBeenCalledWith(attempt);
    expect(throttle.signInFailed).not.toHaveBeenCalled();
  });

  it('answers null for a wrong password and leaves it counted as a failed sign-in of that account and address', async () => {
    const { reauth, throttle, attempt } = await setup();
    expect(await reauth.confirm(actor, 'wrong-password', '10.0.0.7')).toBeNull();
    expect(throttle.signInFailed).toHaveBeenCalledWith(attempt, 'u-1');
    expect(throttle.passwordConfirmed).not.toHaveBeenCalled();
  });

  it('lets the throttle’s 429 through: a locked account cannot sign, even with the right password (never checked)', async () => {
    const { reauth, throttle } = await setup();
    const locked = new Error('Too many failed attempts');
    throttle.countAttempt.mockRejectedValueOnce(locked);
    await expect(reauth.confirm(actor, 'right-password', '10.0.0.7')).rejects.toBe(locked);
    expect(throttle.deciding).not.toHaveBeenCalled();
  });

  it('lets the 429 of a wrong password that locked through', async () => {
    const { reauth, throttle } = await setup();
    const locked = new Error('Too many failed attempts');
    throttle.signInFailed.mockRejectedValueOnce(locked);
    await expect(reauth.confirm(actor, 'wrong-password', '10.0.0.7')).rejects.toBe(locked);
  });

  it('with Redis down still checks the password (uncounted) so releases go on through the outage', async () => {
    const { reauth, throttle } = await setup({ redisDown: true });
    expect(await reauth.confirm(actor, 'right-password', '10.0.0.7')).toMatchObject({ id: 'u-1' });
    expect(await reauth.confirm(actor, 'wrong-password', '10.0.0.7')).toBeNull();
    expect([throttle.signInFailed, throttle.passwordConfirmed, throttle.deciding].map((f) => f.mock.calls.length)).toEqual([0, 0, 0]);
  });

  it('refuses a disabled account', async () => {
    const { reauth } = await setup({ active: false });
    expect(await reauth.confirm(actor, 'right-password', '10.0.0.7')).toBeNull();
  });
});

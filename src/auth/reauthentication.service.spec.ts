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
  const throttle = {
    assertMaySignIn: jest.fn(opts.redisDown ? down : () => Promise.resolve()),
    signInFailed: jest.fn(opts.redisDown ? down : () => Promise.resolve()),
  };
  return { reauth: new Reauthentication(users, throttle as unknown as SignInThrottle), throttle };
}

describe('Reauthentication (password re-entry for an electronic signature)', () => {
  it('confirms the signed-in user with their own password, without counting a failure', async () => {
    const { reauth, throttle } = await setup();
    expect(await reauth.confirm(actor, 'right-password', '10.0.0.7')).toEqual({ id: 'u-1', displayName: 'Morgan Lee', email: 'morgan@lab.test' });
    expect(throttle.assertMaySignIn).toHaveBeenCalledWith('morgan@lab.test', '10.0.0.7');
    expect(throttle.signInFailed).not.toHaveBeenCalled();
  });

  it('answers null for a wrong password and counts it as a failed sign-in of that account and address', async () => {
    const { reauth, throttle } = await setup();
    expect(await reauth.confirm(actor, 'wrong-password', '10.0.0.7')).toBeNull();
    expect(throttle.signInFailed).toHaveBeenCalledWith({ email: 'morgan@lab.test', userId: 'u-1', address: '10.0.0.7' });
  });

  it('lets the throttle’s 429 through: a locked account cannot sign, even with the right password', async () => {
    const { reauth, throttle } = await setup();
    const locked = new Error('Too many failed attempts');
    throttle.assertMaySignIn.mockRejectedValueOnce(locked);
    await expect(reauth.confirm(actor, 'right-password', '10.0.0.7')).rejects.toBe(locked);
  });

  it('with Redis down still checks the password (uncounted) so releases go on through the outage', async () => {
    const { reauth } = await setup({ redisDown: true });
    expect(await reauth.confirm(actor, 'right-password', '10.0.0.7')).toMatchObject({ id: 'u-1' });
    expect(await reauth.confirm(actor, 'wrong-password', '10.0.0.7')).toBeNull();
  });

  it('refuses a disabled account', async () => {
    const { reauth } = await setup({ active: false });
    expect(await reauth.confirm(actor, 'right-password', '10.0.0.7')).toBeNull();
  });
});

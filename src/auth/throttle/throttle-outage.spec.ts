import { Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { SignInThrottle } from './sign-in-throttle.service';
import { ThrottleUnavailableError } from './throttle-unavailable';
import { THROTTLE_STORE_WAIT_MS, ThrottleStore } from './throttle.store';

/** Redis "down": nothing listens on port 1, so every connection attempt is refused. */
const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), REDIS_URL: 'redis://127.0.0.1:1' });

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; outcome: unknown }> {
  const started = Date.now();
  const outcome = await work().catch((e: unknown) => e);
  return { ms: Date.now() - started, outcome };
}

describe('sign-in throttling with Redis down', () => {
  let store: ThrottleStore;
  let throttle: SignInThrottle;

  beforeAll(() => {
    Logger.overrideLogger(false);
    store = new ThrottleStore(config);
    throttle = new SignInThrottle(store, {} as UnitOfWork, {} as AuditService, config);
  });
  afterAll(() => store.onModuleDestroy());

  it('refuses a sign-in with 503, Retry-After and a clear message, within the wait bound', async () => {
    const { ms, outcome } = await timed(() => throttle.countAttempt('tech@lab.test', '10.0.0.7'));
    expect(outcome).toBeInstanceOf(ThrottleUnavailableError);
    const error = outcome as ThrottleUnavailableError;
    expect(error.getStatus()).toBe(503);
    expect(error.retryAfterSeconds).toBe(5);
    expect(error.getResponse()).toMatchObject({ error: 'SIGN_IN_UNAVAILABLE', message: expect.stringMatching(/Redis.*try again shortly/) });
    expect(ms).toBeLessThan(THROTTLE_STORE_WAIT_MS + 250);
  });

  it('refuses to check a password it cannot count first (503, not 401): the check never runs', async () => {
    const check = jest.fn(() => Promise.resolve(false));
    const { outcome } = await timed(async () => throttle.deciding(await throttle.countAttempt('tech@lab.test', '10.0.0.7'), check));
    expect(outcome).toBeInstanceOf(ThrottleUnavailableError);
    expect(check).not.toHaveBeenCalled();
  });

  it('lets a licensee key be tried and a right password through (fail open), within the wait bound', async () => {
    // An attempt counted just before Redis went away: taking it back is skipped, not a failed sign-in.
    const attempt = { email: 'tech@lab.test', address: '10.0.0.7', reservation: { token: 't-1', counted: [] } };
    for (const work of [
      () => throttle.assertMayTryApiKey('10.0.0.8'),
      () => throttle.apiKeyFailed('10.0.0.8'),
      () => throttle.signInSucceeded(attempt),
      () => throttle.passwordConfirmed(attempt),
    ]) {
      const { ms, outcome } = await timed(work);
      expect({ ms: ms < THROTTLE_STORE_WAIT_MS + 250, outcome }).toEqual({ ms: true, outcome: undefined });
    }
  });

  it('answers an admin reading a lock with 503 rather than a guess', async () => {
    const { outcome } = await timed(() => throttle.accountState('tech@lab.test'));
    expect(outcome).toBeInstanceOf(ThrottleUnavailableError);
  });
});

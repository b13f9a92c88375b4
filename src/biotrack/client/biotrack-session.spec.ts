import { BiotrackSession } from './biotrack-session';

describe('BiotrackSession', () => {
  function login(ttlMs: number, clock: { now: number }) {
    let n = 0;
    const fn = jest.fn(async () => ({ sessionToken: `tok-${++n}`, expiresAt: new Date(clock.now + ttlMs).toISOString() }));
    return fn;
  }

  it('logs in once for concurrent callers', async () => {
    const clock = { now: Date.parse('2026-11-25T10:00:00Z') };
    const fn = login(30 * 60_000, clock);
    const session = new BiotrackSession(fn, () => clock.now);
    const tokens = await Promise.all([session.current(), session.current(), session.current()]);
    expect(tokens).toEqual(['tok-1', 'tok-1', 'tok-1']);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('renews shortly before expiry', async () => {
    const clock = { now: Date.parse('2026-11-25T10:00:00Z') };
    const fn = login(30 * 60_000, clock);
    const session = new BiotrackSession(fn, () => clock.now, 30_000);
    await session.current();
    clock.now += 29 * 60_000;
    expect(await session.current()).toBe('tok-1');
    clock.now += 31_000;
    expect(await session.current()).toBe('tok-2');
  });

  it('drops an expired token only if no one has renewed it yet', async () => {
    const clock = { now: Date.parse('2026-11-25T10:00:00Z') };
    const session = new BiotrackSession(login(30 * 60_000, clock), () => clock.now);
    const first = await session.current();
    session.expire(first);
    const second = await session.current();
    expect(second).toBe('tok-2');
    session.expire(first);
    expect(await session.current()).toBe('tok-2');
  });

  it('lets the next caller try again after a failed login', async () => {
    let fail = true;
    const session = new BiotrackSession(async () => {
      if (fail) throw new Error('down');
      return { sessionToken: 'ok', expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    });
    await expect(session.current()).rejects.toThrow('down');
    fail = false;
    await expect(session.current()).resolves.toBe('ok');
  });
});

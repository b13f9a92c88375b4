import { bootContext, CHEAP_ARGON2, createTestApp, TestContext } from './test-app';

export { CHEAP_ARGON2 };

export type Signed = { token: string; id: string; email: string };

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Two API processes on one database and Redis (same QUEUE_PREFIX), as two replicas, with cheap password
 * checks, one trusted proxy hop (tests choose the client address) and no waits between failures (only the
 * lock counts), plus an admin; `env` adds to or overrides those settings.
 */
export async function throttledPair(env: Record<string, string>): Promise<{ t: TestContext; second: TestContext; admin: Signed }> {
  const t = await createTestApp({
    simulator: false,
    env: { ...CHEAP_ARGON2, TRUSTED_PROXY_HOPS: '1', THROTTLE_DELAY_BASE_MS: '0', ...env },
  });
  const second = await bootContext(t.env);
  return { t, second, admin: await t.userToken('admin') };
}

/** The sign-in lock's audit events of one account or address, oldest first. */
export function lockAudits(t: TestContext, entityId: string) {
  return t.sql<{ action: string; actor_type: string; actor_id: string | null; after: Record<string, unknown> | null; reason: string | null }>(
    `SELECT action, actor_type, actor_id, after, reason FROM audit_events WHERE entity_id = $1 AND action LIKE 'auth.%' ORDER BY id`,
    [entityId],
  );
}

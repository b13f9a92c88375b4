import { randomBytes } from 'node:crypto';

export interface Session {
  token: string;
  license: string;
  expiresAt: number;
}

export type SessionCheck = { state: 'valid'; session: Session } | { state: 'expired' } | { state: 'unknown' };

/** Fixed-lifetime sessions (no sliding renewal), so a test can predict exactly when one lapses. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  open(license: string): Session {
    const session = { token: randomBytes(24).toString('hex'), license, expiresAt: this.now() + this.ttlSeconds * 1000 };
    this.sessions.set(session.token, session);
    return session;
  }

  check(token: string | undefined): SessionCheck {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session) return { state: 'unknown' };
    if (this.now() >= session.expiresAt) return { state: 'expired' };
    return { state: 'valid', session };
  }

  /** Expired tokens are kept, so their holders hear session_expired (log in again), not unauthorized. */
  expireAll(): number {
    const at = this.now();
    let expired = 0;
    for (const session of this.sessions.values()) {
      if (session.expiresAt > at) {
        session.expiresAt = at;
        expired++;
      }
    }
    return expired;
  }

  list(): Session[] {
    return [...this.sessions.values()];
  }
}

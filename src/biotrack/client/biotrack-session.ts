import { LoginResponse } from './biotrack.types';

/**
 * The lab's NY-API session token. Concurrent callers share one login (single flight); a token is
 * renewed shortly before it expires and dropped when the state says it has expired.
 */
export class BiotrackSession {
  private token: string | null = null;
  private expiresAt = 0;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly login: () => Promise<LoginResponse>,
    private readonly now: () => number = Date.now,
    private readonly renewBeforeMs = 30_000,
  ) {}

  current(): Promise<string> {
    if (this.token && this.now() < this.expiresAt - this.renewBeforeMs) return Promise.resolve(this.token);
    if (!this.pending) {
      this.pending = this.login()
        .then((answer) => {
          this.token = answer.sessionToken;
          const expires = Date.parse(answer.expiresAt);
          // A session shorter than the renewal margin is still used once rather than never.
          this.expiresAt = Number.isNaN(expires) ? this.now() + 60_000 : Math.max(expires, this.now() + this.renewBeforeMs + 1);
          return answer.sessionToken;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  /** Forget `token` if it is still the current one (another caller may already have renewed it). */
  expire(token: string): void {
    if (this.token === token) {
      this.token = null;
      this.expiresAt = 0;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { RevokeReason, SessionEntity } from './session.entity';

/** Where a sign-in came from, kept so an admin can tell a user's sessions apart. */
export interface SessionOrigin {
  address: string;
  userAgent?: string;
}

/** How long the last-seen time may lag, so an active session writes at most once per this many seconds. */
const TOUCH_EVERY_SECONDS = 30;

/**
 * Server-side sessions in PostgreSQL. The guard asks `check` on every request, which reads the row (no
 * cache), so a revocation by any API replica is in force on the next request everywhere. A session ends
 * at the first of: revocation, SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS after sign-in.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  private get repo() {
    return this.uow.manager.getRepository(SessionEntity);
  }

  async open(userId: string, origin: SessionOrigin): Promise<SessionEntity> {
    const now = new Date();
    return this.repo.save(
      this.repo.create({
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.config.sessions.maxHours * 3600_000),
        clientAddress: origin.address,
        userAgent: origin.userAgent?.slice(0, 400) ?? null,
      }),
    );
  }

  /**
   * The session's absolute end when it is open for this user, and marks it seen; null when it is unknown,
   * revoked, idle too long or past its maximum age.
   */
  async check(sessionId: string, userId: string): Promise<Date | null> {
    const rows = await this.uow.query<Array<{ expires_at: Date }>>(
      `WITH live AS (
         SELECT id, expires_at, last_seen_at FROM sessions
         WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()
           AND last_seen_at > now() - make_interval(mins => $3)
       ), touched AS (
         UPDATE sessions s SET last_seen_at = now() FROM live
         WHERE s.id = live.id AND live.last_seen_at < now() - make_interval(secs => $4)
         RETURNING s.id
       )
       SELECT expires_at FROM live`,
      [sessionId, userId, this.config.sessions.idleMinutes, TOUCH_EVERY_SECONDS],
    );
    return rows[0]?.expires_at ?? null;
  }

  /** Open sessions of a user, newest first (idle ones past the timeout are not listed). */
  listOpen(userId: string): Promise<SessionEntity[]> {
    return this.repo
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > now()', { userId })
      .andWhere('s.last_seen_at > now() - make_interval(mins => :idle)', { idle: this.config.sessions.idleMinutes })
      .orderBy('s.created_at', 'DESC')
      .getMany();
  }

  /** Revokes every open session of the user; the number revoked. Joins the caller's transaction. */
  async revokeAll(userId: string, reason: RevokeReason): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, count] = await this.uow.query<[unknown[], number]>(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
    return count;
  }

  /** Revokes one session of the user; false when it was not open (or not theirs). */
  async revoke(sessionId: string, userId: string, reason: RevokeReason): Promise<boolean> {
    const [, count] = await this.uow.query<[unknown[], number]>(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [sessionId, userId, reason],
    );
    return count > 0;
  }

  /** Seconds a token issued now may live: the JWT lifetime, cut at the session's absolute end. */
  tokenLifetimeSeconds(expiresAt: Date): number {
    return Math.min(this.config.jwt.ttlSeconds, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  }
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Why a session ended early: the user signed out, or a change to the account closed every session. */
export type RevokeReason = 'logout' | 'password_changed' | 'password_reset' | 'role_changed' | 'disabled' | 'admin';

/** One sign-in: its id is in the token, and every request checks it is still open (any API replica sees a revocation). */
@Entity('sessions')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** The absolute end: a refresh never issues a token past it. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason!: RevokeReason | null;

  @Column({ name: 'client_address', type: 'text', nullable: true })
  clientAddress!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a user can be made to set a new password at the next sign-in (after an admin's reset, whose
 * temporary password expires), and sign-ins are server-side sessions that can be revoked at once and
 * end after an idle time and an absolute maximum age.
 */
export class AccountsSessions1764000017000 implements MigrationInterface {
  name = 'AccountsSessions1764000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN temporary_password_expires_at timestamptz,
        ADD COLUMN password_changed_at timestamptz
    `);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        client_address text,
        user_agent text,
        CHECK (expires_at > created_at),
        CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      )
    `);
    await q.query(`CREATE INDEX sessions_user_open_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
    await q.query(`ALTER TABLE users DROP COLUMN must_change_password, DROP COLUMN temporary_password_expires_at, DROP COLUMN password_changed_at`);
  }
}

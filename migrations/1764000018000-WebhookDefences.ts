import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: an endpoint remembers the API key that registered it (revoking the key disables it) and why
 * it was disabled; due deliveries are found per endpoint; delivery-log errors written before this
 * release, which quoted sockets and receivers verbatim, are reduced to the generic wording used from now on.
 */
export class WebhookDefences1764000018000 implements MigrationInterface {
  name = 'WebhookDefences1764000018000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhook_endpoints
        ADD COLUMN created_by_api_key_id uuid REFERENCES licensee_api_keys (id),
        ADD COLUMN disabled_reason text CHECK (disabled_reason IN ('licensee', 'api_key_revoked', 'admin'))
    `);
    await q.query(`UPDATE webhook_endpoints SET disabled_reason = 'licensee' WHERE NOT active`);
    await q.query(`ALTER TABLE webhook_endpoints ADD CHECK (active = (disabled_reason IS NULL))`);
    await q.query(`CREATE INDEX webhook_endpoints_api_key_idx ON webhook_endpoints (created_by_api_key_id) WHERE active`);
    await q.query(`CREATE INDEX webhook_deliveries_endpoint_due_idx ON webhook_deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending'`);
    await q.query(`
      UPDATE webhook_deliveries
         SET last_error = CASE
               WHEN last_error ~ '^receiver answered [0-9]{3}$' THEN 'HTTP ' || right(last_error, 3)
               WHEN last_error ~* 'timeout' THEN 'timeout'
               ELSE 'connection failed'
             END
       WHERE last_error IS NOT NULL
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_deliveries_endpoint_due_idx`);
    await q.query(`DROP INDEX webhook_endpoints_api_key_idx`);
    await q.query(`ALTER TABLE webhook_endpoints DROP COLUMN disabled_reason, DROP COLUMN created_by_api_key_id`);
  }
}

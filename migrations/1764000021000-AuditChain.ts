import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail's hash chain (docs/backup-restore.md, "The audit hash chain").
 * - audit_events.txid: the inserting transaction's id, forced by a trigger. The linker chains only rows
 *   whose transaction is older than every transaction still running (pg_snapshot_xmin), so it never
 *   skips a row that commits late, and writers never wait for it.
 * - audit_chain_links: one row per chained event, in link order: the SHA-256 of the event's canonical
 *   content and the chain hash sha256(previous chain hash || content hash).
 * - audit_chain_heads: periodic HMAC-signed (position, chain hash, time), the key kept outside the database.
 * - audit_chain_verifications: each verification run's outcome, for /metrics and the daily job.
 * All three are insert-only for every role, like audit_events itself.
 */
export class AuditChain1764000021000 implements MigrationInterface {
  name = 'AuditChain1764000021000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default adds the column without rewriting (or firing triggers on) existing rows: they
    // keep txid 0 and are chained first, in id order.
    await q.query(`ALTER TABLE audit_events ADD COLUMN txid xid8 NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN txid SET DEFAULT pg_current_xact_id()`);
    await q.query(`
      CREATE FUNCTION audit_events_stamp_txid() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.txid := pg_current_xact_id();
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_txid BEFORE INSERT ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_stamp_txid()`);
    await q.query(`CREATE INDEX audit_events_txid_idx ON audit_events (txid, id)`);

    await q.query(`
      CREATE TABLE audit_chain_links (
        position bigint PRIMARY KEY CHECK (position > 0),
        event_id bigint NOT NULL UNIQUE REFERENCES audit_events (id),
        event_txid xid8 NOT NULL,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        chain_hash text NOT NULL CHECK (chain_hash ~ '^[0-9a-f]{64}$'),
        linked_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE audit_chain_heads (
        id bigserial PRIMARY KEY,
        position bigint NOT NULL CHECK (position >= 0),
        chain_hash text NOT NULL CHECK (chain_hash ~ '^[0-9a-f]{64}$'),
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL CHECK (signature ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_chain_heads_position_idx ON audit_chain_heads (position)`);
    await q.query(`
      CREATE TABLE audit_chain_verifications (
        id bigserial PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        from_position bigint NOT NULL,
        verified_position bigint NOT NULL,
        verified_chain_hash text NOT NULL,
        ok boolean NOT NULL,
        broken_position bigint,
        broken_event_id bigint,
        problem text,
        trigger text NOT NULL CHECK (trigger IN ('daily', 'manual', 'restore'))
      )`);
    for (const table of ['audit_chain_links', 'audit_chain_heads', 'audit_chain_verifications']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_chain_verifications`);
    await q.query(`DROP TABLE audit_chain_heads`);
    await q.query(`DROP TABLE audit_chain_links`);
    await q.query(`DROP INDEX audit_events_txid_idx`);
    await q.query(`DROP TRIGGER audit_events_txid ON audit_events`);
    await q.query(`DROP FUNCTION audit_events_stamp_txid()`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN txid`);
  }
}

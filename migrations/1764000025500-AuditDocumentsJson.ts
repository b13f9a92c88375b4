import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events' before and after documents are stored as `json` (the text as written, checked to be
 * JSON) rather than `jsonb` (parsed into PostgreSQL's binary form). Nothing queries inside them but
 * the chain check's `->>` (which `json` has too) and no index reads them; what the trail needs is the
 * document exactly as recorded. A batch import writes one event per sample, each with the sample's
 * results, and the binary conversion of those megabytes was most of the audit INSERT's time.
 *
 * Existing documents become `json` holding jsonb's own text, which is the text the audit chain already
 * hashed (it reads `before::text`, `after::text`), so every link still verifies. The table is rewritten
 * once (an ACCESS EXCLUSIVE lock for the rewrite: run it in the deploy window, docs/deploy.md).
 */
export class AuditDocumentsJson1764000025500 implements MigrationInterface {
  name = 'AuditDocumentsJson1764000025500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ALTER COLUMN before TYPE json USING before::json, ALTER COLUMN after TYPE json USING after::json`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN before SET COMPRESSION lz4, ALTER COLUMN after SET COMPRESSION lz4`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ALTER COLUMN before TYPE jsonb USING before::jsonb, ALTER COLUMN after TYPE jsonb USING after::jsonb`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN before SET COMPRESSION lz4, ALTER COLUMN after SET COMPRESSION lz4`);
  }
}

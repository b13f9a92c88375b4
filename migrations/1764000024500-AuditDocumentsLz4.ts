import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events' before and after documents are compressed with LZ4 rather than PostgreSQL's default
 * pglz. A batch import writes one event per sample, each with the sample's results (several KB), so
 * 400 samples put about 3 MB through TOAST compression inside the import's transaction. On such
 * documents (8 KB of JSON) LZ4 took 60% of pglz's time; it stores them about a fifth larger than pglz
 * does, and both keep under a tenth of the text.
 *
 * Only how new values are stored changes. Existing values stay as they are; PostgreSQL reads both, and
 * a document reads back byte for byte the same, so the audit chain's hashes are unaffected.
 */
export class AuditDocumentsLz41764000024500 implements MigrationInterface {
  name = 'AuditDocumentsLz41764000024500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ALTER COLUMN before SET COMPRESSION lz4, ALTER COLUMN after SET COMPRESSION lz4`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ALTER COLUMN before SET COMPRESSION pglz, ALTER COLUMN after SET COMPRESSION pglz`);
  }
}

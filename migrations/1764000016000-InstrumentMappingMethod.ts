import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An instrument's saved mapping may name the method (method registry id) the instrument runs, so its
 * imports carry that method and its LOD/LOQ. Checked against the registry in force when saved and
 * again at each import (the registry is versioned), so no foreign key.
 */
export class InstrumentMappingMethod1764000016000 implements MigrationInterface {
  name = 'InstrumentMappingMethod1764000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE instrument_column_mappings ADD COLUMN method_id text CHECK (method_id <> '')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE instrument_column_mappings DROP COLUMN method_id`);
  }
}

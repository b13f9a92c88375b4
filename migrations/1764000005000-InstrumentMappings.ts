import { MigrationInterface, QueryRunner } from 'typeorm';

/** Column mappings for the generic long CSV, saved once per instrument and reused on every upload. */
export class InstrumentMappings1764000005000 implements MigrationInterface {
  name = 'InstrumentMappings1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE instrument_column_mappings (
        instrument text PRIMARY KEY CHECK (instrument ~ '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$'),
        mapping jsonb NOT NULL,
        updated_by uuid NOT NULL REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE instrument_column_mappings`);
  }
}

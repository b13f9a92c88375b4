import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * analyte_results is keyed by what a row is: (sample_id, version, analyte), already unique. The
 * surrogate `id` (a random UUID that nothing references, reads or shows) is dropped with its index.
 * Each row cost a gen_random_uuid() call, 16 more bytes and an entry at a random place of a B-tree
 * that grows with every result the lab ever stored: an import of 20,000 rows touched 20,000 random
 * index pages (each first touch after a checkpoint also writes a full page image to the WAL), where
 * the natural key touches a few hundred, since a sample's rows sit side by side. Measured with psql
 * on this project's machine, 20,000 rows: about 300 ms before, 135 ms after (bench/README.md).
 */
export class ResultRowsNaturalKey1764000025000 implements MigrationInterface {
  name = 'ResultRowsNaturalKey1764000025000';

  async up(q: QueryRunner): Promise<void> {
    // The frozen-row guard named the refused row by its id: it now names it by its key.
    await q.query(
      frozenGuard(
        `'analyte result % of sample % version % is released and frozen; amend the COA instead (% refused)', OLD.analyte, OLD.sample_id, OLD.version, TG_OP`,
      ),
    );
    await q.query(`ALTER TABLE analyte_results DROP CONSTRAINT analyte_results_pkey`);
    await q.query(`ALTER TABLE analyte_results DROP COLUMN id`);
    await q.query(`ALTER TABLE analyte_results DROP CONSTRAINT analyte_results_sample_id_version_analyte_key`);
    await q.query(`ALTER TABLE analyte_results ADD CONSTRAINT analyte_results_pkey PRIMARY KEY (sample_id, version, analyte)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analyte_results DROP CONSTRAINT analyte_results_pkey`);
    await q.query(`ALTER TABLE analyte_results ADD CONSTRAINT analyte_results_sample_id_version_analyte_key UNIQUE (sample_id, version, analyte)`);
    await q.query(`ALTER TABLE analyte_results ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE analyte_results ADD CONSTRAINT analyte_results_pkey PRIMARY KEY (id)`);
    await q.query(frozenGuard(`'analyte result % is released and frozen; amend the COA instead (% refused)', OLD.id, TG_OP`));
  }
}

/** The BEFORE UPDATE OR DELETE guard of released rows (migration 1764000002000), raising `message`. */
function frozenGuard(message: string): string {
  return `
    CREATE OR REPLACE FUNCTION refuse_frozen_result_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.frozen THEN
        RAISE EXCEPTION ${message}
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$`;
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who reported a result row's source when it was not this laboratory: for a COA import, the issuing
 * lab's name and license as its certificate prints them. Kept by the results module (keyed like the rows'
 * source_type and source_id) so the certificate can name them without reading the instruments' import
 * records. Filled for the COA imports stored before, from their run's facts.
 */
export class ResultSourceReporters1764000028200 implements MigrationInterface {
  name = 'ResultSourceReporters1764000028200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE result_source_reporters (
        source_type text NOT NULL CHECK (source_type IN ('coa_import')),
        source_id uuid NOT NULL,
        lab_name text NULL,
        lab_license text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_type, source_id)
      )`);
    await q.query(`
      INSERT INTO result_source_reporters (source_type, source_id, lab_name, lab_license, created_at)
      SELECT 'coa_import', id, NULLIF(meta->'coa'->>'labName', ''), NULLIF(meta->'coa'->>'labLicense', ''), created_at
        FROM instrument_imports WHERE kind = 'coa_pdf'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE result_source_reporters`);
  }
}

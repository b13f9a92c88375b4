import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Electronic signatures (21 CFR Part 11-style) on the acts that issue a COA: a first release and the
 * second manager's approval of an amendment. One row per signed COA version: who signed (id and the
 * printed name), when, what the signature means, and how the signer proved who they were. Linked to the
 * COA document it signs, insert-only like the documents themselves. The runtime role gets SELECT and
 * INSERT through the default privileges of 1764000020000-LeastPrivilege.
 */
export class ElectronicSignatures1764000022000 implements MigrationInterface {
  name = 'ElectronicSignatures1764000022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE electronic_signatures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sample_id uuid NOT NULL REFERENCES samples(id),
        coa_document_id uuid NOT NULL UNIQUE REFERENCES coa_documents(id),
        coa_version integer NOT NULL CHECK (coa_version > 0),
        amendment_id uuid REFERENCES coa_amendments(id),
        signer_id uuid NOT NULL REFERENCES users(id),
        signer_name text NOT NULL CHECK (signer_name <> ''),
        meaning text NOT NULL CHECK (meaning <> ''),
        method text NOT NULL CHECK (method IN ('password re-entry')),
        signed_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX electronic_signatures_sample_idx ON electronic_signatures (sample_id, coa_version)`);
    await q.query(`
      CREATE TRIGGER electronic_signatures_append_only BEFORE UPDATE OR DELETE ON electronic_signatures
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    await q.query(`
      CREATE TRIGGER electronic_signatures_no_truncate BEFORE TRUNCATE ON electronic_signatures
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE electronic_signatures`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results and everything that hangs off them: limit sets (data), analyte results per COA version,
 * QC flags, instrument and COA imports, COA documents, and the BioTrack outbox. Released rows are
 * frozen by trigger, so no code path, present or future, can edit a released result in place.
 */
export class Results1764000002000 implements MigrationInterface {
  name = 'Results1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE limit_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        effective_date date NOT NULL,
        source text NOT NULL,
        loaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE limit_rules (
        limit_set_id uuid NOT NULL REFERENCES limit_sets(id),
        product_type text NOT NULL,
        analyte text NOT NULL,
        analyte_group text NOT NULL,
        operator text NOT NULL CHECK (operator IN ('lte', 'range', 'not_detected', 'report_only')),
        limit_min numeric,
        limit_max numeric,
        unit text,
        source_tag text NOT NULL,
        source text,
        PRIMARY KEY (limit_set_id, product_type, analyte)
      )`);

    await q.query(`
      CREATE TABLE instrument_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('instrument', 'coa_pdf')),
        format text NOT NULL,
        filename text NOT NULL,
        sha256 text NOT NULL,
        byte_size integer NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        meta jsonb NOT NULL DEFAULT '{}',
        summary jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE analyte_results (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sample_id uuid NOT NULL REFERENCES samples(id),
        version integer NOT NULL CHECK (version >= 1),
        analyte_group text NOT NULL,
        analyte text NOT NULL,
        analyte_name text NOT NULL,
        value numeric,
        qualifier text CHECK (qualifier IN ('ND', '<LOQ', '>ULOQ')),
        unit text NOT NULL,
        lod numeric CHECK (lod >= 0),
        loq numeric CHECK (loq >= 0),
        dilution numeric CHECK (dilution > 0),
        method text,
        instrument text,
        analyst text,
        analysed_at timestamptz,
        source_type text NOT NULL CHECK (source_type IN ('manual', 'instrument_import', 'coa_import', 'computed', 'amendment')),
        source_id uuid,
        entered_by uuid REFERENCES users(id),
        computed boolean NOT NULL DEFAULT false,
        limit_set_id uuid REFERENCES limit_sets(id),
        status text NOT NULL CHECK (status IN ('pass', 'fail', 'report_only', 'no_limit')),
        limit_text text,
        judgement_reason text,
        frozen boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (sample_id, version, analyte),
        CHECK (value IS NOT NULL OR qualifier IS NOT NULL),
        CHECK (qualifier IS NULL OR qualifier = '>ULOQ' OR value IS NULL)
      )`);
    await q.query(`CREATE INDEX analyte_results_sample_idx ON analyte_results (sample_id, version, analyte_group)`);
    await q.query(`
      CREATE FUNCTION refuse_frozen_result_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.frozen THEN
          RAISE EXCEPTION 'analyte result % is released and frozen; amend the COA instead (% refused)', OLD.id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER analyte_results_frozen BEFORE UPDATE OR DELETE ON analyte_results
      FOR EACH ROW EXECUTE FUNCTION refuse_frozen_result_change()`);

    await q.query(`
      CREATE TABLE qc_flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sample_id uuid NOT NULL REFERENCES samples(id),
        import_id uuid REFERENCES instrument_imports(id),
        analyte_group text,
        analyte text,
        kind text NOT NULL,
        message text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by uuid REFERENCES users(id),
        resolution text,
        CHECK ((resolved_at IS NULL) = (resolution IS NULL))
      )`);
    await q.query(`CREATE INDEX qc_flags_sample_idx ON qc_flags (sample_id) WHERE resolved_at IS NULL`);

    await q.query(`
      CREATE TABLE coa_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sample_id uuid NOT NULL REFERENCES samples(id),
        version integer NOT NULL,
        sha256 text NOT NULL,
        pdf bytea NOT NULL,
        verify_token text NOT NULL UNIQUE,
        overall text NOT NULL CHECK (overall IN ('pass', 'fail')),
        limit_set_id uuid REFERENCES limit_sets(id),
        released_at timestamptz NOT NULL,
        released_by uuid NOT NULL REFERENCES users(id),
        amendment_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (sample_id, version),
        CHECK (version = 1 OR amendment_reason IS NOT NULL)
      )`);
    await q.query(`
      CREATE TRIGGER coa_documents_append_only BEFORE UPDATE OR DELETE ON coa_documents
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);

    await q.query(`
      CREATE TABLE biotrack_submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sample_id uuid NOT NULL REFERENCES samples(id),
        coa_version integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('report', 'amend')),
        idempotency_key text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        step text NOT NULL DEFAULT 'post' CHECK (step IN ('post', 'document', 'done')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        outcome_unknown boolean NOT NULL DEFAULT false,
        state_result_id text,
        payload jsonb NOT NULL,
        released_at timestamptz NOT NULL,
        deadline_at timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (sample_id, coa_version)
      )`);
    await q.query(`CREATE INDEX biotrack_submissions_pending_idx ON biotrack_submissions (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX biotrack_submissions_status_idx ON biotrack_submissions (status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE biotrack_submissions`);
    await q.query(`DROP TABLE coa_documents`);
    await q.query(`DROP TABLE qc_flags`);
    await q.query(`DROP TABLE analyte_results`);
    await q.query(`DROP FUNCTION refuse_frozen_result_change()`);
    await q.query(`DROP TABLE instrument_imports`);
    await q.query(`DROP TABLE limit_rules`);
    await q.query(`DROP TABLE limit_sets`);
  }
}

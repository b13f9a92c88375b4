import { MigrationInterface, QueryRunner } from 'typeorm';

/** Licensee API keys, panel sets (data, versioned), transfers, samples and their chain of custody. */
export class SampleIntake1764000001000 implements MigrationInterface {
  name = 'SampleIntake1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE licensee_api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        licensee_id uuid NOT NULL REFERENCES licensees(id),
        prefix text NOT NULL UNIQUE,
        key_hash text NOT NULL,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by text
      )`);
    await q.query(`CREATE INDEX licensee_api_keys_licensee_idx ON licensee_api_keys (licensee_id)`);

    await q.query(`
      CREATE TABLE panel_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        effective_date date NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE panel_set_rows (
        panel_set_id uuid NOT NULL REFERENCES panel_sets(id),
        product_type text NOT NULL,
        analyte_group text NOT NULL,
        requirement text NOT NULL CHECK (requirement IN ('required', 'if_solvent_extracted')),
        source text,
        PRIMARY KEY (panel_set_id, product_type, analyte_group)
      )`);

    await q.query(`
      CREATE TABLE sample_transfers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        manifest_id text NOT NULL UNIQUE,
        licensee_id uuid NOT NULL REFERENCES licensees(id),
        origin text NOT NULL CHECK (origin IN ('state_sync', 'licensee_api', 'retest')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`CREATE SEQUENCE sample_lab_code_seq`);
    await q.query(`
      CREATE TABLE samples (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        transfer_id uuid NOT NULL REFERENCES sample_transfers(id),
        licensee_id uuid NOT NULL REFERENCES licensees(id),
        sample_inventory_id text NOT NULL UNIQUE CHECK (sample_inventory_id ~ '^[0-9]{16}$'),
        inventory_ids text[] NOT NULL CHECK (cardinality(inventory_ids) > 0),
        product_type text NOT NULL CHECK (product_type IN ('flower', 'pre-roll', 'concentrate', 'vape', 'edible', 'tincture', 'topical', 'other')),
        name text NOT NULL,
        quantity numeric NOT NULL CHECK (quantity > 0),
        unit text NOT NULL,
        requested_tests text[] NOT NULL DEFAULT '{}',
        solvent_extracted boolean NOT NULL DEFAULT false,
        collected_at timestamptz,
        collection_site text,
        status text NOT NULL CHECK (status IN ('pending', 'received', 'rejected', 'in_testing', 'submitted', 'released')),
        lab_code text UNIQUE,
        received_at timestamptz,
        received_by uuid REFERENCES users(id),
        received_quantity numeric CHECK (received_quantity > 0),
        received_unit text,
        condition text CHECK (condition IN ('acceptable', 'rejected')),
        rejection_reason text,
        storage_location text,
        notes text,
        panel text[] NOT NULL DEFAULT '{}',
        panel_set_id uuid REFERENCES panel_sets(id),
        parent_sample_id uuid REFERENCES samples(id),
        retest_groups text[],
        result_status text CHECK (result_status IN ('pass', 'fail', 'incomplete')),
        failed_groups text[] NOT NULL DEFAULT '{}',
        released_at timestamptz,
        coa_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        row_version integer NOT NULL DEFAULT 1,
        CHECK (condition <> 'rejected' OR rejection_reason IS NOT NULL),
        CHECK (status = 'pending' OR lab_code IS NOT NULL OR status = 'rejected')
      )`);
    // Keyset paging: newest first within a filter, ties broken by id; licensees poll by update time.
    await q.query(`CREATE INDEX samples_created_idx ON samples (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX samples_status_created_idx ON samples (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX samples_licensee_updated_idx ON samples (licensee_id, updated_at, id)`);
    await q.query(`CREATE INDEX samples_inventory_ids_idx ON samples USING gin (inventory_ids)`);
    await q.query(`CREATE INDEX samples_received_idx ON samples (received_at)`);

    await q.query(`
      CREATE TABLE custody_events (
        id bigserial PRIMARY KEY,
        sample_id uuid NOT NULL REFERENCES samples(id),
        kind text NOT NULL CHECK (kind IN ('announced', 'received', 'rejected', 'moved', 'sub_sampled', 'retained', 'disposed', 'status_changed')),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_type text NOT NULL,
        actor_id text,
        actor_label text NOT NULL,
        location text,
        quantity numeric,
        unit text,
        note text,
        details jsonb
      )`);
    await q.query(`CREATE INDEX custody_events_sample_idx ON custody_events (sample_id, id)`);
    // Chain of custody, like the audit trail, is append-only at the database.
    await q.query(`
      CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER custody_events_append_only BEFORE UPDATE OR DELETE ON custody_events
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE custody_events`);
    await q.query(`DROP FUNCTION refuse_append_only_change()`);
    await q.query(`DROP TABLE samples`);
    await q.query(`DROP SEQUENCE sample_lab_code_seq`);
    await q.query(`DROP TABLE sample_transfers`);
    await q.query(`DROP TABLE panel_set_rows`);
    await q.query(`DROP TABLE panel_sets`);
    await q.query(`DROP TABLE licensee_api_keys`);
  }
}

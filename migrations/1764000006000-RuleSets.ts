import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Limit sets and panel sets become one table of versioned rule sets with a kind. Every set keeps its
 * id, so analyte_results.limit_set_id, coa_documents.limit_set_id and samples.panel_set_id stay valid
 * and only their foreign keys move to rule_sets. Rows stay in their kind's table, keyed by
 * rule_set_id, and may only belong to a set of their own kind. Sets and rows are never edited.
 */
export class RuleSets1764000006000 implements MigrationInterface {
  name = 'RuleSets1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rule_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('limits', 'panels')),
        name text NOT NULL,
        effective_date date NOT NULL,
        source text NOT NULL,
        loaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, name),
        UNIQUE (id, kind)
      )`);
    // The set in force: latest effective date on or before a day, newest load first.
    await q.query(`CREATE INDEX rule_sets_in_force_idx ON rule_sets (kind, effective_date DESC, created_at DESC)`);
    await q.query(`
      INSERT INTO rule_sets (id, kind, name, effective_date, source, loaded_by, created_at)
      SELECT id, 'limits', name, effective_date, source, loaded_by, created_at FROM limit_sets`);
    // Panel sets were only ever seeded by LabTrace itself, which loads as 'labtrace'.
    await q.query(`
      INSERT INTO rule_sets (id, kind, name, effective_date, source, loaded_by, created_at)
      SELECT id, 'panels', name, effective_date, source, 'labtrace', created_at FROM panel_sets`);

    await dropForeignKey(q, 'limit_rules', 'limit_set_id');
    await q.query(`ALTER TABLE limit_rules RENAME COLUMN limit_set_id TO rule_set_id`);
    await addKindKey(q, 'limit_rules', 'limits');

    await dropForeignKey(q, 'panel_set_rows', 'panel_set_id');
    await q.query(`ALTER TABLE panel_set_rows RENAME TO panel_rules`);
    await q.query(`ALTER TABLE panel_rules RENAME COLUMN panel_set_id TO rule_set_id`);
    await q.query(`ALTER TABLE panel_rules RENAME CONSTRAINT panel_set_rows_pkey TO panel_rules_pkey`);
    await q.query(`ALTER TABLE panel_rules RENAME CONSTRAINT panel_set_rows_requirement_check TO panel_rules_requirement_check`);
    await addKindKey(q, 'panel_rules', 'panels');

    for (const [table, column] of REFERENCES) {
      await dropForeignKey(q, table, column);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_fkey FOREIGN KEY (${column}) REFERENCES rule_sets (id)`);
    }
    await q.query(`DROP TABLE limit_sets`);
    await q.query(`DROP TABLE panel_sets`);

    for (const table of ['rule_sets', 'limit_rules', 'panel_rules']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rule_sets', 'limit_rules', 'panel_rules']) await q.query(`DROP TRIGGER ${table}_append_only ON ${table}`);

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
      CREATE TABLE panel_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        effective_date date NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO limit_sets (id, name, effective_date, source, loaded_by, created_at)
      SELECT id, name, effective_date, source, loaded_by, created_at FROM rule_sets WHERE kind = 'limits'`);
    await q.query(`
      INSERT INTO panel_sets (id, name, effective_date, source, created_at)
      SELECT id, name, effective_date, source, created_at FROM rule_sets WHERE kind = 'panels'`);

    for (const [table, column] of REFERENCES) {
      await dropForeignKey(q, table, column);
      const target = column === 'panel_set_id' ? 'panel_sets' : 'limit_sets';
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_fkey FOREIGN KEY (${column}) REFERENCES ${target} (id)`);
    }

    await q.query(`ALTER TABLE panel_rules DROP COLUMN kind`);
    await q.query(`ALTER TABLE panel_rules RENAME CONSTRAINT panel_rules_requirement_check TO panel_set_rows_requirement_check`);
    await q.query(`ALTER TABLE panel_rules RENAME CONSTRAINT panel_rules_pkey TO panel_set_rows_pkey`);
    await q.query(`ALTER TABLE panel_rules RENAME COLUMN rule_set_id TO panel_set_id`);
    await q.query(`ALTER TABLE panel_rules RENAME TO panel_set_rows`);
    await q.query(`ALTER TABLE panel_set_rows ADD CONSTRAINT panel_set_rows_panel_set_id_fkey FOREIGN KEY (panel_set_id) REFERENCES panel_sets (id)`);

    await q.query(`ALTER TABLE limit_rules DROP COLUMN kind`);
    await q.query(`ALTER TABLE limit_rules RENAME COLUMN rule_set_id TO limit_set_id`);
    await q.query(`ALTER TABLE limit_rules ADD CONSTRAINT limit_rules_limit_set_id_fkey FOREIGN KEY (limit_set_id) REFERENCES limit_sets (id)`);

    await q.query(`DROP TABLE rule_sets`);
  }
}

/** Columns outside the rule tables that name a set, each kept under its name and id. */
const REFERENCES: ReadonlyArray<[table: string, column: string]> = [
  ['analyte_results', 'limit_set_id'],
  ['coa_documents', 'limit_set_id'],
  ['samples', 'panel_set_id'],
];

/** Drops the foreign key on one column by what it is, not by a guessed constraint name. */
async function dropForeignKey(q: QueryRunner, table: string, column: string): Promise<void> {
  const found = (await q.query(
    `SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
     WHERE c.conrelid = $1::regclass AND c.contype = 'f' AND a.attname = $2`,
    [table, column],
  )) as Array<{ conname: string }>;
  if (found.length !== 1) throw new Error(`expected one foreign key on ${table}.${column}, found ${found.length}`);
  await q.query(`ALTER TABLE ${table} DROP CONSTRAINT "${found[0].conname}"`);
}

/** A row may only belong to a set of its table's kind: the kind is a fixed column in a two-column key. */
async function addKindKey(q: QueryRunner, table: string, kind: string): Promise<void> {
  await q.query(`ALTER TABLE ${table} ADD COLUMN kind text NOT NULL DEFAULT '${kind}' CHECK (kind = '${kind}')`);
  await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_rule_set_fkey FOREIGN KEY (rule_set_id, kind) REFERENCES rule_sets (id, kind)`);
}

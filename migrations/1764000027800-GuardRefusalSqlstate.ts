import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database's guards (triggers refusing a change to kept or frozen records) raise their own SQLSTATE,
 * LTF01, instead of 42501 insufficient_privilege, which PostgreSQL also raises for a missing grant ("permission
 * denied for table …", a deployment fault). The HTTP filter answers a guard's refusal with 409 RECORD_FROZEN
 * and an error log (src/common/database-refusal.ts); a privilege error stays a 500.
 *
 * Each function is re-created from its own stored definition with only the ERRCODE changed, so its logic stays
 * exactly as the migration that last defined it wrote it. coa_amendments_decide_once raised the default
 * P0001 (raise_exception); it gains the same code. down() restores each as it was.
 */
export class GuardRefusalSqlstate1764000027800 implements MigrationInterface {
  name = 'GuardRefusalSqlstate1764000027800';

  async up(q: QueryRunner): Promise<void> {
    for (const guard of GUARDS) await rewrite(q, guard.fn, guard.before, guard.after, guard.count);
    const left = (await q.query(`SELECT p.proname FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.prosrc LIKE $1 ORDER BY 1`, [
      `%ERRCODE = 'insufficient_privilege'%`,
    ])) as Array<{ proname: string }>;
    if (left.length > 0) throw new Error(`functions still raising insufficient_privilege: ${left.map((f) => f.proname).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const guard of [...GUARDS].reverse()) await rewrite(q, guard.fn, guard.after, guard.before, guard.count);
  }
}

const PRIVILEGE = `ERRCODE = 'insufficient_privilege'`;
const GUARD = `ERRCODE = 'LTF01'`;

/** Every trigger function that refuses a change, with what its RAISE says now and how many RAISEs it has. */
const GUARDS: ReadonlyArray<{ fn: string; before: string; after: string; count: number }> = [
  { fn: 'refuse_audit_change', before: PRIVILEGE, after: GUARD, count: 1 },
  { fn: 'refuse_append_only_change', before: PRIVILEGE, after: GUARD, count: 1 },
  { fn: 'refuse_frozen_result_change', before: PRIVILEGE, after: GUARD, count: 1 },
  { fn: 'refuse_frozen_mark_change', before: PRIVILEGE, after: GUARD, count: 1 },
  { fn: 'approval_requests_decide_once', before: PRIVILEGE, after: GUARD, count: 1 },
  { fn: 'rule_sets_decide_once', before: PRIVILEGE, after: GUARD, count: 1 },
  { fn: 'refuse_truncate', before: PRIVILEGE, after: GUARD, count: 1 },
  { fn: 'refuse_released_sample_change', before: PRIVILEGE, after: GUARD, count: 2 },
  { fn: 'qc_flags_resolve_once', before: PRIVILEGE, after: GUARD, count: 2 },
  { fn: 'coa_amendments_decide_once', before: `(% refused)', TG_OP;`, after: `(% refused)', TG_OP USING ${GUARD};`, count: 1 },
];

/** Re-creates a trigger function from its stored definition with `from` replaced by `to` (exactly `count` times). */
async function rewrite(q: QueryRunner, fn: string, from: string, to: string, count: number): Promise<void> {
  const [{ definition }] = (await q.query(`SELECT pg_get_functiondef(to_regprocedure($1)) AS definition`, [`${fn}()`])) as Array<{
    definition: string | null;
  }>;
  if (!definition) throw new Error(`trigger function ${fn}() not found`);
  const found = definition.split(from).length - 1;
  if (found !== count) throw new Error(`${fn}(): expected ${count} of ${from}, found ${found}`);
  await q.query(definition.split(from).join(to));
}

import { Client } from 'pg';
import { receivedSample, registerLicensee } from './support/lab';
import { pgRefusal } from './support/pg-refusal';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Issue 23: a result row's sample, user, limit set and method set are checked once per statement
 * (migration 1764000024000) instead of by four per-row foreign keys. These are the foreign keys'
 * promises, held against the statement-level check on the real database, as the runtime role.
 */
describe('result rows name only samples, users and rule sets that exist', () => {
  let t: TestContext;
  let runtime: Client;
  let sampleId: string;
  let techId: string;
  let limitSetId: string;

  beforeAll(async () => {
    t = await createTestApp();
    runtime = new Client({ connectionString: t.databaseUrl });
    await runtime.connect();
    const tech = await t.userToken('technician');
    const admin = await t.userToken('admin');
    techId = tech.id;
    sampleId = (await receivedSample(t, tech.token, await registerLicensee(t, admin.token))).id;
    [{ id: limitSetId }] = await t.sql<{ id: string }>(`SELECT id FROM rule_sets WHERE kind = 'limits' AND status = 'approved' LIMIT 1`);
  });
  afterAll(async () => {
    await runtime.end();
    await t.close();
  });

  /** One result row of the sample as the runtime role writes it, naming the given user and sets. */
  function insertRow(analyte: string, refs: { enteredBy?: string | null; limitSetId?: string | null; methodSetId?: string | null }, db: Client = runtime) {
    return db.query(
      `INSERT INTO analyte_results (sample_id, version, analyte_group, analyte, analyte_name, value, unit, source_type, status, entered_by, limit_set_id, method_set_id)
       VALUES ($1, 1, 'pesticides', $2, $2, '0.01', 'µg/g', 'manual', 'pass', $3, $4, $5)`,
      [sampleId, analyte, refs.enteredBy ?? null, refs.limitSetId ?? null, refs.methodSetId ?? null],
    );
  }

  const rowsOf = async (analyte: string) =>
    (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1 AND analyte = $2`, [sampleId, analyte]))[0].n;

  it('takes a row naming a real user and real sets, and one naming none', async () => {
    await insertRow('abamectin', { enteredBy: techId, limitSetId, methodSetId: limitSetId });
    await insertRow('acephate', {});
    expect(await rowsOf('abamectin')).toBe(1);
    expect(await rowsOf('acephate')).toBe(1);
  });

  it.each([
    ['sample_id', { sampleId: '00000000-0000-4000-8000-000000000005' }, 'analyte_results_sample_id_fkey'],
    ['entered_by', { enteredBy: '00000000-0000-4000-8000-000000000001' }, 'analyte_results_entered_by_fkey'],
    ['limit_set_id', { limitSetId: '00000000-0000-4000-8000-000000000002' }, 'analyte_results_limit_set_id_fkey'],
    ['method_set_id', { methodSetId: '00000000-0000-4000-8000-000000000003' }, 'analyte_results_method_set_id_fkey'],
  ])('refuses a row whose %s names nothing, as a foreign key would (23503), and writes no row of the statement', async (_column, refs, constraint) => {
    const error = await pgRefusal(() =>
      runtime.query(
        `INSERT INTO analyte_results (sample_id, version, analyte_group, analyte, analyte_name, value, unit, source_type, status, entered_by, limit_set_id, method_set_id)
         SELECT $1, 1, 'pesticides', a, a, '0.01', 'µg/g', 'manual', 'pass', $2, $3, $4 FROM unnest(ARRAY['bifenazate', 'bifenthrin']) AS a`,
        [
          'sampleId' in refs ? refs.sampleId : sampleId,
          'enteredBy' in refs ? refs.enteredBy : techId,
          'limitSetId' in refs ? refs.limitSetId : limitSetId,
          'methodSetId' in refs ? refs.methodSetId : null,
        ],
      ),
    );
    expect(error).toMatchObject({ code: '23503', constraint });
    expect(error.message).toContain(_column);
    expect(await rowsOf('bifenazate')).toBe(0);
  });

  it('refuses an update that points a row at a user that does not exist', async () => {
    const error = await pgRefusal(() =>
      runtime.query(`UPDATE analyte_results SET entered_by = '00000000-0000-4000-8000-000000000004' WHERE sample_id = $1 AND analyte = 'acephate'`, [sampleId]),
    );
    expect(error).toMatchObject({ code: '23503', constraint: 'analyte_results_entered_by_fkey' });
    const [row] = await t.sql<{ entered_by: string | null }>(`SELECT entered_by FROM analyte_results WHERE sample_id = $1 AND analyte = 'acephate'`, [
      sampleId,
    ]);
    expect(row.entered_by).toBeNull();
  });

  it('keeps a user who entered results: not even the owner role can delete or renumber them', async () => {
    const deleted = await pgRefusal(() => t.sql(`DELETE FROM users WHERE id = $1`, [techId]));
    expect(deleted).toMatchObject({ code: '23503', constraint: 'analyte_results_entered_by_fkey' });
    expect(deleted.message).toContain('cannot be deleted');
    const renumbered = await pgRefusal(() => t.sql(`UPDATE users SET id = gen_random_uuid() WHERE id = $1`, [techId]));
    expect(renumbered).toMatchObject({ code: '23503' });
    expect(renumbered.message).toContain('cannot be renumbered');
    // An update that leaves the id alone is not a renumbering.
    await t.sql(`UPDATE users SET id = id WHERE id = $1`, [techId]);
  });

  it('keeps a sample that has results: not even the owner role can delete or renumber it', async () => {
    // The guard is a BEFORE trigger: it answers before the sample's custody events' own key would.
    const deleted = await pgRefusal(() => t.sql(`DELETE FROM samples WHERE id = $1`, [sampleId]));
    expect(deleted).toMatchObject({ code: '23503', constraint: 'analyte_results_sample_id_fkey' });
    expect(deleted.message).toContain('cannot be deleted');
    const renumbered = await pgRefusal(() => t.sql(`UPDATE samples SET id = gen_random_uuid() WHERE id = $1`, [sampleId]));
    expect(renumbered).toMatchObject({ code: '23503', constraint: 'analyte_results_sample_id_fkey' });
  });

  it('locks the named user until the writing transaction ends, so a delete cannot slip in between', async () => {
    const manager = await t.userToken('manager');
    const writer = new Client({ connectionString: t.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await insertRow('chlorpyrifos', { enteredBy: manager.id }, writer);
      // The manager has no committed result, so only the writer's lock stands between the owner and the delete.
      await t.sql(`SET lock_timeout = '300ms'`);
      const blocked = await pgRefusal(() => t.sql(`DELETE FROM users WHERE id = $1`, [manager.id]));
      expect(blocked.code).toBe('55P03'); // lock_not_available
      await writer.query('ROLLBACK');
    } finally {
      await t.sql(`SET lock_timeout = 0`);
      await writer.end();
    }
  });
});

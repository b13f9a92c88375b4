import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CoaVersionView, ReleaseAnswerDto } from '../src/certificates/dto/release.dto';
import { binaryBody } from './support/binary-body';
import { receivedSample, registerLicensee } from './support/lab';
import { enterCompletePanel } from './support/panels';
import { pgRefusal } from './support/pg-refusal';
import { reviewedRelease } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

/** Rows the lab must keep: the runtime role may read and add them, never change or remove them. */
const INSERT_ONLY = ['audit_events', 'custody_events', 'coa_documents', 'limit_rules', 'panel_rules', 'method_analytes', 'sample_transfers'];
/** Where the runtime role may delete (unreleased rows only: frozen ones refuse by trigger). */
const DELETABLE = ['analyte_results', 'not_tested_marks'];

/**
 * Issue 21, least privilege: the API runs as the runtime role, which can do what the lab's work needs and
 * nothing that rewrites or erases the record, however it is asked (these statements come over the same
 * kind of connection the app uses, as the same role).
 */
describe('database privileges of the runtime role', () => {
  let t: TestContext;
  let runtime: Client;
  let sampleId: string;
  let released: ReleaseAnswerDto;
  let tech: User;

  beforeAll(async () => {
    t = await createTestApp();
    runtime = new Client({ connectionString: t.databaseUrl });
    await runtime.connect();
    tech = await t.userToken('technician');
  });
  afterAll(async () => {
    await runtime.end();
    await t.close();
  });

  /** The statement's PostgreSQL error: SQLSTATE and message. */
  async function refusal(sql: string, params: unknown[] = []): Promise<{ code: string; message: string }> {
    const e = await pgRefusal(() => runtime.query(sql, params), `the runtime role's ${sql}`);
    return { code: e.code ?? '', message: e.message };
  }

  it('the app connects as a role that is no superuser and owns no table', async () => {
    const [role] = await t.app
      .get(DataSource)
      .query<Array<{ name: string; rolsuper: boolean; owned: number }>>(
        `SELECT current_user AS name, rolsuper, (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned FROM pg_roles r WHERE rolname = current_user`,
      );
    expect(role).toEqual({ name: 'labtrace_app', rolsuper: false, owned: 0 });
  });

  it('works normally as that role: a sample from intake through release, its COA and audit trail', async () => {
    const manager = await t.userToken('manager');
    const admin = await t.userToken('admin');
    const licensee = await registerLicensee(t, admin.token);
    const s = await receivedSample(t, tech.token, licensee);
    sampleId = s.id;
    await enterCompletePanel(t, tech.token, s.id);
    await t.http().post(`/v1/samples/${s.id}/submit`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    const release = await t
      .http()
      .post(`/v1/samples/${s.id}/release`)
      .set('Authorization', `Bearer ${manager.token}`)
      .send(await reviewedRelease(t, manager, s.id))
      .expect(200);
    released = release.body as ReleaseAnswerDto;
    expect(released).toMatchObject({ version: 1, overall: 'pass' });
    const pdf = await t.http().get(`/v1/samples/${s.id}/coa`).set('Authorization', `Bearer ${tech.token}`).buffer(true).parse(binaryBody).expect(200);
    expect(
      createHash('sha256')
        .update(pdf.body as Buffer)
        .digest('hex'),
    ).toBe(released.sha256);
    const [frozen] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1 AND frozen`, [s.id]);
    expect(frozen.n).toBeGreaterThan(10);
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [s.id]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['sample.received', 'coa.released']));
  });

  it('holds exactly the grants the application needs: no TRUNCATE, REFERENCES or TRIGGER anywhere, no change to kept records', async () => {
    const grants = await runtime.query<{ table_name: string; privileges: string[] }>(
      `SELECT table_name, array_agg(privilege_type::text ORDER BY privilege_type) AS privileges
         FROM information_schema.role_table_grants WHERE grantee = current_user AND table_schema = 'public' GROUP BY table_name`,
    );
    const byTable = new Map(grants.rows.map((g) => [g.table_name, g.privileges]));
    expect(byTable.has('migrations')).toBe(false);
    for (const table of INSERT_ONLY) expect([table, byTable.get(table)]).toEqual([table, ['INSERT', 'SELECT']]);
    for (const table of DELETABLE) expect([table, byTable.get(table)]).toEqual([table, ['DELETE', 'INSERT', 'SELECT', 'UPDATE']]);
    for (const [table, privileges] of byTable) {
      expect([table, privileges.filter((p) => !['SELECT', 'INSERT', 'UPDATE', 'DELETE'].includes(p))]).toEqual([table, []]);
      if (!DELETABLE.includes(table)) expect([table, privileges]).toEqual([table, expect.not.arrayContaining(['DELETE'])]);
    }
  });

  it('cannot TRUNCATE any table', async () => {
    const tables = (await runtime.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows;
    expect(tables.length).toBeGreaterThan(20);
    for (const { tablename } of tables) {
      expect([tablename, await refusal(`TRUNCATE ${tablename} CASCADE`)]).toEqual([
        tablename,
        { code: '42501', message: `permission denied for table ${tablename}` },
      ]);
    }
  });

  it('cannot disable a trigger, alter, drop or create a table (no DDL)', async () => {
    for (const table of ['audit_events', 'analyte_results', 'coa_documents', 'custody_events']) {
      expect(await refusal(`ALTER TABLE ${table} DISABLE TRIGGER ALL`)).toEqual({ code: '42501', message: `must be owner of table ${table}` });
      expect(await refusal(`ALTER TABLE ${table} DISABLE TRIGGER USER`)).toEqual({ code: '42501', message: `must be owner of table ${table}` });
    }
    expect(await refusal(`DROP TRIGGER analyte_results_frozen ON analyte_results`)).toEqual({
      code: '42501',
      message: 'must be owner of relation analyte_results',
    });
    expect(await refusal(`DROP TABLE audit_events`)).toEqual({ code: '42501', message: 'must be owner of table audit_events' });
    expect(await refusal(`ALTER TABLE samples ADD COLUMN note2 text`)).toEqual({ code: '42501', message: 'must be owner of table samples' });
    expect(await refusal(`CREATE TABLE scratch (id int)`)).toEqual({ code: '42501', message: 'permission denied for schema public' });
    expect(await refusal(`SET session_replication_role = replica`)).toEqual({
      code: '42501',
      message: 'permission denied to set parameter "session_replication_role"',
    });
  });

  it('cannot UPDATE or DELETE an audit event', async () => {
    const [event] = await t.sql<{ id: string }>(`SELECT id FROM audit_events WHERE entity_id = $1 ORDER BY id LIMIT 1`, [sampleId]);
    expect(await refusal(`UPDATE audit_events SET reason = 'edited' WHERE id = $1`, [event.id])).toEqual({
      code: '42501',
      message: 'permission denied for table audit_events',
    });
    expect(await refusal(`DELETE FROM audit_events WHERE id = $1`, [event.id])).toEqual({ code: '42501', message: 'permission denied for table audit_events' });
  });

  it('cannot UPDATE or DELETE a frozen (released) result', async () => {
    const [row] = await t.sql<{ analyte: string; version: number; value: string }>(
      `SELECT analyte, version, value::text FROM analyte_results WHERE sample_id = $1 AND frozen AND value IS NOT NULL ORDER BY analyte LIMIT 1`,
      [sampleId],
    );
    const key = [sampleId, row.version, row.analyte];
    const update = await refusal(`UPDATE analyte_results SET value = value * 2 WHERE sample_id = $1 AND version = $2 AND analyte = $3`, key);
    // A guard's refusal has its own SQLSTATE (migration 1764000027800), apart from privilege errors.
    expect(update.code).toBe('LTF01');
    expect(update.message).toMatch(
      new RegExp(
        `^analyte result ${row.analyte} of sample ${sampleId} version ${row.version} is released and frozen; amend the COA instead \\(UPDATE refused\\)$`,
      ),
    );
    const remove = await refusal(`DELETE FROM analyte_results WHERE sample_id = $1`, [sampleId]);
    expect(remove).toEqual({ code: 'LTF01', message: expect.stringMatching(/is released and frozen; amend the COA instead \(DELETE refused\)$/) });
    expect(await t.sql(`SELECT value::text FROM analyte_results WHERE sample_id = $1 AND version = $2 AND analyte = $3`, key)).toEqual([{ value: row.value }]);
  });

  it('cannot UPDATE or DELETE a COA document or a custody event', async () => {
    for (const [table, set] of [
      ['coa_documents', `overall = 'fail'`],
      ['custody_events', `note = 'edited'`],
    ]) {
      expect(await refusal(`UPDATE ${table} SET ${set} WHERE sample_id = $1`, [sampleId])).toEqual({
        code: '42501',
        message: `permission denied for table ${table}`,
      });
      expect(await refusal(`DELETE FROM ${table} WHERE sample_id = $1`, [sampleId])).toEqual({
        code: '42501',
        message: `permission denied for table ${table}`,
      });
    }
    const [coa] = await t.sql<{ sha256: string; overall: string }>(`SELECT sha256, overall FROM coa_documents WHERE sample_id = $1`, [sampleId]);
    expect(coa).toEqual({ sha256: released.sha256, overall: 'pass' });
  });

  it('the owner cannot TRUNCATE the records either: a trigger refuses (a second line behind the grants)', async () => {
    for (const table of ['audit_events', 'custody_events', 'coa_documents', 'analyte_results', 'not_tested_marks', 'method_analytes']) {
      await expect(t.sql(`TRUNCATE ${table} CASCADE`)).rejects.toMatchObject({
        code: 'LTF01',
        message: expect.stringMatching(/^\w+ (holds records the lab must keep|is append-only) \(TRUNCATE refused\)$/),
      });
    }
    const [counts] = await t.sql<{ audit: number; coa: number }>(
      `SELECT (SELECT count(*)::int FROM audit_events) AS audit, (SELECT count(*)::int FROM coa_documents) AS coa`,
    );
    expect(counts.audit).toBeGreaterThan(0);
    expect(counts.coa).toBe(1);
  });

  it('still works normally after the refusals: the COA verifies and the released sample reads back', async () => {
    const auth = { Authorization: `Bearer ${tech.token}` };
    const [version] = (await t.http().get(`/v1/samples/${sampleId}/coa/versions`).set(auth).expect(200)).body as CoaVersionView[];
    const verify = await t.http().get(version.verifyPath).set('Accept', 'application/json').expect(200);
    expect(verify.body).toMatchObject({ version: 1, current: true, overall: 'pass', sha256: released.sha256 });
    const sample = await t.http().get(`/v1/samples/${sampleId}`).set(auth).expect(200);
    expect(sample.body).toMatchObject({ status: 'released', coaVersion: 1 });
  });
});

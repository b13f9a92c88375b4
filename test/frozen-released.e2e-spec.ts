import { Client } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { GuardRefusalSqlstate1764000027800 } from '../migrations/1764000027800-GuardRefusalSqlstate';
import { databaseRefusal, GUARD_REFUSAL_SQLSTATE, RECORD_FROZEN_MESSAGE } from '../src/common/database-refusal';
import { amendAndRelease, metalsWithLead } from './support/amendments';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { pgRefusal } from './support/pg-refusal';
import { releasedSample } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type FunctionDef = { proname: string; definition: string };

/** The SQLSTATE of every guard's refusal. */
const GUARD = 'LTF01';
type SampleRow = { lab_code: string; status: string; result_status: string; failed_groups: string[]; coa_version: number; released_at: Date };

const CHANGE_ONLY_BY_AMENDMENT = (labCode: string, version: number) =>
  `sample ${labCode} is released at version ${version}: its verdict, version and release time change only as the approved amendment to ` +
  `version ${version + 1} was released (UPDATE refused)`;

/**
 * audit2 F-8: behind the API, the runtime role itself cannot rewrite what a released certificate rests on
 * (migration 1764000027600), nor a QC flag's resolution. The statements run as the role the app uses.
 * The guards refuse with their own SQLSTATE (LTF01, migration 1764000027800), which the HTTP filter answers
 * with 409 RECORD_FROZEN; a privilege error (42501) is another thing.
 */
describe('released samples and resolved QC flags, frozen in the database', () => {
  let t: TestContext;
  let runtime: Client;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;
  let sampleId: string;

  beforeAll(async () => {
    t = await createTestApp();
    runtime = new Client({ connectionString: t.databaseUrl });
    await runtime.connect();
    tech = await t.userToken('technician');
    managerA = await t.userToken('manager');
    managerB = await t.userToken('manager');
    licensee = await registerLicensee(t, (await t.userToken('admin')).token);
  });
  afterAll(async () => {
    await runtime.end();
    await t.close();
  });

  const refusal = async (sql: string, params: unknown[]) => {
    const e = await pgRefusal(() => runtime.query(sql, params), `the runtime role's ${sql}`);
    return { code: e.code, message: e.message };
  };
  const row = async () =>
    (await t.sql<SampleRow>(`SELECT lab_code, status, result_status, failed_groups, coa_version, released_at FROM samples WHERE id = $1`, [sampleId]))[0];

  it('refuses to change the verdict, version, release time or stated facts of a released sample; storage stays writable', async () => {
    sampleId = (await releasedSample(t, tech, managerA, licensee)).id;
    const before = await row();
    expect(before).toMatchObject({ status: 'released', result_status: 'pass', coa_version: 1 });
    const byAmendmentOnly = { code: GUARD, message: CHANGE_ONLY_BY_AMENDMENT(before.lab_code, 1) };

    expect(await refusal(`UPDATE samples SET result_status = 'fail' WHERE id = $1`, [sampleId])).toEqual(byAmendmentOnly);
    expect(await refusal(`UPDATE samples SET result_status = 'fail', failed_groups = '{metals}', coa_version = 2 WHERE id = $1`, [sampleId])).toEqual(
      byAmendmentOnly,
    );
    expect(await refusal(`UPDATE samples SET released_at = now() WHERE id = $1`, [sampleId])).toEqual(byAmendmentOnly);
    expect(await refusal(`UPDATE samples SET lab_code = 'LT-X', product_type = 'edible', panel = '{metals}' WHERE id = $1`, [sampleId])).toEqual({
      code: GUARD,
      message: `sample ${before.lab_code} is released: its certificate rests on lab_code, panel, product_type (UPDATE refused)`,
    });
    expect(await refusal(`UPDATE samples SET status = 'in_testing', received_at = received_at - interval '1 day' WHERE id = $1`, [sampleId])).toEqual({
      code: GUARD,
      message: `sample ${before.lab_code} is released: its certificate rests on received_at, status (UPDATE refused)`,
    });

    const moved = await runtime.query(`UPDATE samples SET storage_location = 'Retain shelf B', row_version = row_version + 1 WHERE id = $1`, [sampleId]);
    expect(moved.rowCount).toBe(1);
    const custody = await t
      .http()
      .post(`/v1/samples/${sampleId}/custody`)
      .set('Authorization', `Bearer ${tech.token}`)
      .send({ kind: 'moved', location: 'Retain freezer 2' });
    expect(custody.status).toBeLessThan(300);
    expect(custody.body).toMatchObject({ status: 'released', coaVersion: 1 });
    const [{ storage_location }] = await t.sql<{ storage_location: string }>(`SELECT storage_location FROM samples WHERE id = $1`, [sampleId]);
    expect(storage_location).toBe('Retain freezer 2');
    expect(await row()).toEqual(before);
  });

  it('an approved amendment still moves the verdict and version through the API, and only the next one may move them again', async () => {
    const v1 = await row();
    const { released } = await amendAndRelease(t, managerB, managerA, sampleId, {
      amendsVersion: 1,
      reason: 'Lead re-analysed after the ICP-MS check standard drifted',
      results: metalsWithLead('0.62'),
    });
    expect(released).toMatchObject({ version: 2, overall: 'fail' });
    const [doc] = await t.sql<{ released_at: Date }>(`SELECT released_at FROM coa_documents WHERE sample_id = $1 AND version = 2`, [sampleId]);
    const v2 = await row();
    expect(v2).toMatchObject({ status: 'released', result_status: 'fail', failed_groups: ['metals'], coa_version: 2, released_at: doc.released_at });

    const byAmendmentOnly = { code: GUARD, message: CHANGE_ONLY_BY_AMENDMENT(v2.lab_code, 2) };
    expect(await refusal(`UPDATE samples SET result_status = 'pass', failed_groups = '{}' WHERE id = $1`, [sampleId])).toEqual(byAmendmentOnly);
    expect(await refusal(`UPDATE samples SET coa_version = 1, released_at = $2, result_status = 'pass' WHERE id = $1`, [sampleId, v1.released_at])).toEqual(
      byAmendmentOnly,
    );
    expect(await row()).toEqual(v2);
  });

  it('a QC flag is resolved once: then neither changed nor deleted, and before that only its resolution may be written', async () => {
    const open = await receivedSample(t, tech.token, licensee);
    const insert = `INSERT INTO qc_flags (sample_id, kind, message) VALUES ($1, 'qc_blank', 'method blank above LOQ') RETURNING id`;
    const [flag] = (await runtime.query<{ id: string }>(insert, [open.id])).rows;
    expect(await refusal(`UPDATE qc_flags SET message = 'nothing to see' WHERE id = $1`, [flag.id])).toEqual({
      code: GUARD,
      message: `QC flag ${flag.id}: only its resolution may be recorded (UPDATE refused)`,
    });

    const resolution = 'Blank re-injected clean; carry-over from the CCV';
    await t
      .http()
      .post(`/v1/samples/${open.id}/results/qc-flags/${flag.id}/resolve`)
      .set('Authorization', `Bearer ${managerA.token}`)
      .send({ resolution })
      .expect(204);
    const resolvedOnce = expect.stringMatching(
      new RegExp(`^QC flag ${flag.id} was resolved at .+; a resolution is recorded once \\((UPDATE|DELETE) refused\\)$`),
    );
    expect(await refusal(`UPDATE qc_flags SET resolution = 'edited afterwards' WHERE id = $1`, [flag.id])).toEqual({ code: GUARD, message: resolvedOnce });
    expect(await refusal(`UPDATE qc_flags SET resolved_at = NULL, resolved_by = NULL, resolution = NULL WHERE id = $1`, [flag.id])).toEqual({
      code: GUARD,
      message: resolvedOnce,
    });
    // The runtime role may not delete flags at all; the trigger holds the owner too.
    expect(await refusal(`DELETE FROM qc_flags WHERE id = $1`, [flag.id])).toEqual({ code: '42501', message: 'permission denied for table qc_flags' });
    await expect(t.sql(`DELETE FROM qc_flags WHERE id = $1`, [flag.id])).rejects.toMatchObject({ code: GUARD, message: resolvedOnce });
    expect(await t.sql(`SELECT resolved_by, resolution FROM qc_flags WHERE id = $1`, [flag.id])).toEqual([{ resolved_by: managerA.id, resolution }]);
  });

  it('the app’s own connection gets the guard’s SQLSTATE, which the filter answers with 409 RECORD_FROZEN; a privilege error is not one', async () => {
    expect(GUARD_REFUSAL_SQLSTATE).toBe(GUARD);
    const app = t.app.get(DataSource);
    const frozen = await app.query(`UPDATE samples SET result_status = 'incomplete' WHERE id = $1`, [sampleId]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(frozen).toMatchObject({ code: GUARD });
    expect(databaseRefusal(frozen)).toMatchObject({
      statusCode: 409,
      error: 'RECORD_FROZEN',
      guard: 'refuse_released_sample_change',
      message: RECORD_FROZEN_MESSAGE,
      databaseMessage: expect.stringMatching(/^sample LT-\S+ is released at version 2: /),
    });
    const denied = await app.query(`DELETE FROM qc_flags WHERE sample_id = $1`, [sampleId]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(denied).toMatchObject({ code: '42501', message: 'permission denied for table qc_flags' });
    expect(databaseRefusal(denied)).toBeNull();
  });

  it('migration 1764000027800 changes only the guards’ SQLSTATE, and its down() restores 42501 exactly', async () => {
    const definitions = () =>
      t.sql<FunctionDef>(
        `SELECT proname, pg_get_functiondef(oid) AS definition FROM pg_proc WHERE pronamespace = current_schema()::regnamespace AND prosrc ~ 'RAISE' ORDER BY 1`,
      );
    const migration = new GuardRefusalSqlstate1764000027800();
    const owner = { query: (sql: string, params?: unknown[]) => t.sql(sql, params) } as unknown as QueryRunner;
    const now = await definitions();
    expect(now.filter((f) => f.definition.includes(`ERRCODE = '${GUARD}'`)).map((f) => f.proname)).toEqual([
      'approval_requests_decide_once',
      'coa_amendments_decide_once',
      'qc_flags_resolve_once',
      'refuse_append_only_change',
      'refuse_audit_change',
      'refuse_frozen_mark_change',
      'refuse_frozen_result_change',
      'refuse_released_sample_change',
      'refuse_truncate',
      'rule_sets_decide_once',
    ]);
    await t.sql('BEGIN');
    try {
      await migration.down(owner);
      const before = await definitions();
      // Each function as its own migration left it: the guard code back to 42501 (and coa_amendments' to none).
      expect(before.map((f) => ({ ...f, definition: f.definition.includes(GUARD) ? 'still the guard code' : 'restored' }))).toEqual(
        now.map((f) => ({ proname: f.proname, definition: 'restored' })),
      );
      expect(before.map((f) => f.definition.replaceAll(`ERRCODE = 'insufficient_privilege'`, `ERRCODE = '${GUARD}'`))).toEqual(
        now.map((f) =>
          f.proname === 'coa_amendments_decide_once'
            ? f.definition.replace(`(% refused)', TG_OP USING ERRCODE = '${GUARD}';`, `(% refused)', TG_OP;`)
            : f.definition,
        ),
      );
      await t.sql('SAVEPOINT refused');
      await expect(t.sql(`UPDATE samples SET result_status = 'incomplete' WHERE id = $1`, [sampleId])).rejects.toMatchObject({
        code: '42501',
        message: expect.stringMatching(/is released at version 2: its verdict, version and release time change only as/),
      });
      await t.sql('ROLLBACK TO SAVEPOINT refused');
      await migration.up(owner);
      expect(await definitions()).toEqual(now);
    } finally {
      await t.sql('ROLLBACK');
    }
    expect(await definitions()).toEqual(now);
  });
});

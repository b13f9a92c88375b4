import { Client } from 'pg';
import { amendAndRelease, metalsWithLead } from './support/amendments';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { pgRefusal } from './support/pg-refusal';
import { releasedSample } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type SampleRow = { lab_code: string; status: string; result_status: string; failed_groups: string[]; coa_version: number; released_at: Date };

const CHANGE_ONLY_BY_AMENDMENT = (labCode: string, version: number) =>
  `sample ${labCode} is released at version ${version}: its verdict, version and release time change only as the approved amendment to ` +
  `version ${version + 1} was released (UPDATE refused)`;

/**
 * audit2 F-8: behind the API, the runtime role itself cannot rewrite what a released certificate rests on
 * (migration 1764000027600), nor a QC flag's resolution. The statements run as the role the app uses.
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
    const byAmendmentOnly = { code: '42501', message: CHANGE_ONLY_BY_AMENDMENT(before.lab_code, 1) };

    expect(await refusal(`UPDATE samples SET result_status = 'fail' WHERE id = $1`, [sampleId])).toEqual(byAmendmentOnly);
    expect(await refusal(`UPDATE samples SET result_status = 'fail', failed_groups = '{metals}', coa_version = 2 WHERE id = $1`, [sampleId])).toEqual(
      byAmendmentOnly,
    );
    expect(await refusal(`UPDATE samples SET released_at = now() WHERE id = $1`, [sampleId])).toEqual(byAmendmentOnly);
    expect(await refusal(`UPDATE samples SET lab_code = 'LT-X', product_type = 'edible', panel = '{metals}' WHERE id = $1`, [sampleId])).toEqual({
      code: '42501',
      message: `sample ${before.lab_code} is released: its certificate rests on lab_code, panel, product_type (UPDATE refused)`,
    });
    expect(await refusal(`UPDATE samples SET status = 'in_testing', received_at = received_at - interval '1 day' WHERE id = $1`, [sampleId])).toEqual({
      code: '42501',
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

    const byAmendmentOnly = { code: '42501', message: CHANGE_ONLY_BY_AMENDMENT(v2.lab_code, 2) };
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
      code: '42501',
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
    expect(await refusal(`UPDATE qc_flags SET resolution = 'edited afterwards' WHERE id = $1`, [flag.id])).toEqual({ code: '42501', message: resolvedOnce });
    expect(await refusal(`UPDATE qc_flags SET resolved_at = NULL, resolved_by = NULL, resolution = NULL WHERE id = $1`, [flag.id])).toEqual({
      code: '42501',
      message: resolvedOnce,
    });
    // The runtime role may not delete flags at all; the trigger holds the owner too.
    expect(await refusal(`DELETE FROM qc_flags WHERE id = $1`, [flag.id])).toEqual({ code: '42501', message: 'permission denied for table qc_flags' });
    await expect(t.sql(`DELETE FROM qc_flags WHERE id = $1`, [flag.id])).rejects.toMatchObject({ code: '42501', message: resolvedOnce });
    expect(await t.sql(`SELECT resolved_by, resolution FROM qc_flags WHERE id = $1`, [flag.id])).toEqual([{ resolved_by: managerA.id, resolution }]);
  });
});

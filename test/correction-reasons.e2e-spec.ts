import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type AuditRow = { action: string; reason: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

/** Who, when and why: a first entry needs no why; changing or removing a recorded result, or withdrawing a not-tested mark, does. */
describe('correction reasons', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    ({ technician: tech, manager, licensee } = await labStaff(t));
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const resultsOf = (id: string) => t.http().get(`/v1/samples/${id}/results`).set(as(tech)).expect(200);
  const auditOf = (id: string) => t.sql<AuditRow>(`SELECT action, reason, before, after FROM audit_events WHERE entity_id = $1 ORDER BY id`, [id]);
  const leadOf = async (id: string) =>
    (await t.sql<{ value: string }>(`SELECT value::text FROM analyte_results WHERE sample_id = $1 AND analyte = 'lead'`, [id]))[0]?.value;
  const metals = (lead: string) =>
    passingFlowerPanel()
      .filter((g) => g.group === 'metals')
      .map((g) => ({ ...g, analytes: g.analytes.map((a) => (a.analyte === 'Lead' ? { ...a, value: lead } : a)) }));

  it('corrections of recorded results need a reason; first entries and identical resends do not', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, passingFlowerPanel())).status).toBe(200);
    expect((await putResults(t, tech.token, s.id, passingFlowerPanel())).status).toBe(200);
    const before = await resultsOf(s.id);
    const trail = await auditOf(s.id);

    for (const reason of [undefined, '   ']) {
      const refused = await putResults(t, tech.token, s.id, metals('0.49'), reason);
      expect(refused.status).toBe(400);
      expect(refused.body as ErrorBody).toMatchObject({
        error: 'REASON_REQUIRED',
        details: [
          { field: 'reason', message: 'reason is required to change Lead (0.12 µg/g → 0.49 µg/g): results already recorded change only with a reason' },
        ],
      });
    }
    const cleared = await putResults(t, tech.token, s.id, [{ group: 'mycotoxins', analytes: [] }]);
    expect(cleared.status).toBe(400);
    expect((cleared.body as ErrorBody).details).toEqual([
      { field: 'reason', message: expect.stringMatching(/^reason is required to remove Aflatoxin B1 \(ND\), .*remove Ochratoxin A \(ND\): /) },
    ]);
    // Nothing changed: rows, verdict and the audit trail are as they were.
    expect(await leadOf(s.id)).toBe('0.12');
    expect((await resultsOf(s.id)).body).toEqual(before.body);
    expect(await auditOf(s.id)).toEqual(trail);

    const corrected = await putResults(t, tech.token, s.id, metals('0.49'), '  Lead re-read after ICP-MS recalibration ');
    expect(corrected.status).toBe(200);
    expect(await leadOf(s.id)).toBe('0.49');
    const [event] = (await auditOf(s.id)).slice(trail.length);
    expect(event).toMatchObject({ action: 'results.entered', reason: 'Lead re-read after ICP-MS recalibration' });
    expect(event.before).toMatchObject({ group: 'metals', analytes: expect.arrayContaining([expect.objectContaining({ analyte: 'lead', value: '0.12' })]) });
    expect(event.after).toMatchObject({
      group: 'metals',
      analytes: expect.arrayContaining([expect.objectContaining({ analyte: 'lead', value: '0.49', status: 'pass' })]),
    });
  });

  it('withdrawing a not-tested mark needs a reason, which the audit trail keeps', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, metals('0.12'))).status).toBe(200);
    const marked = await t
      .http()
      .post(`/v1/samples/${s.id}/not-tested`)
      .set(as(manager))
      .send({ analytes: ['acephate'], reason: 'LC-MS/MS down' });
    expect(marked.status).toBe(201);
    const url = `/v1/samples/${s.id}/not-tested/acephate`;

    for (const body of [undefined, {}, { reason: '  ' }]) {
      const refused = await t.http().delete(url).set(as(manager)).send(body);
      expect(refused.status).toBe(400);
      expect((refused.body as ErrorBody).details).toContainEqual({ field: 'reason', message: 'reason must say why the mark is withdrawn' });
    }
    const marks = await t.sql(`SELECT analyte, reason FROM not_tested_marks WHERE sample_id = $1`, [s.id]);
    expect(marks).toEqual([{ analyte: 'acephate', reason: 'LC-MS/MS down' }]);

    expect((await t.http().delete(url).set(as(manager)).send({ reason: 'Subcontracted results arrived' })).status).toBe(200);
    const withdrawn = (await auditOf(s.id)).filter((e) => e.action === 'results.not_tested_withdrawn');
    expect(withdrawn).toEqual([
      expect.objectContaining({ reason: 'Subcontracted results arrived', before: expect.objectContaining({ analyte: 'acephate', reason: 'LC-MS/MS down' }) }),
    ]);
  });
});

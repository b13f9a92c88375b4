import { ErrorBody } from '../src/common/all-exceptions.filter';
import { FieldError } from '../src/common/domain-error';
import { SampleResultsDto } from '../src/results/dto/results-response.dto';
import { AnalyteDto } from '../src/rules/analytes.controller';
import { LimitSetSummaryDto, LimitSetUploadDto } from '../src/rules/limit-sets/limit-set.dto';
import { approveAs } from './support/approvals';
import { receivedSample, LicenseeHandle } from './support/lab';
import { labStaff } from './support/lab-staff';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

const resultsOf = (res: { body: unknown }) => res.body as SampleResultsDto;
const groupOf = (res: { body: unknown }, group: string) => resultsOf(res).groups.find((g) => g.group === group)!;
const errorOf = (res: { body: unknown }) => res.body as ErrorBody;

describe('results: hand entry, judgement, limit sets', () => {
  let t: TestContext;
  let tech: { token: string; id: string };
  let manager: { token: string };
  let admin: { token: string; email: string };
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    ({ technician: tech, manager, admin, licensee } = await labStaff(t));
  });
  afterAll(() => t.close());

  const getResults = (id: string) => t.http().get(`/v1/samples/${id}/results`).set('Authorization', `Bearer ${tech.token}`).expect(200);

  it('a flower sample with every group entered by hand passes, with totals computed', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const res = await putResults(t, tech.token, s.id, passingFlowerPanel());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'pass',
      failedGroups: [],
      missingGroups: [],
      version: 1,
      released: false,
      limitSet: { name: 'ny-ocm-2025-draft' },
    });
    // 0.82 + 0.877 × 24.10 = 21.9557, rounded to the measured precision (2 places): 21.96
    expect(resultsOf(res).totals).toEqual({ totalThc: '21.96', totalCbd: '0.05', unit: '%' });
    const metals = groupOf(res, 'metals');
    expect(metals.status).toBe('pass');
    expect(metals.analytes.find((a: { analyte: string }) => a.analyte === 'lead')).toMatchObject({
      value: '0.12',
      unit: 'µg/g',
      status: 'pass',
      limit: '≤ 0.5 µg/g',
      sourceType: 'manual',
    });
    const cadmium = metals.analytes.find((a: { analyte: string }) => a.analyte === 'cadmium');
    expect(cadmium).toMatchObject({ value: null, qualifier: '<LOQ', status: 'pass' });
    const microbials = groupOf(res, 'microbials');
    expect(microbials.analytes.find((a: { analyte: string }) => a.analyte === 'total-yeast-mold')).toMatchObject({ status: 'report_only' });

    const again = await getResults(s.id);
    expect(again.body).toEqual(res.body);
    const detail = await t.http().get(`/v1/samples/${s.id}`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'in_testing', resultStatus: 'pass' });
  });

  it('lead above its limit fails metals and the sample; the change is audited with before and after', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    await putResults(t, tech.token, s.id, passingFlowerPanel()).then((r) => expect(r.status).toBe(200));
    const metals = passingFlowerPanel().find((g) => g.group === 'metals')!;
    const raised = { group: 'metals', analytes: metals.analytes.map((a) => (a.analyte === 'Lead' ? { ...a, value: '0.51' } : a)) };
    const res = await putResults(t, tech.token, s.id, [raised], 'lead re-read from the ICP-MS after recalibration');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'fail', failedGroups: ['metals'] });
    expect(groupOf(res, 'metals').status).toBe('fail');
    // Groups not sent are kept as they were.
    expect(groupOf(res, 'pesticides').analytes).toHaveLength(59);

    const audit: Array<{ reason: string; before: { analytes: Array<{ analyte: string }> }; after: { group: string; analytes: Array<{ analyte: string }> } }> =
      await t.sql(`SELECT action, before, after, reason FROM audit_events WHERE entity_id = $1 AND action = 'results.entered' ORDER BY id`, [s.id]);
    const metalsEvents = audit.filter((a) => a.after.group === 'metals');
    expect(metalsEvents).toHaveLength(2);
    const last = metalsEvents[1];
    expect(last.reason).toBe('lead re-read from the ICP-MS after recalibration');
    expect(last.before.analytes.find((a: { analyte: string }) => a.analyte === 'lead')).toMatchObject({ value: '0.12', status: 'pass' });
    expect(last.after.analytes.find((a: { analyte: string }) => a.analyte === 'lead')).toMatchObject({ value: '0.51', status: 'fail' });
  });

  it('clearing the mycotoxin group makes the sample incomplete', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    await putResults(t, tech.token, s.id, passingFlowerPanel()).then((r) => expect(r.status).toBe(200));
    const res = await putResults(t, tech.token, s.id, [{ group: 'mycotoxins', analytes: [] }], 'mycotoxins entered on the wrong sample');
    expect(res.body).toMatchObject({ status: 'incomplete', missingGroups: ['mycotoxins'] });
  });

  it('names every bad row and saves nothing', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    await putResults(t, tech.token, s.id, passingFlowerPanel()).then((r) => expect(r.status).toBe(200));
    const before = await getResults(s.id);
    const res = await putResults(t, tech.token, s.id, [
      {
        group: 'metals',
        analytes: [
          { analyte: 'Lead', value: '9.9', unit: 'µg/g' },
          { analyte: 'Kryptonite', value: '1', unit: 'µg/g' },
          { analyte: 'Cadmium', value: '0.1', unit: 'CFU/g' },
          { analyte: 'Arsenic', value: '-0.2', unit: 'µg/g' },
          { analyte: 'Mercury', value: '0.01', qualifier: 'ND', unit: 'µg/g' },
        ],
      },
    ]);
    expect(res.status).toBe(400);
    expect(errorOf(res).details).toEqual([
      { field: 'groups[0].analytes[1].analyte', message: 'unknown analyte "Kryptonite"' },
      { field: 'groups[0].analytes[2].unit', message: expect.stringMatching(/CFU\/g cannot be converted to µg\/g/) },
      { field: 'groups[0].analytes[3].value', message: expect.stringMatching(/must not be negative/) },
      { field: 'groups[0].analytes[4].qualifier', message: expect.stringMatching(/ND replaces the value/) },
    ]);
    expect((await getResults(s.id)).body).toEqual(before.body);
  });

  it('refuses a value typed as a number, a computed total, and an admin entering results', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const numeric = await t
      .http()
      .put(`/v1/samples/${s.id}/results`)
      .set('Authorization', `Bearer ${tech.token}`)
      .send({ groups: [{ group: 'metals', analytes: [{ analyte: 'Lead', value: 0.1, unit: 'µg/g' }] }] });
    expect(numeric.status).toBe(400);
    expect(JSON.stringify(errorOf(numeric).details)).toMatch(/value must be a decimal string/);
    const total = await putResults(t, tech.token, s.id, [{ group: 'cannabinoids', analytes: [{ analyte: 'Total THC', value: '20', unit: '%' }] }]);
    expect(total.status).toBe(400);
    expect((errorOf(total).details as FieldError[])[0].message).toMatch(/computed by LabTrace/);
    const byAdmin = await putResults(t, admin.token, s.id, passingFlowerPanel());
    expect(byAdmin.status).toBe(403);
  });

  it('refuses results for a sample that is not in the lab’s hands', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    await t.sql(`UPDATE samples SET status = 'submitted' WHERE id = $1`, [s.id]);
    const res = await putResults(t, tech.token, s.id, passingFlowerPanel());
    expect(res.status).toBe(409);
    expect(errorOf(res).message).toMatch(/is submitted/);
  });

  it('lists the analyte vocabulary with groups, units and aliases', async () => {
    const res = await t.http().get('/v1/analytes').set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(res.body).toContainEqual(
      expect.objectContaining({ id: 'd9-thc', group: 'cannabinoids', defaultUnit: '%', computed: false, aliases: expect.arrayContaining(['Delta-9 THC']) }),
    );
    expect((res.body as AnalyteDto[]).find((a) => a.id === 'total-thc')).toMatchObject({ computed: true });
  });

  describe('limit sets as data', () => {
    const today = new Date().toISOString().slice(0, 10);
    const csv = (name: string, leadLimit: string) =>
      [
        `# name: ${name}`,
        `# effectiveDate: ${today}`,
        '# source: OCM Laboratory Testing Limits, test revision',
        'product_types,group,analyte,operator,limit_min,limit_max,unit,source_tag,source',
        `inhaled products,metals,lead,lte,,${leadLimit},µg/g,NY,OCM table rev. B`,
        'all,microbials,salmonella,not_detected,,,,NY,OCM table rev. B',
      ].join('\n');

    it('refuses a malformed set naming the row, and only admins may load one', async () => {
      const bad = csv('broken-set', 'lots').replace('salmonella', 'unicorn-dust');
      const res = await t.http().post('/v1/limit-sets').set('Authorization', `Bearer ${admin.token}`).attach('file', Buffer.from(bad), 'limits.csv');
      expect(res.status).toBe(400);
      expect(errorOf(res).details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 1, field: expect.stringMatching(/limitMax/) }),
          expect.objectContaining({ row: 2, field: expect.stringMatching(/analyte/) }),
        ]),
      );
      const byManager = await t
        .http()
        .post('/v1/limit-sets')
        .set('Authorization', `Bearer ${manager.token}`)
        .attach('file', Buffer.from(csv('x', '0.2')), 'limits.csv');
      expect(byManager.status).toBe(403);
    });

    it('a new set changes the judgement of new results only; old ones keep the set they were judged by', async () => {
      const before = await receivedSample(t, tech.token, licensee);
      await putResults(t, tech.token, before.id, passingFlowerPanel()).then((r) => expect(r.status).toBe(200));

      const loaded = await t
        .http()
        .post('/v1/limit-sets')
        .set('Authorization', `Bearer ${admin.token}`)
        .attach('file', Buffer.from(csv('ocm-2026-rev-b', '0.1')), 'limits.csv');
      // Stored pending: a second admin approves it before it is in force (test/two-person.e2e-spec.ts).
      expect(loaded.status).toBe(202);
      const { limitSet: loadedSet, approval } = loaded.body as LimitSetUploadDto;
      expect(loadedSet).toMatchObject({
        status: 'pending',
        name: 'ocm-2026-rev-b',
        effectiveDate: today,
        source: 'OCM Laboratory Testing Limits, test revision',
        loadedBy: expect.stringContaining(`<${admin.email}>`),
        ruleCount: 12,
      });
      // Every rule, one per product type: lead for the four inhaled types, salmonella for all eight.
      expect(loadedSet.rules).toHaveLength(12);
      expect(loadedSet.rules).toContainEqual({
        productType: 'vape',
        analyte: 'lead',
        analyteGroup: 'metals',
        operator: 'lte',
        limitMin: null,
        limitMax: '0.1',
        unit: 'µg/g',
        sourceTag: 'NY',
        source: 'OCM table rev. B',
      });
      expect(loadedSet.rules.filter((r) => r.analyte === 'lead').map((r) => r.productType)).toEqual(['concentrate', 'flower', 'pre-roll', 'vape']);
      expect(loadedSet.rules.find((r) => r.productType === 'edible' && r.analyte === 'salmonella')).toEqual({
        productType: 'edible',
        analyte: 'salmonella',
        analyteGroup: 'microbials',
        operator: 'not_detected',
        limitMin: null,
        limitMax: null,
        unit: null,
        sourceTag: 'NY',
        source: 'OCM table rev. B',
      });
      const secondAdmin = await t.userToken('admin');
      await approveAs(t, secondAdmin.token, approval.id);
      const detail = await t.http().get(`/v1/limit-sets/${loadedSet.id}`).set('Authorization', `Bearer ${tech.token}`).expect(200);
      expect(detail.body).toEqual({ ...loadedSet, status: 'approved', decidedBy: expect.stringContaining('<admin'), decidedAt: expect.any(String) });
      const again = await t
        .http()
        .post('/v1/limit-sets')
        .set('Authorization', `Bearer ${admin.token}`)
        .attach('file', Buffer.from(csv('ocm-2026-rev-b', '0.1')), 'limits.csv');
      expect(again.status).toBe(409);

      const old = await getResults(before.id);
      expect(old.body).toMatchObject({ status: 'pass', limitSet: { name: 'ny-ocm-2025-draft' } });

      const after = await receivedSample(t, tech.token, licensee);
      const res = await putResults(t, tech.token, after.id, passingFlowerPanel());
      expect(res.body).toMatchObject({ status: 'fail', failedGroups: ['metals'], limitSet: { name: 'ocm-2026-rev-b' } });
      expect(groupOf(res, 'metals').analytes.find((a) => a.analyte === 'lead')).toMatchObject({ limit: '≤ 0.1 µg/g', status: 'fail' });
      const sets = await t.http().get('/v1/limit-sets').set('Authorization', `Bearer ${tech.token}`).expect(200);
      expect((sets.body as LimitSetSummaryDto[]).map((s) => s.name)).toEqual(['ocm-2026-rev-b', 'ny-ocm-2025-draft']);
    });
  });
});

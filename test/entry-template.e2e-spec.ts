import type { EntryTemplateDto } from '../src/results/entry/entry-template.dto';
import { WA_PESTICIDES } from '../src/rules/analytes/pesticides';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

describe('GET /v1/samples/:id/entry-template: what hand entry starts from', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let admin: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    ({ technician: tech, manager, admin, licensee } = await labStaff(t, { licenseeName: 'Catskill Craft Cannabis LLC' }));
  });
  afterAll(() => t.close());

  const template = async (u: User, id: string) => t.http().get(`/v1/samples/${id}/entry-template`).set('Authorization', `Bearer ${u.token}`);

  it("gives a flower sample's panel group by group: required analytes, the method's unit and LOD/LOQ, the limits Save judges with", async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const res = await template(tech, s.id);
    expect(res.status).toBe(200);
    const body = res.body as EntryTemplateDto;
    expect(body).toMatchObject({ sampleId: s.id, productType: 'flower', version: 1, limitSet: { name: 'ny-ocm-2025-draft' }, edible: null });
    expect(body.groups.map((g) => g.group)).toEqual([...s.panel].sort());
    expect(body.groups.map((g) => g.group)).toEqual([
      'cannabinoids',
      'foreign_matter',
      'metals',
      'microbials',
      'moisture',
      'mycotoxins',
      'pesticides',
      'terpenes',
      'water_activity',
    ]);
    const group = (name: string) => body.groups.find((g) => g.group === name)!;

    // Pesticides: the 59 of the panel list, by the one LC-MS/MS method, in µg/g.
    const pesticides = group('pesticides');
    expect(pesticides.requiredAnalytes).toEqual(WA_PESTICIDES.map((p) => p.id).sort());
    expect(pesticides.methods.map((m) => m.methodId)).toEqual(['LT-M-PEST-01']);
    expect(pesticides.methods[0].analytes.find((a) => a.analyte === 'abamectin')).toEqual({
      analyte: 'abamectin',
      name: 'Abamectin',
      lod: '0.03',
      loq: '0.1',
      unit: 'µg/g',
    });
    // Microbials: the six the panel names (report-only counts are not required), CFU/g, "Not detected".
    expect(group('microbials').requiredAnalytes).toEqual([
      'aspergillus-flavus',
      'aspergillus-fumigatus',
      'aspergillus-niger',
      'aspergillus-terreus',
      'salmonella',
      'stec',
    ]);
    expect(group('microbials').methods[0].analytes.find((a) => a.analyte === 'salmonella')).toMatchObject({ unit: 'CFU/g', lod: '1' });
    // Mycotoxins: the four aflatoxins and ochratoxin A; their total is computed, never asked for.
    expect(group('mycotoxins').requiredAnalytes).toEqual(['aflatoxin-b1', 'aflatoxin-b2', 'aflatoxin-g1', 'aflatoxin-g2', 'ochratoxin-a']);
    // Terpenes: no list, no limit: any reported profile accounts for the group; the method names 47.
    expect(group('terpenes')).toMatchObject({ panelAnalytes: null, requiredAnalytes: [] });
    expect(group('terpenes').methods[0].analytes).toHaveLength(47);
    expect(group('cannabinoids').panelAnalytes).toEqual(['d9-thc', 'thca', 'cbd', 'cbda']);

    const limit = (analyte: string) => body.limits.find((l) => l.analyte === analyte);
    expect(limit('water-activity')).toEqual({
      analyte: 'water-activity',
      group: 'water_activity',
      operator: 'lte',
      limitMin: null,
      limitMax: '0.65',
      unit: 'aw',
      limit: '≤ 0.65 aw',
    });
    expect(limit('moisture')).toMatchObject({ operator: 'range', limit: '5.0–15.0 %' });
    expect(limit('salmonella')).toMatchObject({ operator: 'not_detected', limit: 'Not detected' });
    expect(limit('total-yeast-mold')).toMatchObject({ operator: 'report_only', limit: 'Report only' });
    // Limits of other product types are left out (edibles' per-serving cap).
    expect(limit('total-thc-per-serving')).toBeUndefined();
  });

  it('lists the not-tested marks of the working version; managers may read it, admins and strangers may not', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, [{ group: 'pesticides', analytes: [{ analyte: 'Abamectin', qualifier: 'ND', unit: 'µg/g' }] }])).status).toBe(
      200,
    );
    await t
      .http()
      .post(`/v1/samples/${s.id}/not-tested`)
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ analytes: ['acephate'], reason: 'LC-MS/MS down' })
      .expect((r) => expect([200, 201, 204]).toContain(r.status));
    const res = await template(manager, s.id);
    expect(res.status).toBe(200);
    const pesticides = (res.body as EntryTemplateDto).groups.find((g) => g.group === 'pesticides')!;
    expect(pesticides.notTested).toEqual([{ analyte: 'acephate', reason: 'LC-MS/MS down' }]);

    expect((await template(admin, s.id)).status).toBe(403);
    expect((await template(tech, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await template(tech, 'not-a-uuid')).status).toBe(400);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import { binaryBody } from './support/binary-body';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { reviewedRelease } from './support/release';
import { passingFlowerPanel, putResults, type Group } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string };
type UnsupportedRow = { group: string; analyte: string; name: string; missing: string[] };

const METALS = ['Lead', 'Arsenic', 'Cadmium', 'Mercury', 'Nickel', 'Chromium', 'Copper', 'Antimony'];
/** Every metal typed as ND, with no LOD or LOQ: the audit's F-4 entry. */
const ndMetals = (methodId?: string): Group => ({
  group: 'metals',
  ...(methodId ? { methodId } : {}),
  analytes: METALS.map((analyte) => ({ analyte, qualifier: 'ND' as const, unit: 'µg/g' })),
});
const withMetals = (metals: Group) => [...passingFlowerPanel().filter((g) => g.group !== 'metals'), metals];

describe('a certificate claims only what its record supports', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await labStaff(t, { secondManager: true, licenseeName: 'Claims Farms LLC' });
    ({ technician: tech, manager: managerA, secondManager: managerB, licensee } = staff);
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body: object = {}) => t.http().post(path).set(as(u)).send(body);
  const release = async (u: User, sampleId: string) => post(u, `/v1/samples/${sampleId}/release`, await reviewedRelease(t, u, sampleId));
  const unsupportedOf = (res: { body: unknown }) => ((res.body as ErrorBody).details as { unsupportedRows: UnsupportedRow[] }).unsupportedRows;
  const coaText = async (sampleId: string) => {
    const pdf = (await t.http().get(`/v1/samples/${sampleId}/coa`).set(as(tech)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
    return (await new PdfParseTextExtractor().extract(pdf)).text.replace(/\s+/g, ' ');
  };

  it('refuses to submit ND metals with no method and no LOD or LOQ, naming each row; nothing moves', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const entered = await putResults(t, tech.token, s.id, withMetals(ndMetals()));
    expect(entered.status).toBe(200);
    // Judged as the rules file says (an ND with no stated bound passes), but not certifiable.
    const lead = (entered.body as SampleResultsDto).groups.find((g) => g.group === 'metals')!.analytes.find((a) => a.analyte === 'lead');
    expect(lead).toMatchObject({ qualifier: 'ND', lod: null, loq: null, method: null, status: 'pass' });

    const refused = await post(tech, `/v1/samples/${s.id}/submit`);
    expect(refused.status).toBe(409);
    expect((refused.body as ErrorBody).error).toBe('CLAIMS_UNSUPPORTED');
    expect((refused.body as ErrorBody).message).toMatch(new RegExp(`^Sample ${s.labCode} cannot be submitted: 8 result\\(s\\) lack`));
    expect((refused.body as ErrorBody).message).toContain('metals Lead: no method, no LOD or LOQ for its ND/<LOQ');
    const rows = unsupportedOf(refused);
    expect(rows).toHaveLength(8);
    expect(rows).toContainEqual({ group: 'metals', analyte: 'lead', name: 'Lead', missing: ['method', 'lod_or_loq'] });
    expect(rows.every((r) => r.group === 'metals')).toBe(true);
    const [sample] = await t.sql<{ status: string }>(`SELECT status FROM samples WHERE id = $1`, [s.id]);
    expect(sample.status).not.toBe('submitted');
  });

  it('the same ND metals by a registry method carry its LOD and LOQ, release, and the COA prints them', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const entered = await putResults(t, tech.token, s.id, withMetals(ndMetals('LT-M-MET-01')));
    expect(entered.status).toBe(200);
    const lead = (entered.body as SampleResultsDto).groups.find((g) => g.group === 'metals')!.analytes.find((a) => a.analyte === 'lead');
    expect(lead).toMatchObject({ qualifier: 'ND', lod: '0.02', loq: '0.05', method: 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)', status: 'pass' });

    expect((await post(tech, `/v1/samples/${s.id}/submit`)).status).toBe(200);
    const released = await release(managerA, s.id);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ version: 1, overall: 'pass' });
    const text = await coaText(s.id);
    expect(text).toContain('Method: Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)');
    expect(text).not.toContain('Method: not recorded');
    // The ND prints the LOD it is below (the method's 0.02), the LOQ column its LOQ.
    expect(text).toMatch(/Lead ND \(<LOD 0\.02\) [µμ]g\/g 0\.05 <= 0\.5 [µμ]g\/g PASS/);
  });

  it('release checks again: a submitted row that lost its method is refused, naming it', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, passingFlowerPanel())).status).toBe(200);
    expect((await post(tech, `/v1/samples/${s.id}/submit`)).status).toBe(200);
    // As a row written before this check existed would be: Mercury ND with neither method nor limits.
    await t.sql(
      `UPDATE analyte_results SET method = NULL, method_id = NULL, method_set_id = NULL, lod = NULL, loq = NULL WHERE sample_id = $1 AND analyte = 'mercury'`,
      [s.id],
    );
    const refused = await release(managerA, s.id);
    expect(refused.status).toBe(409);
    expect((refused.body as ErrorBody).error).toBe('CLAIMS_UNSUPPORTED');
    expect((refused.body as ErrorBody).message).toMatch(new RegExp(`^${s.labCode} cannot be released: 1 result\\(s\\) lack`));
    expect(unsupportedOf(refused)).toEqual([{ group: 'metals', analyte: 'mercury', name: 'Mercury', missing: ['method', 'lod_or_loq'] }]);
    const [sample] = await t.sql<{ status: string }>(`SELECT status FROM samples WHERE id = $1`, [s.id]);
    expect(sample.status).toBe('submitted');
  });

  it('a COA import’s rows, reported by that lab, still release', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const pdf = readFileSync(join(__dirname, 'fixtures', 'coa-pdfs', 'sc-labs_Cherry_Punch.pdf'));
    const imported = await t.http().post('/v1/coa-imports').set(as(tech)).field('sampleId', s.id).attach('file', pdf, 'Cherry_Punch.pdf');
    expect(imported.status).toBe(201);
    // Complete the panel by hand where the COA left it short.
    const view = (await t.http().get(`/v1/samples/${s.id}/results`).set(as(tech)).expect(200)).body as SampleResultsDto;
    const salmonella = view.groups.flatMap((g) => g.analytes).find((a) => a.analyte === 'salmonella');
    expect(salmonella).toMatchObject({
      qualifier: 'ND',
      lod: null,
      loq: null,
      sourceType: 'coa_import',
      method: 'as reported on the COA of SC Laboratories California LLC',
    });
    const rest = passingFlowerPanel().filter((g) => !view.groups.some((x) => x.group === g.group && x.analytes.length > 0) || g.group in view.missingAnalytes);
    expect((await putResults(t, tech.token, s.id, rest, 'groups the COA does not carry')).status).toBe(200);
    expect((await post(tech, `/v1/samples/${s.id}/submit`)).status).toBe(200);
    // The COA's date and identity flags, reviewed by another manager than the releasing one.
    const flags = (await t.http().get(`/v1/samples/${s.id}/results/qc-flags`).set(as(managerB)).expect(200)).body as Array<{
      id: string;
      resolvedAt: string | null;
    }>;
    for (const f of flags.filter((x) => !x.resolvedAt)) {
      await post(managerB, `/v1/samples/${s.id}/results/qc-flags/${f.id}/resolve`, {
        resolution: 'Subcontracted COA reviewed against the chain of custody',
      }).expect(204);
    }
    const released = await release(managerA, s.id);
    expect(released.status).toBe(200);
    expect(await coaText(s.id)).toContain('Method: as reported on the COA of SC Laboratories California LLC');
  });
});

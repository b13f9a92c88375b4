import { writeFileSync } from 'node:fs';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { LicenseeSampleDto } from '../src/licensee-api/licensee-sample.dto';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import { WA_PESTICIDES } from '../src/rules/analytes/pesticides';
import { binaryBody } from './support/binary-body';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { completePanel, threePesticidesPanel } from './support/panels';
import { eventually, reviewedRelease, submissionsOf } from './support/release';
import { putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type SimResults = {
  data: Array<{ overall: string; categories: Array<{ category: string; status: string; analytes: Array<{ analyte: string; status: string }> }> }>;
};

const THREE = ['abamectin', 'bifenazate', 'myclobutanil'];
const FIFTY_SIX = WA_PESTICIDES.map((p) => p.id)
  .filter((id) => !THREE.includes(id))
  .sort();
const INSTRUMENT_DOWN = 'LC-MS/MS #2 down for source repair (work order 4411)';
const SUBCONTRACTED = 'Subcontracted to Empire Analytical; results not back';
/** The badge's verdict: the line after "OVERALL RESULT" in the PDF's text. */
const verdictOf = (text: string) => {
  const lines = text.split('\n').map((l) => l.trim());
  return lines[lines.indexOf('OVERALL RESULT') + 1];
};

describe('complete panels: a partial panel is never a pass', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;
  const pdfText = async (pdf: Buffer) => (await new PdfParseTextExtractor().extract(pdf)).text;

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    const staff = await labStaff(t, { secondManager: true, licenseeName: 'Mohawk Valley Growers LLC' });
    ({ technician: tech, manager: managerA, secondManager: managerB, licensee } = staff);
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body: object = {}) => t.http().post(path).set(as(u)).send(body);
  const results = async (id: string) => (await t.http().get(`/v1/samples/${id}/results`).set(as(tech)).expect(200)).body as SampleResultsDto;
  const pesticidesOf = (view: SampleResultsDto) => view.groups.find((g) => g.group === 'pesticides')!;
  const coaPdf = async (id: string) => (await t.http().get(`/v1/samples/${id}/coa`).set(as(tech)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
  const simResults = async (lot: string) => (await t.sim!.control(`/_sim/results?inventoryId=${lot}`)) as SimResults;

  it('three pesticides entered: judged incomplete, submit refused naming the 56 missing; the rest marked not tested: a partial certificate', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, threePesticidesPanel())).status).toBe(200);

    const entered = await results(s.id);
    expect(entered).toMatchObject({ status: 'incomplete', accountedFor: false, missingGroups: [], missingAnalytes: { pesticides: FIFTY_SIX } });
    expect(pesticidesOf(entered)).toMatchObject({ status: 'incomplete', missingAnalytes: FIFTY_SIX, notTested: [] });
    expect(pesticidesOf(entered).analytes.map((a) => a.analyte)).toEqual(THREE);
    const detail = await t.http().get(`/v1/samples/${s.id}`).set(as(tech)).expect(200);
    expect(detail.body).toMatchObject({ resultStatus: 'incomplete' });

    const refused = await post(tech, `/v1/samples/${s.id}/submit`);
    expect(refused.status).toBe(409);
    const error = refused.body as ErrorBody;
    expect(error.details).toEqual({ missingGroups: [], missingAnalytes: { pesticides: FIFTY_SIX } });
    expect(error.message).toMatch(/cannot be submitted: pesticides is missing 56: Acephate, Acequinocyl, Acetamiprid, Aldicarb, /);
    for (const name of WA_PESTICIDES.filter((p) => !THREE.includes(p.id)).map((p) => p.name)) expect(error.message).toContain(name);

    // Technicians may not mark; nor may anyone mark what is not required or what has a result.
    expect((await post(tech, `/v1/samples/${s.id}/not-tested`, { analytes: ['acephate'], reason: INSTRUMENT_DOWN })).status).toBe(403);
    const wrong = await post(managerA, `/v1/samples/${s.id}/not-tested`, { analytes: ['Abamectin', 'total-thc', 'kryptonite'], reason: INSTRUMENT_DOWN });
    expect(wrong.status).toBe(400);
    expect((wrong.body as ErrorBody).details).toEqual([
      { field: 'analytes[0]', message: 'Abamectin has a result; remove the result first' },
      { field: 'analytes[1]', message: "Total THC is not required by this sample's panel" },
      { field: 'analytes[2]', message: 'unknown analyte "kryptonite"' },
    ]);
    expect((await results(s.id)).groups.flatMap((g) => g.notTested)).toEqual([]);

    // A manager accounts for the rest: 55 with the instrument down, daminozide subcontracted.
    const down = FIFTY_SIX.filter((id) => id !== 'daminozide');
    expect((await post(managerA, `/v1/samples/${s.id}/not-tested`, { analytes: down, reason: INSTRUMENT_DOWN })).status).toBe(201);
    const marked = await post(managerA, `/v1/samples/${s.id}/not-tested`, { analytes: ['Daminozide'], reason: SUBCONTRACTED });
    expect(marked.status).toBe(201);
    const partial = marked.body as SampleResultsDto;
    expect(partial).toMatchObject({ status: 'incomplete', accountedFor: true, missingAnalytes: {} });
    expect(pesticidesOf(partial).status).toBe('incomplete');
    expect(pesticidesOf(partial).notTested).toHaveLength(56);
    expect(pesticidesOf(partial).notTested.find((m) => m.analyte === 'daminozide')).toMatchObject({
      name: 'Daminozide',
      reason: SUBCONTRACTED,
      markedBy: expect.stringContaining(managerA.email),
      markedAt: expect.any(String),
    });

    // A mark can be withdrawn before submit (audited), and the gap is back.
    const withdrawn = await t.http().delete(`/v1/samples/${s.id}/not-tested/acephate`).set(as(managerA)).send({ reason: 'Marked by mistake' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'incomplete', accountedFor: false, missingAnalytes: { pesticides: ['acephate'] } });
    expect((await t.http().delete(`/v1/samples/${s.id}/not-tested/acephate`).set(as(managerA)).send({ reason: 'Marked by mistake' })).status).toBe(404);
    expect((await post(managerA, `/v1/samples/${s.id}/not-tested`, { analytes: ['acephate'], reason: INSTRUMENT_DOWN })).status).toBe(201);

    const audit = await t.sql<{ actor_label: string; action: string; reason: string | null }>(
      `SELECT actor_label, action, reason FROM audit_events WHERE entity_id = $1 AND action LIKE 'results.not_tested_%' ORDER BY id`,
      [s.id],
    );
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ['results.not_tested_marked', INSTRUMENT_DOWN],
      ['results.not_tested_marked', SUBCONTRACTED],
      ['results.not_tested_withdrawn', 'Marked by mistake'],
      ['results.not_tested_marked', INSTRUMENT_DOWN],
    ]);
    expect(audit.every((a) => a.actor_label.includes(managerA.email))).toBe(true);

    // Accounted for: submit works; the marks are now closed to change.
    const submitted = await post(tech, `/v1/samples/${s.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'incomplete', accountedFor: true });
    expect((await post(managerA, `/v1/samples/${s.id}/not-tested`, { analytes: ['acephate'], reason: 'again' })).status).toBe(409);

    // Whoever marked analytes not tested is a contributor: another manager releases.
    expect((await post(managerA, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerA, s.id))).status).toBe(403);
    const released = await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id));
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ version: 1, overall: 'incomplete' });
    const frozen = await t.sql<{ frozen: boolean }>(`SELECT frozen FROM not_tested_marks WHERE sample_id = $1`, [s.id]);
    expect(frozen).toHaveLength(56);
    expect(frozen.every((m) => m.frozen)).toBe(true);
    await expect(t.sql(`DELETE FROM not_tested_marks WHERE sample_id = $1`, [s.id])).rejects.toThrow(/frozen/);

    // The COA prints INCOMPLETE with the not-tested analytes and why.
    const pdf = await coaPdf(s.id);
    if (process.env.COA_PREVIEW) writeFileSync(process.env.COA_PREVIEW, pdf);
    const raw = await pdfText(pdf);
    expect(verdictOf(raw)).toBe('INCOMPLETE');
    const text = raw.replace(/\s+/g, ' ');
    expect(text).toContain('PARTIAL CERTIFICATE: 56 required analyte(s) were not tested');
    expect(text).toContain('Not tested (56)');
    expect(text).toContain(INSTRUMENT_DOWN);
    expect(text).toContain(`Reason: ${SUBCONTRACTED} Daminozide`);
    expect(text).toContain(`Reason: ${INSTRUMENT_DOWN} Acephate, Acequinocyl, Acetamiprid`);
    expect(text).toContain('Acephate');

    // The licensee never sees a pass: the poll says incomplete, pesticides incomplete.
    const poll = await t.http().get(`/v1/licensee/samples/${s.sampleInventoryId}`).set('X-API-Key', licensee.apiKey).expect(200);
    const polled = poll.body as LicenseeSampleDto;
    expect(polled).toMatchObject({ status: 'released', overall: 'incomplete' });
    expect(polled.categories).toContainEqual({ group: 'pesticides', status: 'incomplete' });
    expect(polled.categories).toContainEqual({ group: 'metals', status: 'pass' });

    // Nor does the state: overall and pesticides go as na (not passed), tested pesticides with their results.
    await eventually(async () => (await submissionsOf(t, s.id)).every((r) => r.status === 'delivered'), 30_000, 'delivery');
    for (const lot of s.inventoryIds) {
      const [report] = (await simResults(lot)).data;
      expect(report.overall).toBe('na');
      const pesticides = report.categories.find((c) => c.category === 'pesticides')!;
      expect(pesticides.status).toBe('na');
      expect(pesticides.analytes.map((a) => a.status)).toEqual(['pass', 'pass', 'pass']);
      expect(report.categories.find((c) => c.category === 'metals')!.status).toBe('pass');
    }
  });

  it('a complete panel passes, is submitted and released as PASS, and the state and licensee see pass', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, completePanel())).status).toBe(200);
    const view = await results(s.id);
    expect(view).toMatchObject({ status: 'pass', accountedFor: true, missingGroups: [], missingAnalytes: {} });
    expect(pesticidesOf(view).analytes).toHaveLength(59);
    await post(tech, `/v1/samples/${s.id}/submit`).expect(200);
    const released = await post(managerA, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerA, s.id));
    expect(released.body).toMatchObject({ overall: 'pass' });
    const raw = await pdfText(await coaPdf(s.id));
    expect(verdictOf(raw)).toBe('PASS');
    expect(raw).not.toContain('Not tested');
    const poll = await t.http().get(`/v1/licensee/samples/${s.sampleInventoryId}`).set('X-API-Key', licensee.apiKey).expect(200);
    expect(poll.body).toMatchObject({ overall: 'pass' });
    await eventually(async () => (await submissionsOf(t, s.id)).every((r) => r.status === 'delivered'), 30_000, 'delivery');
    expect((await simResults(s.inventoryIds[0])).data[0].overall).toBe('pass');
  });

  it('a required group with no results at all cannot be submitted, and names what it needs', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect(
      (
        await putResults(
          t,
          tech.token,
          s.id,
          completePanel().filter((g) => g.group !== 'mycotoxins'),
        )
      ).status,
    ).toBe(200);
    const refused = await post(tech, `/v1/samples/${s.id}/submit`);
    expect(refused.status).toBe(409);
    expect((refused.body as ErrorBody).message).toMatch(/no results for mycotoxins/);
    expect((refused.body as ErrorBody).details).toEqual({
      missingGroups: ['mycotoxins'],
      missingAnalytes: { mycotoxins: ['aflatoxin-b1', 'aflatoxin-b2', 'aflatoxin-g1', 'aflatoxin-g2', 'ochratoxin-a'] },
    });
  });
});

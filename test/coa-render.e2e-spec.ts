import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import { wallClockToInstant } from '../src/common/zoned-time';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import type { SampleDetailDto } from '../src/samples/dto/sample-response.dto';
import { amendAndRelease, metalsWithLead } from './support/amendments';
import { binaryBody } from './support/binary-body';
import { AnnouncedSample, announce, flowerSample, inventoryId, LicenseeHandle, seedStateSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { completePanel, threePesticidesPanel } from './support/panels';
import { reviewedRelease } from './support/release';
import { BUILT_IN_METHODS, Group, putResults, Row } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

const COLLECTED = { collectedAt: '2026-11-27T14:30:00.000Z', collectionSite: 'Mohawk Valley Growers, 12 River Rd, Amsterdam NY 12010 - drying room 2' };
const INSTRUMENT_DOWN = 'LC-MS/MS #2 down for source repair (work order 4411)';
const SUBCONTRACTED = 'Subcontracted to Empire Analytical; results not back';

/** Groups with their method picked (dated when entered); rows give no LOQ of their own, so the method's figures print. */
function withMethods(groups: Group[]): Array<Group & { methodId: string }> {
  return groups.map((g) => ({ ...g, methodId: BUILT_IN_METHODS[g.group], analytes: g.analytes.map(({ lod: _lod, loq: _loq, ...row }) => row) }));
}

/**
 * Releases the five kinds of certificate a lab issues and checks what each prints: a complete pass, a
 * partial certificate, an edible, a retest and an amendment. With COA_RENDER_DIR set, the PDFs are
 * written there to be looked at (pdftoppm -png -r 80).
 */
describe('certificates as printed', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;
  const out = process.env.COA_RENDER_DIR;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await labStaff(t, { secondManager: true, licenseeName: 'Mohawk Valley Growers LLC' });
    ({ technician: tech, manager: managerA, secondManager: managerB, licensee } = staff);
    if (out) mkdirSync(out, { recursive: true });
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body: object = {}) => t.http().post(path).set(as(u)).send(body);
  const ok = async (res: Promise<{ status: number; body: unknown }> | { status: number; body: unknown }, status = 200) => {
    const r = await res;
    expect([r.status, (r.body as ErrorBody).message]).toEqual([status, undefined]);
    return r;
  };

  async function coa(id: string, name: string, version?: number): Promise<string> {
    const res = await t
      .http()
      .get(`/v1/samples/${id}/coa${version ? `?version=${version}` : ''}`)
      .set(as(tech))
      .buffer(true)
      .parse(binaryBody);
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    if (out) writeFileSync(join(out, `${name}.pdf`), pdf);
    return (await new PdfParseTextExtractor().extract(pdf)).text;
  }

  /** Announces a sample (collection facts on the transfer) and receives it. */
  async function received(overrides: Partial<AnnouncedSample> & { edible?: object } = {}, receive: object = {}) {
    const sample = { ...flowerSample({ name: 'Blue Dream - Indoor Flower 3.5 g', ...overrides }), ...COLLECTED };
    if (t.sim) await seedStateSample(t, licensee.licenseNumber, sample);
    const { res } = await announce(t, licensee, [sample]);
    const [id] = (res.body as { sampleIds: string[] }).sampleIds;
    const body = { receivedQuantity: sample.quantity, unit: sample.unit, condition: 'acceptable', storageLocation: 'Fridge 1', ...receive };
    return (await ok(post(tech, `/v1/samples/${id}/receive`, body))).body as SampleDetailDto;
  }

  async function release(id: string, releaser: User = managerA) {
    await ok(post(tech, `/v1/samples/${id}/submit`));
    await ok(post(releaser, `/v1/samples/${id}/release`, await reviewedRelease(t, releaser, id)));
  }

  const perGroupMeta = (text: string) => text.match(/Method: .+ · Analysed: \d{4}-\d{2}-\d{2}/g) ?? [];
  const labDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: t.config.lab.timezone }).format(at);

  it('(a) a complete passing flower panel: LOQ, method and date per group, collection place and time', async () => {
    const s = await received();
    // A day typed without a time is the start of that day in the lab's zone, not UTC midnight (the evening before in New York).
    const today = labDay(new Date());
    const panel = withMethods(completePanel()).map((g) => (g.group === 'metals' ? { ...g, analysedAt: today } : g));
    await ok(putResults(t, tech.token, s.id, panel));
    const view = (await t.http().get(`/v1/samples/${s.id}/results`).set(as(tech))).body as SampleResultsDto;
    const metalsDates = new Set(view.groups.find((g) => g.group === 'metals')!.analytes.map((a) => a.analysedAt));
    const dayStart = new Date(wallClockToInstant(Date.parse(`${today}T00:00:00Z`), t.config.lab.timezone)).toISOString();
    expect(metalsDates).toEqual(new Set([dayStart]));
    expect(labDay(new Date(dayStart))).toBe(today);
    await release(s.id);
    const text = await coa(s.id, 'a-complete-pass');
    expect(text).toMatch(/OVERALL RESULT\s+PASS/);
    expect(text).toContain(`Method: Heavy metals by ICP-MS (SOP-CHEM-103 rev 3) · Analysed: ${today}`);
    expect(perGroupMeta(text)).toHaveLength(completePanel().length);
    expect(text).not.toContain('not recorded');
    expect(text).toMatch(/Collected\s+Mohawk Valley Growers, 12 River Rd, Amsterdam\s+NY 12010 - drying room 2, 2026-11-27 09:30 EST/);
    // Lead with the method's LOQ (0.05 µg/g) in the LOQ column.
    expect(text).toMatch(/Lead\s+0\.12\s+[µμ]g\/g\s+0\.05\s+/);
  });

  it('(b) a partial certificate: INCOMPLETE, each not-tested analyte with its reason', async () => {
    const s = await received();
    await ok(putResults(t, tech.token, s.id, withMethods(threePesticidesPanel())));
    const missing = ((await t.http().get(`/v1/samples/${s.id}/results`).set(as(tech))).body as { missingAnalytes: Record<string, string[]> }).missingAnalytes;
    const rest = missing.pesticides.filter((id) => id !== 'daminozide');
    await ok(post(managerA, `/v1/samples/${s.id}/not-tested`, { analytes: rest, reason: INSTRUMENT_DOWN }), 201);
    await ok(post(managerA, `/v1/samples/${s.id}/not-tested`, { analytes: ['daminozide'], reason: SUBCONTRACTED }), 201);
    await release(s.id, managerB);
    const text = await coa(s.id, 'b-partial-incomplete');
    expect(text).toMatch(/OVERALL RESULT\s+INCOMPLETE/);
    expect(text).toMatch(/PARTIAL CERTIFICATE: 56 required analyte\(s\) were not tested/);
    expect(text).toContain(`Reason: ${INSTRUMENT_DOWN}`);
    expect(text).toContain(`Reason: ${SUBCONTRACTED}`);
    expect(text).toMatch(/Reason: Subcontracted to Empire Analytical; results not back\s+Daminozide/);
  });

  it('(c) an edible: mg per serving and per package, the label claim compared, and the announced fact the lab changed at receipt', async () => {
    const facts = { packageNetWeightG: '40', servingWeightG: '4', labelClaim: { per: 'serving', totalThcMg: '10', totalCbdMg: '0.5' } };
    const counted = 'Counted 10 gummies in the package; the label says 10 servings';
    const s = await received(
      { productType: 'edible', name: 'Sour Cherry Gummies 10-pack', quantity: '2', unit: 'each', edible: { ...facts, servingsPerPackage: '5' } },
      { edible: { ...facts, servingsPerPackage: '10' }, reason: counted },
    );
    const microbials = completePanel()
      .find((g) => g.group === 'microbials')!
      .analytes.map((a) => (a.analyte === 'Total yeast and mold' ? { ...a, value: '200' } : a.analyte === 'TAC' ? { ...a, value: '1500' } : a));
    const nd = (analyte: string): Row => ({ analyte, qualifier: 'ND', unit: '%' });
    const cannabinoids: Row[] = [{ analyte: 'Δ9-THC', value: '0.245', unit: '%' }, nd('THCA'), { analyte: 'CBD', value: '0.010', unit: '%' }, nd('CBDA')];
    await ok(putResults(t, tech.token, s.id, withMethods(completePanel({ cannabinoids, microbials }).filter((g) => s.panel.includes(g.group)))));
    await release(s.id);
    const text = await coa(s.id, 'c-edible');
    expect(text).toMatch(/Total THC\s+0\.245\s+2\.45\s+9\.80\s+98\.00/);
    expect(text).toMatch(/10 servings per package/);
    expect(text).toMatch(/Label claim: 10 mg Total THC per serving; measured 9\.80 mg per serving/);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Servings per package: announced 5; changed by the laboratory at receipt to 10.');
    expect(flat).toMatch(new RegExp(`Changed at receipt by [^.]+${tech.email.replace(/[.]/g, '\\.')}>\\. Reason: ${counted}`));
    expect(flat).toContain('ND and <LOQ components are counted as 0.');
  });

  it('(d) a retest names its parent', async () => {
    const microbials = completePanel()
      .find((g) => g.group === 'microbials')!
      .analytes.map((a) => (a.analyte === 'Aspergillus niger' ? { analyte: 'Aspergillus niger', value: '30', unit: 'CFU/g' } : a));
    const parent = await received();
    await ok(putResults(t, tech.token, parent.id, withMethods(completePanel({ microbials }))));
    await release(parent.id);
    const parentText = await coa(parent.id, 'd0-retest-parent-fail');
    expect(parentText).toMatch(/OVERALL RESULT\s+FAIL/);

    const retestId = inventoryId();
    const created = await ok(
      post(tech, `/v1/samples/${parent.id}/retests`, { sampleInventoryId: retestId, quantity: '7.0', unit: 'g', reason: 'Remediated lot' }),
      201,
    );
    const retest = created.body as SampleDetailDto;
    if (t.sim) {
      const lots = parent.inventoryIds;
      await seedStateSample(t, licensee.licenseNumber, {
        inventoryId: retestId,
        lotInventoryIds: lots,
        productType: 'flower',
        name: 'retest',
        quantity: '7.0',
        unit: 'g',
      });
    }
    await ok(post(tech, `/v1/samples/${retest.id}/receive`, { receivedQuantity: '7.0', unit: 'g', condition: 'acceptable', ...COLLECTED }));
    await ok(putResults(t, tech.token, retest.id, withMethods(completePanel().filter((g) => g.group === 'microbials'))));
    await release(retest.id);
    const text = await coa(retest.id, 'd-retest');
    expect(text).toContain(`Retest of sample ${parent.labCode}`);
    expect(text).toMatch(/OVERALL RESULT\s+PASS/);
  });

  it('(e) an amended version supersedes the first, with its reason', async () => {
    const s = await received();
    await ok(putResults(t, tech.token, s.id, withMethods(completePanel())));
    await release(s.id, managerB);
    const reason = 'Lead re-run after the ICP-MS calibration check failed (CCV recovery 74 %)';
    await amendAndRelease(t, managerA, managerB, s.id, { amendsVersion: 1, reason, results: withMethods(metalsWithLead('0.31')) });
    const text = await coa(s.id, 'e-amended-v2', 2);
    expect(text).toContain('AMENDED: supersedes version 1');
    expect(text).toContain(`Reason for amendment: ${reason}`);
    expect(text).toMatch(/Lead‡\s+0\.31\s+[µμ]g\/g\s+0\.05\s+/);
    // ISO/IEC 17025 7.8.8: the amended version marks the line it changed and says what changed, in the table and the amendment box.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`‡ Changed by amendment in version 2: Lead (result). Reason: ${reason}`);
    expect(flat).toContain('Changed in this version (lines marked ‡): Lead (result).');
    expect(text).not.toMatch(/Mercury‡/);
    const first = await coa(s.id, 'e-original-v1', 1);
    expect(first).not.toContain('‡');
    expect(first).toMatch(/Lead\s+0\.12\s+[µμ]g\/g/);
  });

  it("(f) another lab's COA merged into our panel: its lines marked and footnoted, its method and test day apart from ours", async () => {
    const s = await received();
    await ok(putResults(t, tech.token, s.id, withMethods(completePanel())));
    const sc = readFileSync(join(__dirname, 'fixtures', 'coa-pdfs', 'sc-labs_Cherry_Punch.pdf'));
    const imported = await t.http().post('/v1/coa-imports').set(as(tech)).field('sampleId', s.id).attach('file', sc, 'Cherry_Punch.pdf');
    expect(imported.status).toBe(201);
    const testedAt = (imported.body as { coa: { testedAt: string } }).coa.testedAt;
    const flags = (await t.http().get(`/v1/samples/${s.id}/results/qc-flags`).set(as(managerB))).body as Array<{ id: string }>;
    for (const f of flags) await ok(post(managerB, `/v1/samples/${s.id}/results/qc-flags/${f.id}/resolve`, { resolution: 'Subcontracted; accepted' }), 204);
    await release(s.id, managerB);
    const text = await coa(s.id, 'f-coa-import-merged');
    const today = labDay(new Date());
    // The header's accreditation names its exception; the sample box keeps our days and states the other lab's apart.
    expect(text).toMatch(/except lines marked ¹ \(reported by other laboratories\)/);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`Analysed ${today} Other labs SC Laboratories California LLC¹, tested ${testedAt}`);
    // The license the import read off the COA is kept with its rows (results module): the footnote names it.
    expect((imported.body as { coa: { labLicense: string } }).coa.labLicense).toBe('C8-0000013-LIC');
    expect(flat).toContain(
      `¹ Lines marked ¹ were reported by SC Laboratories California LLC (license C8-0000013-LIC) on its own certificate of analysis, tested ${testedAt}.`,
    );
    expect(flat).toContain("not covered by this laboratory's ISO/IEC 17025 accreditation");
    // A merged group: our method and day, then the other lab's, each on its own line; each line of theirs marked.
    expect(text).toContain(`Method: Heavy metals by ICP-MS (SOP-CHEM-103 rev 3) · Analysed: ${today}`);
    expect(text).toContain(`Method: as reported on the COA of SC Laboratories California LLC (lines marked ¹) · Tested by that laboratory: ${testedAt}`);
    expect(text).toMatch(/Lead¹\s+\S+/);
    expect(text).toMatch(/THCA¹\s+191\.61\s+mg\/g/);
    // Totals of their values only are theirs too (F3); the closing statement does not claim their lines (F7).
    expect(text).toMatch(/TOTAL THC¹/);
    expect(text).toMatch(/Total THC \(calculated\)¹/);
    expect(flat).toContain('Total THC¹ and Total CBD¹ are calculated by this laboratory from values reported by SC Laboratories California LLC¹ only.');
    expect(flat).toContain(
      'relate only to the sample as received and tested, except lines marked ¹, which SC Laboratories California LLC (license C8-0000013-LIC) reported for the sample it tested.',
    );
    // Cannabinoids are all theirs here: no method of ours to be missing, only their line and the calculated totals.
    expect(text).not.toContain('Method: not recorded');
    expect(text).toContain('ND and <LOQ components are counted as 0.');
  });
});

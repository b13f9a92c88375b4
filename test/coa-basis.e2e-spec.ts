import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import { FieldError } from '../src/common/domain-error';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { SampleDetailDto } from '../src/samples/dto/sample-response.dto';
import { amendAndRelease, metalsWithLead } from './support/amendments';
import { binaryBody } from './support/binary-body';
import { announce, flowerSample, LicenseeHandle, seedStateSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { completePanel } from './support/panels';
import { reviewedRelease } from './support/release';
import { putResults, Row } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type FieldErrorBody = ErrorBody & { details: FieldError[] };

const EDIBLE_FACTS = { servingsPerPackage: '10', packageNetWeightG: '40', servingWeightG: '4' };
const EDIBLE_PANEL = ['cannabinoids', 'metals', 'microbials', 'mycotoxins', 'pesticides'];
const CHANGE_REASON = 'Package label reads "made with BHO distillate"';

/**
 * F-9 and F-8: the receiving technician confirms or changes whether an infused product is solvent-extracted
 * (it decides residual solvents), the COA says why residual solvents were left out, and an amended COA
 * names the manager who requested the amendment.
 */
describe('solvent extraction at receipt, and the basis the COA prints', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await labStaff(t, { secondManager: true, licenseeName: 'Catskill Confections LLC' });
    ({ technician: tech, manager: managerA, secondManager: managerB, licensee } = staff);
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body: object = {}) => t.http().post(path).set(as(u)).send(body);
  const receive = (id: string, extra: object) =>
    post(tech, `/v1/samples/${id}/receive`, {
      receivedQuantity: '2',
      unit: 'each',
      condition: 'acceptable',
      storageLocation: 'Fridge 3',
      edible: EDIBLE_FACTS,
      ...extra,
    });

  /** An edible announced by the licensee as not solvent-extracted (it leaves the flag out). */
  async function announcedEdible(): Promise<string> {
    const sample = flowerSample({ productType: 'edible', name: 'Sour Cherry Gummies 10-pack', quantity: '2', unit: 'each' });
    if (t.sim) await seedStateSample(t, licensee.licenseNumber, sample);
    const { res } = await announce(t, licensee, [sample]);
    expect(res.status).toBe(201);
    return (res.body as { sampleIds: string[] }).sampleIds[0];
  }

  /** The COA's text, whitespace runs as one space and a line broken after a hyphen joined again. */
  async function coaText(id: string, version: number): Promise<string> {
    const res = await t.http().get(`/v1/samples/${id}/coa?version=${version}`).set(as(managerA)).buffer(true).parse(binaryBody);
    expect(res.status).toBe(200);
    // COA_RENDER_DIR=<dir> keeps the PDFs to look at, as in coa-render.e2e-spec.ts.
    if (process.env.COA_RENDER_DIR) writeFileSync(join(process.env.COA_RENDER_DIR, `basis-v${version}.pdf`), res.body as Buffer);
    const { text } = await new PdfParseTextExtractor().extract(res.body as Buffer);
    return text.replace(/\s+/g, ' ').replace(/- /g, '-');
  }

  it('a receipt changing the announced solventExtracted needs a reason (400 on reason); with one, residual solvents join the panel and the audit keeps both values', async () => {
    const id = await announcedEdible();

    const missing = await receive(id, { solventExtracted: true });
    expect([missing.status, (missing.body as ErrorBody).error]).toEqual([400, 'REASON_REQUIRED']);
    expect((missing.body as FieldErrorBody).details).toEqual([
      { field: 'reason', message: 'reason is required when solventExtracted differs from the announcement' },
    ]);
    expect((await t.sql<{ status: string }>(`SELECT status FROM samples WHERE id = $1`, [id]))[0].status).toBe('pending');

    const received = await receive(id, { solventExtracted: true, reason: CHANGE_REASON });
    expect(received.status).toBe(200);
    const detail = received.body as SampleDetailDto;
    expect(detail.solventExtracted).toBe(true);
    expect(detail.panel).toEqual([...EDIBLE_PANEL, 'residual_solvents']);

    const [event] = await t.sql<{ before: Record<string, unknown>; after: Record<string, unknown>; reason: string; actor_id: string }>(
      `SELECT before, after, reason, actor_id FROM audit_events WHERE entity_id = $1 AND action = 'sample.received'`,
      [id],
    );
    expect(event.before).toMatchObject({ solventExtracted: false, status: 'pending' });
    expect(event.after).toMatchObject({ solventExtracted: true, solventExtractedConfirmedAtReceipt: true, panel: [...EDIBLE_PANEL, 'residual_solvents'] });
    expect(event.reason).toBe(CHANGE_REASON);
    expect(event.actor_id).toBe(tech.id);
  });

  it('an edible confirmed at receipt as not solvent-extracted: its COA says residual solvents were not required and on whose word; its amendment names the requester', async () => {
    const id = await announcedEdible();
    const received = await receive(id, { solventExtracted: false });
    expect(received.status).toBe(200);
    const { panel } = received.body as SampleDetailDto;
    expect(panel).toEqual(EDIBLE_PANEL);

    const cannabinoids: Row[] = [
      { analyte: 'Δ9-THC', value: '0.245', unit: '%' },
      { analyte: 'THCA', qualifier: 'ND', unit: '%' },
      { analyte: 'CBD', value: '0.010', unit: '%' },
      { analyte: 'CBDA', qualifier: 'ND', unit: '%' },
    ];
    const microbials = completePanel()
      .find((g) => g.group === 'microbials')!
      .analytes.map((a) => (a.analyte === 'Total yeast and mold' ? { ...a, value: '200' } : a.analyte === 'TAC' ? { ...a, value: '1500' } : a));
    const results = completePanel({ cannabinoids, microbials }).filter((g) => panel.includes(g.group));
    const put = await putResults(t, tech.token, id, results);
    expect([put.status, (put.body as ErrorBody).message]).toEqual([200, undefined]);
    expect((await post(tech, `/v1/samples/${id}/submit`)).status).toBe(200);
    const released = await post(managerA, `/v1/samples/${id}/release`, await reviewedRelease(t, managerA, id));
    expect([released.status, (released.body as ErrorBody).message]).toEqual([200, undefined]);

    const techLabel = `technician \\d+ <${tech.email.replace(/[.]/g, '\\.')}>`;
    const notRequired = new RegExp(
      `Residual solvents not tested: not required for a non-solvent-extracted edible \\(as confirmed at receipt by ${techLabel}\\)\\.`,
    );
    const v1 = await coaText(id, 1);
    expect(v1).toMatch(/OVERALL RESULT PASS/);
    expect(v1).toMatch(notRequired);
    expect(v1).not.toContain('Amendment requested by');

    await amendAndRelease(t, managerA, managerB, id, { amendsVersion: 1, reason: 'Lead result transposed at entry.', results: metalsWithLead('0.21') });
    const v2 = await coaText(id, 2);
    expect(v2).toContain('Reason for amendment: Lead result transposed at entry.');
    expect(v2).toMatch(
      new RegExp(`Amendment requested by manager \\d+ <${managerA.email.replace(/[.]/g, '\\.')}> on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} E[SD]T`),
    );
    expect(v2).toMatch(notRequired);
  });
});

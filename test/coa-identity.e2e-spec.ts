import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import type { CoaImportAnswer } from '../src/instruments/coa-pdf/coa-import.answer';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import type { ResultsService } from '../src/results/results.service';
import { inventoryId, LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { reviewedRelease } from './support/release';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string };
type QcFlagView = Awaited<ReturnType<ResultsService['listQcFlags']>>[number];

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'coa-pdfs', name));
const HOLDS = '; a QC flag holds the sample back from release until it is resolved.';

describe('a COA attached by sampleId must name the sample and its product type', () => {
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
  const upload = (pdf: Buffer, sampleId: string, dryRun = false) => {
    const req = t.http().post('/v1/coa-imports').set(as(tech)).field('sampleId', sampleId);
    if (dryRun) req.field('dryRun', 'true');
    return req.attach('file', pdf, 'coa.pdf');
  };
  const flagsOf = async (sampleId: string) =>
    (await t.http().get(`/v1/samples/${sampleId}/results/qc-flags`).set(as(manager)).expect(200)).body as QcFlagView[];
  const resolve = (sampleId: string, flag: QcFlagView, resolution: string) =>
    t.http().post(`/v1/samples/${sampleId}/results/qc-flags/${flag.id}/resolve`).set(as(manager)).send({ resolution }).expect(204);
  const release = async (sampleId: string) =>
    t
      .http()
      .post(`/v1/samples/${sampleId}/release`)
      .set(as(manager))
      .send(await reviewedRelease(t, manager, sampleId));

  it('flags another lab’s COA for another sample id; release waits until a manager resolves the flag', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const pdf = fixture('sc-labs_Cherry_Punch.pdf');
    const message =
      'The COA of SC Laboratories California LLC names sample ids 211116M007, 211116M007-001 and inventory id 1A406030000633F000008330 ' +
      `(product "Cherry Punch 1/2 oz."), none of them sample ${s.labCode}'s (inventory id ${s.sampleInventoryId}, lot ${s.inventoryIds.join(', ')}, "Blue Dream 3.5g"); ` +
      `it was attached to ${s.labCode} by sampleId`;

    // The dry run says what the store will raise, and raises nothing.
    const dry = await upload(pdf, s.id, true);
    expect(dry.status).toBe(200);
    expect((dry.body as CoaImportAnswer).qcFlags).toContainEqual({ kind: 'coa_identity', analyteGroup: null, message });
    expect((dry.body as CoaImportAnswer).warnings).toContain(`${s.labCode}: ${message}${HOLDS}`);
    expect(await flagsOf(s.id)).toEqual([]);

    const res = await upload(pdf, s.id);
    expect(res.status).toBe(201);
    const answer = res.body as CoaImportAnswer;
    expect(answer.qcFlags).toEqual((dry.body as CoaImportAnswer).qcFlags);
    const identity = (await flagsOf(s.id)).filter((f) => f.kind === 'coa_identity');
    expect(identity).toEqual([expect.objectContaining({ importId: answer.id, analyteGroup: null, analyte: null, message, resolvedAt: null })]);
    // The COA's flags are all there is on the sample: its dates (2021, before the receipt) and its identity.
    expect((await flagsOf(s.id)).map((f) => f.kind).sort()).toEqual(answer.qcFlags.map((f) => f.kind).sort());

    // Complete the panel by hand where the COA left it short, and submit.
    const view = (await t.http().get(`/v1/samples/${s.id}/results`).set(as(tech)).expect(200)).body as SampleResultsDto;
    const rest = passingFlowerPanel().filter((g) => !view.groups.some((x) => x.group === g.group && x.analytes.length > 0) || g.group in view.missingAnalytes);
    expect((await putResults(t, tech.token, s.id, rest, 'groups the COA does not carry')).status).toBe(200);
    await t.http().post(`/v1/samples/${s.id}/submit`).set(as(tech)).expect(200);

    for (const f of (await flagsOf(s.id)).filter((f) => f.kind !== 'coa_identity')) await resolve(s.id, f, 'The COA predates our receipt: reviewed');
    const blocked = await release(s.id);
    expect(blocked.status).toBe(403);
    expect((blocked.body as ErrorBody).message).toMatch(new RegExp(`^${s.labCode} has 1 unresolved QC flag\\(s\\): `));
    expect((blocked.body as ErrorBody).message).toContain(message);

    await resolve(s.id, identity[0], 'Subcontracted: the client confirmed in writing that 211116M007 is this lot');
    expect((await flagsOf(s.id)).find((f) => f.kind === 'coa_identity')).toMatchObject({ resolvedBy: manager.id, resolvedAt: expect.any(String) });
    expect((await release(s.id)).status).toBe(200);
  });

  it('flags an edible’s COA attached to a flower, keeping the warning', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const res = await upload(fixture('confident-cannabis_Elyxr-Gummy.pdf'), s.id);
    expect(res.status).toBe(201);
    const answer = res.body as CoaImportAnswer;
    const message = `The COA of Havard Industries is for an edible; sample ${s.labCode} is a flower and its results are judged by the flower limits`;
    expect(answer.warnings).toEqual(
      expect.arrayContaining([`The COA is for a edible; sample ${s.labCode} is a flower and is judged as one.`, `${s.labCode}: ${message}${HOLDS}`]),
    );
    expect(answer.qcFlags).toContainEqual({ kind: 'coa_product_type', analyteGroup: null, message });
    const flags = await flagsOf(s.id);
    expect(flags.filter((f) => f.kind === 'coa_product_type')).toEqual([expect.objectContaining({ importId: answer.id, message, resolvedAt: null })]);
    // Its sample id, 2106EST0690.2453, is not ours either.
    expect(flags.filter((f) => f.kind === 'coa_identity')).toHaveLength(1);
  });

  it('raises no identity flag for a COA naming the sample it is attached to', async () => {
    // The Kaycha COA prints the inventory tags 9335637511311120 and 0814477786553670: the first is this sample's.
    const s = await receivedSample(t, tech.token, licensee, { inventoryId: '9335637511311120', lotInventoryIds: [inventoryId()] });
    const res = await upload(fixture('kaycha-labs_DA30318004-001-Original.pdf'), s.id);
    expect(res.status).toBe(201);
    const answer = res.body as CoaImportAnswer;
    expect(answer).toMatchObject({ sampleId: s.id, matchedBy: 'sample inventory id', coa: { sampleIds: ['DA30318004-001'], productType: 'flower' } });
    expect(answer.qcFlags.filter((f) => f.kind !== 'analysis_date')).toEqual([]);
    expect(answer.warnings.filter((w) => /QC flag/.test(w) && !/before the sample was received/.test(w))).toEqual([]);
    expect((await flagsOf(s.id)).filter((f) => f.kind !== 'analysis_date')).toEqual([]);
  });
});

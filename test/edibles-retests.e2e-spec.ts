import { ErrorBody } from '../src/common/all-exceptions.filter';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import type { SampleDetailDto } from '../src/samples/dto/sample-response.dto';
import { binaryBody } from './support/binary-body';
import { AnnouncedSample, announce, flowerSample, inventoryId, LicenseeHandle, receivedSample, seedStateSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { completePanel } from './support/panels';
import { reviewedRelease } from './support/release';
import { Group, putResults, Row } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
const messageOf = (res: { body: unknown }) => (res.body as ErrorBody).message;
const nd = (analyte: string, unit: string): Row => ({ analyte, qualifier: 'ND', unit });

/**
 * An edible's complete panel: the groups an edible requires, with its cannabinoids, and microbial
 * counts inside the extracted-product limits (yeast and mold ≤ 1,000, aerobic count ≤ 10,000 CFU/g).
 */
function ediblePanel(cannabinoids: Row[], required: readonly string[]): Group[] {
  const microbials = completePanel()
    .find((g) => g.group === 'microbials')!
    .analytes.map((a) => (a.analyte === 'Total yeast and mold' ? { ...a, value: '200' } : a.analyte === 'TAC' ? { ...a, value: '1500' } : a));
  return completePanel({ cannabinoids, microbials }).filter((g) => required.includes(g.group));
}

describe('edibles (per serving, per package, caps, claims) and retests', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let licensee: LicenseeHandle;
  const pdfText = async (pdf: Buffer) => (await new PdfParseTextExtractor().extract(pdf)).text;

  beforeAll(async () => {
    t = await createTestApp();
    ({ technician: tech, manager, licensee } = await labStaff(t, { licenseeName: 'Catskill Confections LLC' }));
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body: object = {}) => t.http().post(path).set(as(u)).send(body);
  const resultsOf = async (id: string) => (await t.http().get(`/v1/samples/${id}/results`).set(as(tech)).expect(200)).body as SampleResultsDto;
  const coaText = async (id: string) => {
    const res = await t.http().get(`/v1/samples/${id}/coa`).set(as(manager)).buffer(true).parse(binaryBody);
    expect(res.status).toBe(200);
    return pdfText(res.body as Buffer);
  };

  /** Announces one edible (with what the licensee sends) and returns its id and the announced sample. */
  async function announcedEdible(edible?: object) {
    const sample: AnnouncedSample & { edible?: object } = flowerSample({
      productType: 'edible',
      name: 'Sour Cherry Gummies 10-pack',
      quantity: '2',
      unit: 'each',
    });
    if (edible) sample.edible = edible;
    if (t.sim) await seedStateSample(t, licensee.licenseNumber, sample);
    const { res } = await announce(t, licensee, [sample]);
    expect(res.status).toBe(201);
    return { id: (res.body as { sampleIds: string[] }).sampleIds[0], sample };
  }

  const receive = (id: string, extra: object = {}) =>
    post(tech, `/v1/samples/${id}/receive`, { receivedQuantity: '2', unit: 'each', condition: 'acceptable', storageLocation: 'Fridge 3', ...extra });

  async function submitAndRelease(id: string) {
    const submitted = await post(tech, `/v1/samples/${id}/submit`);
    expect([submitted.status, messageOf(submitted)]).toEqual([200, undefined]);
    const released = await post(manager, `/v1/samples/${id}/release`, await reviewedRelease(t, manager, id));
    expect([released.status, messageOf(released)]).toEqual([200, undefined]);
  }

  it('refuses to receive an edible without servings and package weight, naming the fields', async () => {
    const { id } = await announcedEdible();
    const res = await receive(id);
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).details).toEqual([
      expect.objectContaining({ field: 'edible.servingsPerPackage' }),
      expect.objectContaining({ field: 'edible.packageNetWeightG' }),
    ]);
    const bad = await receive(id, { edible: { servingsPerPackage: '0', packageNetWeightG: '-4', servingWeightG: '4' } });
    expect(bad.status).toBe(400);
    expect(messageOf(bad)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^edible\.servingsPerPackage must be a whole number/),
        expect.stringMatching(/^edible\.packageNetWeightG must be a positive/),
      ]),
    );
    const heavy = await receive(id, { edible: { servingsPerPackage: '10', packageNetWeightG: '40', servingWeightG: '41' } });
    expect(heavy.status).toBe(400);
    expect(messageOf(heavy)).toMatch(/edible\.servingWeightG \(41 g\) cannot be more than packageNetWeightG \(40 g\)/);
  });

  it('reports an edible per serving and per package, compares the label claim and prints both on the COA', async () => {
    const { id } = await announcedEdible({
      servingsPerPackage: '10',
      packageNetWeightG: '40',
      servingWeightG: '4',
      labelClaim: { per: 'serving', totalThcMg: '10' },
    });
    const received = await receive(id);
    expect(received.status).toBe(200);
    const detail = received.body as SampleDetailDto;
    expect(detail.edible).toEqual({ servingsPerPackage: '10', packageNetWeightG: '40', servingWeightG: '4', labelClaim: { per: 'serving', totalThcMg: '10' } });

    const cannabinoids = [
      { analyte: 'Δ9-THC', value: '0.245', unit: '%', loq: '0.005' },
      nd('THCA', '%'),
      { analyte: 'CBD', value: '0.010', unit: '%', loq: '0.005' },
      nd('CBDA', '%'),
    ];
    expect((await putResults(t, tech.token, id, ediblePanel(cannabinoids, detail.panel))).status).toBe(200);
    const results = await resultsOf(id);
    expect(results.status).toBe('pass');
    expect(results.edible).toMatchObject({
      servingsPerPackage: '10',
      packageNetWeightG: '40',
      amounts: [
        { analyte: 'total-thc', qualifier: null, percent: '0.245', mgPerG: '2.45', mgPerServing: '9.80', mgPerPackage: '98.00' },
        { analyte: 'total-cbd', qualifier: null, percent: '0.010', mgPerG: '0.10', mgPerServing: '0.40', mgPerPackage: '4.00' },
      ],
      claims: [
        { analyte: 'total-thc', basis: 'serving', claimedMg: '10', measuredMg: '9.80', deviationPercent: '-2.0', status: 'within', tolerancePercent: '20' },
      ],
      claimTolerance: { sourceTag: 'STAND-IN' },
    });
    const cannabinoidRows = results.groups.find((g) => g.group === 'cannabinoids')!.analytes;
    expect(cannabinoidRows.find((a) => a.analyte === 'total-thc-per-serving')).toMatchObject({
      value: '9.80',
      unit: 'mg/serving',
      computed: true,
      status: 'pass',
      limit: '≤ 10 mg/serving',
    });
    expect(cannabinoidRows.find((a) => a.analyte === 'total-thc-per-package')).toMatchObject({ value: '98.00', unit: 'mg/package', status: 'pass' });

    await submitAndRelease(id);
    // The state's units have no mg per serving: its report carries the measured rows, not the derived amounts.
    const [{ report }] = await t.sql<{ report: { groups: Array<{ group: string; analytes: Array<{ analyte: string }> }> } }>(
      `SELECT payload -> 'report' AS report FROM biotrack_submissions WHERE sample_id = $1`,
      [id],
    );
    const potency = report.groups.find((g) => g.group === 'cannabinoids')!.analytes.map((a) => a.analyte);
    expect(potency).toEqual(expect.arrayContaining(['Δ9-THC', 'Total THC']));
    expect(potency).not.toContain('Total THC per serving');
    const text = await coaText(id);
    expect(text).toMatch(/mg per serving/);
    expect(text).toMatch(/mg per package/);
    expect(text).toMatch(/Total THC\s+0\.245\s+2\.45\s+9\.80\s+98\.00/);
    expect(text).toMatch(/10 servings per package/);
    expect(text).toMatch(/Label claim: 10 mg Total THC per serving; measured 9\.80 mg per serving, deviation -2\.0 % \(within tolerance ±20 %\)/);
  });

  it('fails cannabinoids when a serving holds more than the 10 mg cap', async () => {
    const { id } = await announcedEdible();
    const received = await receive(id, { edible: { servingsPerPackage: '10', packageNetWeightG: '50', labelClaim: { per: 'package', totalThcMg: '100' } } });
    expect(received.status).toBe(200);
    const panel = (received.body as SampleDetailDto).panel;
    // 0.3 % = 3 mg/g × 50 g = 150 mg per package, 15 mg per serving: both caps exceeded.
    expect((await putResults(t, tech.token, id, ediblePanel([{ analyte: 'Δ9-THC', value: '0.300', unit: '%' }, nd('THCA', '%')], panel))).status).toBe(200);
    const results = await resultsOf(id);
    expect(results.status).toBe('fail');
    expect(results.failedGroups).toEqual(['cannabinoids']);
    const failed = results.groups.find((g) => g.group === 'cannabinoids')!.analytes.filter((a) => a.status === 'fail');
    expect(failed.map((a) => [a.analyte, a.value, a.limit])).toEqual([
      ['total-thc-per-package', '150.00', '≤ 100 mg/package'],
      ['total-thc-per-serving', '15.00', '≤ 10 mg/serving'],
    ]);
    expect(results.edible!.claims).toEqual([expect.objectContaining({ basis: 'package', measuredMg: '150.00', deviationPercent: '+50.0', status: 'outside' })]);
  });

  /** A flower sample released with one group overridden (a failure), so it can be retested. */
  async function releasedFailure(overrides: Record<string, Row[]>) {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, completePanel(overrides))).status).toBe(200);
    expect((await resultsOf(s.id)).status).toBe('fail');
    await submitAndRelease(s.id);
    return s;
  }

  it('retests a microbial failure on the whole microbial group, and its COA says Retest and names the parent', async () => {
    const microbials = completePanel()
      .find((g) => g.group === 'microbials')!
      .analytes.map((a) => (a.analyte === 'Aspergillus niger' ? { analyte: 'Aspergillus niger', value: '30', unit: 'CFU/g' } : a));
    const parent = await releasedFailure({ microbials });
    const retestId = inventoryId();
    const created = await post(tech, `/v1/samples/${parent.id}/retests`, { sampleInventoryId: retestId, quantity: '7.0', unit: 'g', reason: 'Remediated lot' });
    expect(created.status).toBe(201);
    const retest = created.body as SampleDetailDto;
    expect(retest).toMatchObject({ parentSampleId: parent.id, retestGroups: ['microbials'], status: 'pending' });

    if (t.sim) {
      await seedStateSample(t, licensee.licenseNumber, {
        inventoryId: retestId,
        lotInventoryIds: parent.inventoryIds,
        productType: 'flower',
        name: 'retest',
        quantity: '7.0',
        unit: 'g',
      });
    }
    const received = await post(tech, `/v1/samples/${retest.id}/receive`, { receivedQuantity: '7.0', unit: 'g', condition: 'acceptable' });
    expect(received.status).toBe(200);
    expect((received.body as SampleDetailDto).panel).toEqual(['microbials']);
    expect(
      (
        await putResults(
          t,
          tech.token,
          retest.id,
          completePanel().filter((g) => g.group === 'microbials'),
        )
      ).status,
    ).toBe(200);
    expect((await resultsOf(retest.id)).status).toBe('pass');
    await submitAndRelease(retest.id);
    const text = await coaText(retest.id);
    expect(text).toContain(`Retest of sample ${parent.labCode}`);
  });

  it('refuses to retest a prohibited-pesticide failure, naming the pesticide', async () => {
    const pesticides = [...completePanel().find((g) => g.group === 'pesticides')!.analytes, { analyte: 'Daminozide', value: '2.5', unit: 'µg/g' }];
    const parent = await releasedFailure({ pesticides });
    const res = await post(tech, `/v1/samples/${parent.id}/retests`, { sampleInventoryId: inventoryId(), quantity: '7.0', unit: 'g' });
    expect(res.status).toBe(409);
    expect(messageOf(res)).toMatch(
      new RegExp(`^${parent.labCode} cannot be retested\\. Failed on prohibited pesticide Daminozide: a prohibited-pesticide failure cannot be remediated`),
    );
    expect((res.body as ErrorBody).details).toEqual({ prohibitedPesticides: ['daminozide'] });
  });
});

import { writeFileSync } from 'node:fs';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import type { MethodSetDto, MethodSetSummaryDto, MethodSetUploadDto } from '../src/rules/methods/method-set.dto';
import { approveAs } from './support/approvals';
import { binaryBody } from './support/binary-body';
import { announce, flowerSample, LicenseeHandle, seedStateSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { completePanel } from './support/panels';
import { reviewedRelease } from './support/release';
import { putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

const ICP_MS = 'LT-M-MET-02';
const SCREEN = 'LT-M-MET-SCREEN';
const METHOD_SET = {
  name: 'lab-methods-2026-v2',
  effectiveDate: '2026-06-01',
  source: "Lab validation reports VR-2026-014 and VR-2026-015 (the lab's own figures)",
  rows: [
    {
      methodId: ICP_MS,
      name: 'Heavy metals by ICP-MS',
      sopRef: 'SOP-CHEM-103 rev 3',
      technique: 'ICP-MS',
      instrument: 'Agilent 7900 ICP-MS',
      group: 'metals',
      analytes: [
        { analyte: 'lead', lod: '0.02', loq: '0.05', unit: 'µg/g' },
        { analyte: 'arsenic', lod: '20', loq: '50', unit: 'ppb' },
        { analyte: 'cadmium', lod: '0.01', loq: '0.05', unit: 'µg/g' },
        { analyte: 'mercury', lod: '0.01', loq: '0.03', unit: 'µg/g' },
        { analyte: 'nickel', lod: '0.05', loq: '0.2', unit: 'µg/g' },
        { analyte: 'chromium', lod: '0.05', loq: '0.2', unit: 'µg/g' },
        { analyte: 'copper', lod: '0.1', loq: '0.5', unit: 'µg/g' },
        { analyte: 'antimony', lod: '0.02', loq: '0.1', unit: 'µg/g' },
      ],
    },
    {
      methodId: SCREEN,
      name: 'Metals screen by ICP-OES',
      sopRef: 'SOP-CHEM-113 rev 1',
      technique: 'ICP-OES',
      instrument: 'PerkinElmer Avio 220',
      group: 'metals',
      analytes: ['lead', 'arsenic', 'cadmium', 'mercury', 'nickel', 'chromium', 'copper', 'antimony'].map((analyte) => ({
        analyte,
        lod: '0.3',
        loq: '0.6',
        unit: 'µg/g',
      })),
    },
  ],
};

/** The metals group's analysis time of the last panel built: after its sample's receipt, never in the future. */
let metalsAnalysedAt = '';
/** The lab's calendar day (New York) of an instant, as the COA prints it. */
const labDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(iso));

/** The method text of the groups the uploaded set has no method for. */
const OTHER_METHOD = 'In-house method, validation pending';

/** The flower panel with metals by the named method: no LOD/LOQ typed, the method supplies them. */
function panelWithMetals(methodId: string, overrides: Record<string, unknown> = {}) {
  // A second after now: built after the receipt, so a date the entry accepts (not before receipt, not future).
  metalsAnalysedAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toISOString();
  const metals = {
    group: 'metals',
    methodId,
    analysedAt: metalsAnalysedAt,
    analytes: [
      { analyte: 'Lead', qualifier: 'ND', unit: 'µg/g' },
      { analyte: 'Arsenic', value: '0.08', unit: 'µg/g' },
      { analyte: 'Cadmium', qualifier: 'ND', unit: 'µg/g' },
      { analyte: 'Mercury', qualifier: 'ND', unit: 'µg/g' },
      { analyte: 'Nickel', value: '0.4', unit: 'µg/g' },
      { analyte: 'Chromium', value: '0.9', unit: 'µg/g' },
      { analyte: 'Copper', value: '4.1', unit: 'µg/g' },
      { analyte: 'Antimony', qualifier: 'ND', unit: 'µg/g' },
    ],
    ...overrides,
  };
  // The uploaded set holds only metals methods: the other groups name their method as text, and their ND rows an LOD.
  const others = completePanel()
    .filter((g) => g.group !== 'metals')
    .map(({ methodId: _builtIn, ...g }) => ({
      ...g,
      analytes: g.analytes.map((a) => ({ ...a, method: OTHER_METHOD, ...(a.qualifier && !a.lod && !a.loq ? { lod: '0.001' } : {}) })),
    }));
  return [...others, metals];
}

describe('methods, LOD and LOQ as data', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let adminA: User;
  let adminB: User;
  let licensee: LicenseeHandle;
  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const metalsOf = (view: SampleResultsDto) => view.groups.find((g) => g.group === 'metals')!;

  beforeAll(async () => {
    t = await createTestApp();
    ({ technician: tech, manager, admin: adminA, licensee } = await labStaff(t, { licenseeName: 'Hudson Valley Flower Co' }));
    adminB = await t.userToken('admin');
  });
  afterAll(() => t.close());

  /** Announces a flower sample and receives it with the chain-of-custody form's collection facts. */
  async function received(collection: { collectedAt?: string; collectionSite?: string } = {}) {
    const sample = flowerSample();
    await seedStateSample(t, licensee.licenseNumber, sample);
    const { res } = await announce(t, licensee, [sample]);
    const [id] = (res.body as { sampleIds: string[] }).sampleIds;
    const body = { receivedQuantity: sample.quantity, unit: sample.unit, condition: 'acceptable', storageLocation: 'Fridge 1', ...collection };
    return (await t.http().post(`/v1/samples/${id}/receive`).set(as(tech)).send(body).expect(200)).body as { id: string; labCode: string };
  }

  it('the built-in method set is in force at boot, one method per group', async () => {
    const inForce = (await t.http().get('/v1/method-sets/in-force').set(as(tech)).expect(200)).body as MethodSetDto;
    expect(inForce).toMatchObject({ name: 'labtrace-methods-2025-v1', status: 'approved', decidedBy: 'labtrace' });
    expect(inForce.methods.map((m) => m.group).sort()).toHaveLength(10);
    expect(inForce.methods.find((m) => m.group === 'pesticides')).toMatchObject({ methodId: 'LT-M-PEST-01', technique: expect.stringContaining('LC-MS/MS') });
  });

  it('an admin uploads a method set; invalid files are refused row by row; it is in force only once a second admin approves', async () => {
    const badCsv = [
      '# name: broken-methods',
      '# effectiveDate: 2026-06-01',
      '# source: draft',
      'method_id,name,sop_ref,technique,instrument,group,analyte,lod,loq,unit',
      'M1,Metals,SOP-1,ICP-MS,ICP-1,metals,lead,0.1,0.05,µg/g',
      'M1,Metals,SOP-2,ICP-MS,ICP-1,metals,cadmium,0.01,0.05,µg/g',
    ].join('\n');
    const refused = await t.http().post('/v1/method-sets').set(as(adminA)).attach('file', Buffer.from(badCsv), 'methods.csv').expect(400);
    expect((refused.body as ErrorBody).details).toEqual([
      expect.objectContaining({ field: 'rows[0].lod', message: 'the LOD (0.1) cannot be above the LOQ (0.05)', line: 5 }),
    ]);
    expect(
      (
        await t
          .http()
          .post('/v1/method-sets')
          .set(as(tech))
          .attach('file', Buffer.from(JSON.stringify(METHOD_SET)), 'm.json')
      ).status,
    ).toBe(403);

    const uploaded = (
      await t
        .http()
        .post('/v1/method-sets')
        .set(as(adminA))
        .attach('file', Buffer.from(JSON.stringify(METHOD_SET)), 'methods.json')
        .expect(202)
    ).body as MethodSetUploadDto;
    expect(uploaded.methodSet).toMatchObject({ name: METHOD_SET.name, status: 'pending', effectiveDate: '2026-06-01' });
    expect(uploaded.methodSet.methods.find((m) => m.methodId === ICP_MS)?.analytes).toContainEqual({ analyte: 'arsenic', lod: '20', loq: '50', unit: 'ppb' });
    expect(uploaded.approval).toMatchObject({ kind: 'rule_set_activation', subjectType: 'method_set', subjectId: uploaded.methodSet.id });
    // Pending: entering with its methods is refused, the built-in set is still the one in force.
    const s = await received();
    const early = await putResults(t, tech.token, s.id, panelWithMetals(ICP_MS) as never);
    expect(early.status).toBe(400);
    expect((early.body as ErrorBody).details).toContainEqual({ field: 'groups[8].methodId', message: `${ICP_MS} is not a method of labtrace-methods-2025-v1` });

    expect((await t.http().post(`/v1/approvals/${uploaded.approval.id}/approve`).set(as(adminA))).status).toBe(403);
    await approveAs(t, adminB.token, uploaded.approval.id);
    const listed = (await t.http().get('/v1/method-sets').set(as(tech)).expect(200)).body as MethodSetSummaryDto[];
    expect(listed.map((m) => [m.name, m.status])).toEqual([
      [METHOD_SET.name, 'approved'],
      ['labtrace-methods-2025-v1', 'approved'],
    ]);
    expect(((await t.http().get('/v1/method-sets/in-force').set(as(tech)).expect(200)).body as MethodSetDto).name).toBe(METHOD_SET.name);
    // Never replaced: the same name again is refused.
    expect(
      (
        await t
          .http()
          .post('/v1/method-sets')
          .set(as(adminA))
          .attach('file', Buffer.from(JSON.stringify(METHOD_SET)), 'again.json')
      ).status,
    ).toBe(409);
  });

  it('rows entered with a method carry its id, label, LOD and LOQ (converted) and the group’s analysis date; a lower LOQ is refused', async () => {
    const s = await received();
    const lower = await putResults(
      t,
      tech.token,
      s.id,
      panelWithMetals(ICP_MS, {
        analytes: [{ analyte: 'Lead', qualifier: 'ND', unit: 'µg/g', loq: '0.01' }],
      }) as never,
    );
    expect(lower.status).toBe(400);
    expect((lower.body as ErrorBody).details).toEqual([
      { field: 'groups[8].analytes[0].loq', message: `LOQ 0.01 µg/g is below ${ICP_MS}'s validated LOQ for Lead (0.05 µg/g)` },
    ]);

    // A typed analysis date cannot precede the receipt: that result cannot be of this sample.
    const early = await putResults(t, tech.token, s.id, panelWithMetals(ICP_MS, { analysedAt: '2026-11-28T15:00:00Z' }) as never);
    expect(early.status).toBe(400);
    expect((early.body as ErrorBody).details).toEqual([
      { field: 'groups[8].analysedAt', message: expect.stringMatching(/^analysedAt 2026-11-28T15:00:00Z is before the sample was received \(20\d\d-/) },
    ]);

    const res = await putResults(t, tech.token, s.id, panelWithMetals(ICP_MS) as never);
    expect(res.status).toBe(200);
    const view = res.body as SampleResultsDto;
    expect(metalsOf(view).status).toBe('pass');
    expect(metalsOf(view).analytes.find((a) => a.analyte === 'arsenic')).toMatchObject({
      value: '0.08',
      lod: '0.02',
      loq: '0.05',
      method: 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)',
      instrument: 'Agilent 7900 ICP-MS',
      analysedAt: metalsAnalysedAt,
      status: 'pass',
    });
    const stored = await t.sql<{ method_id: string; method_set_id: string; lod: string; loq: string }>(
      `SELECT method_id, method_set_id, lod::text, loq::text FROM analyte_results WHERE sample_id = $1 AND analyte = 'lead'`,
      [s.id],
    );
    const [set] = await t.sql<{ id: string }>(`SELECT id FROM rule_sets WHERE kind = 'methods' AND name = $1`, [METHOD_SET.name]);
    expect(stored).toEqual([{ method_id: ICP_MS, method_set_id: set.id, lod: '0.02', loq: '0.05' }]);
    // Groups entered without a registry method keep what was typed and are dated with the entry.
    const cannabinoids = view.groups.find((g) => g.group === 'cannabinoids')!;
    expect(cannabinoids.analytes.find((a) => a.analyte === 'thca')).toMatchObject({ loq: '0.05', method: OTHER_METHOD, analysedAt: expect.any(String) });
  });

  it('ND by a method whose LOQ is above the limit cannot pass: metals and the sample are incomplete, saying why', async () => {
    const s = await received();
    const res = await putResults(
      t,
      tech.token,
      s.id,
      panelWithMetals(SCREEN, {
        analytes: [
          { analyte: 'Lead', qualifier: 'ND', unit: 'µg/g' },
          { analyte: 'Arsenic', qualifier: 'ND', unit: 'µg/g' },
          { analyte: 'Cadmium', qualifier: 'ND', unit: 'µg/g' },
          { analyte: 'Mercury', qualifier: 'ND', unit: 'µg/g' },
          { analyte: 'Nickel', value: '0.9', unit: 'µg/g' },
          { analyte: 'Chromium', value: '0.9', unit: 'µg/g' },
          { analyte: 'Copper', value: '4.1', unit: 'µg/g' },
          { analyte: 'Antimony', qualifier: 'ND', unit: 'µg/g' },
        ],
      }) as never,
    );
    expect(res.body).toMatchObject({ status: 'incomplete', failedGroups: [] });
    const view = res.body as SampleResultsDto;
    expect(metalsOf(view).status).toBe('incomplete');
    const lead = metalsOf(view).analytes.find((a) => a.analyte === 'lead')!;
    expect(lead).toMatchObject({ qualifier: 'ND', loq: '0.6', status: 'inconclusive' });
    expect(lead.reason).toBe("ND (below the LOD), but the method's LOQ (0.6 µg/g) is above the limit ≤ 0.5 µg/g: it cannot demonstrate compliance.");
    // Antimony's limit is 2 µg/g: the same method shows it.
    expect(metalsOf(view).analytes.find((a) => a.analyte === 'antimony')?.status).toBe('pass');
    expect(metalsOf(view).reason).toContain('Lead: ND (below the LOD)');
  });

  it('the COA prints the LOQ column, each group’s method and analysis date, and where and when the sample was collected', async () => {
    const s = await received({ collectedAt: '2026-11-25T14:30:00Z', collectionSite: 'Hudson Valley Flower Co, drying room 2, 12 Main St, Hudson NY' });
    const entered = await putResults(t, tech.token, s.id, panelWithMetals(ICP_MS) as never);
    expect(entered.status).toBe(200);
    expect((entered.body as SampleResultsDto).status).toBe('pass');
    await t.http().post(`/v1/samples/${s.id}/submit`).set(as(tech)).expect(200);
    await t
      .http()
      .post(`/v1/samples/${s.id}/release`)
      .set(as(manager))
      .send(await reviewedRelease(t, manager, s.id))
      .expect(200);
    const pdf = (await t.http().get(`/v1/samples/${s.id}/coa`).set(as(tech)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
    if (process.env.COA_OUT) writeFileSync(process.env.COA_OUT, pdf);
    const text = (await new PdfParseTextExtractor().extract(pdf)).text;
    expect(text).toContain('Method: Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)');
    expect(text).toMatch(new RegExp(`Method: Heavy metals by ICP-MS \\(SOP-CHEM-103 rev 3\\)\\s+·\\s+Analysed: ${labDay(metalsAnalysedAt)}`));
    expect(text).toMatch(/Collected Hudson Valley Flower Co, drying room 2, 12 Main\s+St, Hudson NY, 2026-11-25 09:30 EST/);
    // Groups entered without a registry method print the method as typed (a certificate with none is refused); the header's facts are all recorded.
    expect(text).toMatch(/Cannabinoids \(potency\) PASS\s+Method: In-house method, validation pending · Analysed: \d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/(Collected|Analysed) not recorded/);
    // The LOQ column (the extractor reads µ as Greek mu): lead's 0.05, and arsenic's 50 ppb as 0.05 µg/g; an ND names
    // the method's LOD it is below.
    expect(text).toMatch(/Lead ND \(<LOD 0\.02\) [µμ]g\/g 0\.05 <= 0\.5 [µμ]g\/g PASS/);
    expect(text).toMatch(/Arsenic 0\.08 [µμ]g\/g 0\.05 <= 0\.2 [µμ]g\/g PASS/);
  });

  it('the receive form refuses a collection time after receipt', async () => {
    const sample = flowerSample();
    const { res } = await announce(t, licensee, [sample]);
    const [id] = (res.body as { sampleIds: string[] }).sampleIds;
    const refused = await t.http().post(`/v1/samples/${id}/receive`).set(as(tech)).send({
      receivedQuantity: sample.quantity,
      unit: sample.unit,
      condition: 'acceptable',
      receivedAt: '2026-11-20T10:00:00Z',
      collectedAt: '2026-11-21T10:00:00Z',
    });
    expect(refused.status).toBe(400);
    expect((refused.body as ErrorBody).details).toEqual([{ field: 'collectedAt', message: 'a sample cannot be collected after it was received' }]);
  });
});

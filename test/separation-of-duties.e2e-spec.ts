import type { ErrorBody } from '../src/common/all-exceptions.filter';
import type { ImportSummary } from '../src/instruments/instrument-imports.service';
import type { SampleResultsDto, SampleResultsWithContributorsDto } from '../src/results/dto/results-response.dto';
import type { ResultsService } from '../src/results/results.service';
import { massHunterFor } from './support/instrument-files';
import { announce, flowerSample, LicenseeHandle, receivedSample, registerLicensee, seedStateSample } from './support/lab';
import { completePanel, enterCompletePanel } from './support/panels';
import { reviewedRelease } from './support/release';
import { putResults, type Group, type Row } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type QcFlagView = Awaited<ReturnType<ResultsService['listQcFlags']>>[number];

/** Four eyes: whoever wrote to a version (removing rows included) or raised a QC flag cannot be its second person. */
describe('separation of duties on results', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    tech = await t.userToken('technician');
    managerA = await t.userToken('manager');
    managerB = await t.userToken('manager');
    licensee = await registerLicensee(t, (await t.userToken('admin')).token);
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body: object = {}) => t.http().post(path).set(as(u)).send(body);
  const errorOf = (res: { body: unknown }) => res.body as ErrorBody;
  const flagsOf = async (sampleId: string) =>
    (await t.http().get(`/v1/samples/${sampleId}/results/qc-flags`).set(as(managerB)).expect(200)).body as QcFlagView[];
  /** The audited four-eyes refusals of a sample: who, with the code and the acts the refusal rests on. */
  const refusalsOf = (sampleId: string, action: string) =>
    t.sql<{ actor_id: string; after: Record<string, unknown>; reason: string }>(
      `SELECT actor_id, after, reason FROM audit_events WHERE entity_id = $1 AND action = $2 ORDER BY id`,
      [sampleId, action],
    );
  const resolve = (u: User, sampleId: string, flagId: string) =>
    post(u, `/v1/samples/${sampleId}/results/qc-flags/${flagId}/resolve`, { resolution: 'Blank re-injected clean; carry-over from the CCV' });

  /** An edible, received: its panel leaves residual solvents out, though their limits still judge it when entered. */
  async function receivedEdible(): Promise<{ id: string; panel: string[] }> {
    const sample = flowerSample({ productType: 'edible', name: 'Gummies', quantity: '2', unit: 'each' });
    if (t.sim) await seedStateSample(t, licensee.licenseNumber, sample);
    const [id] = ((await announce(t, licensee, [sample])).res.body as { sampleIds: string[] }).sampleIds;
    const received = await post(tech, `/v1/samples/${id}/receive`, {
      receivedQuantity: '2',
      unit: 'each',
      condition: 'acceptable',
      storageLocation: 'Fridge 1',
      edible: { servingsPerPackage: '10', packageNetWeightG: '40', servingWeightG: '4' },
    }).expect(200);
    return { id, panel: (received.body as { panel: string[] }).panel };
  }

  let released: string;

  it('counts a manager who cleared a technician’s failing group as a contributor: they cannot release it, another manager can', async () => {
    const { id, panel } = await receivedEdible();
    expect(panel).not.toContain('residual_solvents');
    const cannabinoids: Row[] = [
      { analyte: 'Δ9-THC', value: '0.245', unit: '%', loq: '0.005' },
      { analyte: 'THCA', qualifier: 'ND', unit: '%' },
      { analyte: 'CBD', value: '0.010', unit: '%', loq: '0.005' },
      { analyte: 'CBDA', qualifier: 'ND', unit: '%' },
    ];
    // An edible's microbial limits are tighter than a flower's.
    const microbials = completePanel()
      .find((g) => g.group === 'microbials')!
      .analytes.map((a) => (a.analyte === 'Total yeast and mold' ? { ...a, value: '200' } : a.analyte === 'TAC' ? { ...a, value: '1500' } : a));
    const groups: Group[] = [
      ...completePanel({ cannabinoids, microbials }).filter((g) => panel.includes(g.group)),
      { group: 'residual_solvents', analytes: [{ analyte: 'Benzene', value: '40', unit: 'ppm' }] },
    ];
    const entered = await putResults(t, tech.token, id, groups);
    expect(entered.status).toBe(200);
    expect(entered.body).toMatchObject({ status: 'fail', failedGroups: ['residual_solvents'] });

    // Manager A removes the failing group: no row of theirs is left in the version, but the write is.
    const cleared = await putResults(t, managerA.token, id, [{ group: 'residual_solvents', analytes: [] }], 'entered on the wrong sample');
    expect(cleared.status).toBe(200);
    expect((cleared.body as SampleResultsDto).status).toBe('pass');
    const rows = await t.sql<{ entered_by: string }>(`SELECT DISTINCT entered_by FROM analyte_results WHERE sample_id = $1 AND NOT computed`, [id]);
    expect(rows.map((r) => r.entered_by)).toEqual([tech.id]);
    await post(managerA, `/v1/samples/${id}/submit`).expect(200);

    // The review screen is told beforehand, from the same record the release check reads.
    const nameOf = async (u: User) => ((await t.http().get('/v1/auth/session').set(as(u)).expect(200)).body as { displayName: string }).displayName;
    const review = (await t.http().get(`/v1/samples/${id}/results`).set(as(managerB)).expect(200)).body as SampleResultsWithContributorsDto;
    expect(review.contributors).toEqual(
      [
        { userId: managerA.id, displayName: await nameOf(managerA), did: [{ act: 'cleared', groups: ['residual_solvents'] }] },
        {
          userId: tech.id,
          displayName: await nameOf(tech),
          did: [
            { act: 'received', groups: [] },
            { act: 'entered', groups: [...panel, 'residual_solvents'].sort() },
          ],
        },
      ].sort((a, b) => a.displayName.localeCompare(b.displayName)),
    );

    const refused = await post(managerA, `/v1/samples/${id}/release`, await reviewedRelease(t, managerA, id));
    expect(refused.status).toBe(403);
    expect(errorOf(refused).error).toBe('RELEASE_FORBIDDEN');
    expect(errorOf(refused).message).toMatch(/another manager must review and release it/);
    expect((await t.sql<{ status: string }>(`SELECT status FROM samples WHERE id = $1`, [id]))[0].status).toBe('submitted');
    // The signed, refused attempt is kept in the audit trail, though the release's transaction rolled back.
    expect(await refusalsOf(id, 'release.refused')).toEqual([
      {
        actor_id: managerA.id,
        after: {
          code: 'RELEASE_FORBIDDEN',
          version: 1,
          acts: [{ act: 'cleared', groups: ['residual_solvents'] }],
          signature: { act: 'release', meaning: 'Reviewed and released', verified: true },
        },
        reason: errorOf(refused).message,
      },
    ]);

    const byB = await post(managerB, `/v1/samples/${id}/release`, await reviewedRelease(t, managerB, id));
    expect(byB.status).toBe(200);
    expect(byB.body).toMatchObject({ version: 1, overall: 'pass' });
    released = id;
  });

  it('counts the manager who received the sample (its receipt facts decide the verdict) as a contributor: they cannot release it', async () => {
    const s = await receivedSample(t, managerA.token, licensee);
    await enterCompletePanel(t, tech.token, s.id);
    await post(tech, `/v1/samples/${s.id}/submit`).expect(200);

    const review = (await t.http().get(`/v1/samples/${s.id}/results`).set(as(managerA)).expect(200)).body as SampleResultsWithContributorsDto;
    expect(review.contributors.find((c) => c.userId === managerA.id)?.did).toEqual([{ act: 'received', groups: [] }]);
    expect(review.contributors.find((c) => c.userId === tech.id)?.did.map((d) => d.act)).toEqual(['entered']);

    const refused = await post(managerA, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerA, s.id));
    expect(refused.status).toBe(403);
    expect(errorOf(refused).error).toBe('RELEASE_FORBIDDEN');
    expect((await t.sql<{ status: string }>(`SELECT status FROM samples WHERE id = $1`, [s.id]))[0].status).toBe('submitted');
    expect((await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id))).status).toBe(200);
  });

  it('a receipt changing the licensee’s announced edible facts needs a reason (400 on reason), as solventExtracted does', async () => {
    const sample = {
      ...flowerSample({ productType: 'edible', name: 'Gummies 5-pack', quantity: '2', unit: 'each' }),
      edible: { servingsPerPackage: '5', packageNetWeightG: '40' },
    };
    if (t.sim) await seedStateSample(t, licensee.licenseNumber, sample);
    const [id] = ((await announce(t, licensee, [sample])).res.body as { sampleIds: string[] }).sampleIds;
    const body = { receivedQuantity: '2', unit: 'each', condition: 'acceptable', storageLocation: 'Fridge 1' };
    // 10 servings halves the mg per serving the 10 mg cap judges.
    const unexplained = await post(managerA, `/v1/samples/${id}/receive`, { ...body, edible: { servingsPerPackage: '10', packageNetWeightG: '40.0' } });
    expect([unexplained.status, errorOf(unexplained).error]).toEqual([400, 'REASON_REQUIRED']);
    expect(errorOf(unexplained).details).toEqual([
      { field: 'reason', message: 'reason is required when edible facts differ from the announcement (servingsPerPackage)' },
    ]);
    expect((await t.sql<{ status: string }>(`SELECT status FROM samples WHERE id = $1`, [id]))[0].status).toBe('pending');
    const reason = 'Package label reads 10 pieces';
    const explained = await post(managerA, `/v1/samples/${id}/receive`, { ...body, edible: { servingsPerPackage: '10', packageNetWeightG: '40' }, reason });
    expect(explained.status).toBe(200);
    expect((explained.body as { edible: { servingsPerPackage: string } }).edible.servingsPerPackage).toBe('10');
    const [audit] = await t.sql<{ reason: string }>(`SELECT reason FROM audit_events WHERE entity_id = $1 AND action = 'sample.received'`, [id]);
    expect(audit.reason).toBe(reason);
  });

  it('refuses a QC flag’s resolution by its importer or a contributor (403, flag stays open); a second manager resolves it', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    // Manager A writes to the version by hand; the technician's import raises the flags.
    expect((await putResults(t, managerA.token, s.id, [{ group: 'moisture', analytes: [{ analyte: 'Moisture', value: '9.1', unit: '%' }] }])).status).toBe(200);
    const imported = await t
      .http()
      .post('/v1/instrument-imports')
      .set(as(tech))
      .attach('file', massHunterFor([s.labCode]), 'lcms-260314.csv');
    expect(imported.status).toBe(201);
    const importId = (imported.body as ImportSummary).id;
    const flags = await flagsOf(s.id);
    const blank = flags.find((f) => f.kind === 'qc_blank');
    expect(blank).toMatchObject({ importId, resolvedAt: null });

    const byImporter = await resolve(tech, s.id, blank!.id);
    expect(byImporter.status).toBe(403);
    expect(errorOf(byImporter)).toMatchObject({
      error: 'QC_FLAG_SELF_RESOLUTION',
      message: expect.stringMatching(/you uploaded the import that raised it; a second person must/),
    });
    const byContributor = await resolve(managerA, s.id, blank!.id);
    expect(byContributor.status).toBe(403);
    expect(errorOf(byContributor)).toMatchObject({
      error: 'QC_FLAG_SELF_RESOLUTION',
      message: expect.stringMatching(/you entered, imported or changed results of/),
    });
    expect((await flagsOf(s.id)).find((f) => f.id === blank!.id)).toMatchObject({ resolvedAt: null, resolvedBy: null, resolution: null });
    const refusals = await refusalsOf(s.id, 'qc_flag.refused');
    expect(refusals.map((r) => [r.actor_id, r.after])).toEqual([
      [
        tech.id,
        {
          code: 'QC_FLAG_SELF_RESOLUTION',
          flagId: blank!.id,
          importId,
          version: 1,
          uploadedImport: true,
          acts: [{ act: 'received', groups: [] }, expect.objectContaining({ act: 'imported' })],
        },
      ],
      [
        managerA.id,
        { code: 'QC_FLAG_SELF_RESOLUTION', flagId: blank!.id, importId, version: 1, uploadedImport: false, acts: [{ act: 'entered', groups: ['moisture'] }] },
      ],
    ]);

    expect((await resolve(managerB, s.id, blank!.id)).status).toBe(204);
    expect((await flagsOf(s.id)).find((f) => f.id === blank!.id)).toMatchObject({
      resolvedBy: managerB.id,
      resolution: 'Blank re-injected clean; carry-over from the CCV',
    });
    // A flag already resolved answers as before, whoever asks, and keeps its resolver.
    expect((await resolve(tech, s.id, blank!.id)).status).toBe(204);
    expect((await flagsOf(s.id)).find((f) => f.id === blank!.id)).toMatchObject({ resolvedBy: managerB.id });
  });

  it('refuses to resolve a flag of a released sample (409) and leaves it open', async () => {
    // No API path leaves a flag open after release; one written in by hand stands for any that ever would.
    const [flag] = await t.sql<{ id: string }>(`INSERT INTO qc_flags (sample_id, kind, message) VALUES ($1, 'qc_blank', 'late flag') RETURNING id`, [released]);
    const late = await resolve(managerB, released, flag.id);
    expect(late.status).toBe(409);
    expect(errorOf(late)).toMatchObject({ error: 'QC_FLAG_CLOSED', details: { status: 'released' } });
    expect((await flagsOf(released)).find((f) => f.id === flag.id)).toMatchObject({ resolvedAt: null });
  });
});

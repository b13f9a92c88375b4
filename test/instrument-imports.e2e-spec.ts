import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { createTestApp, TestContext } from './support/test-app';

const FIXTURES = join(__dirname, 'fixtures', 'instrument-exports');

/** The cannabis-shaped MassHunter batch with its three sample codes swapped for real received samples. */
function massHunterFor(codes: string[], extraSampleRow = true): Buffer {
  let text = readFileSync(join(FIXTURES, 'agilent-masshunter-quant-cannabis.csv'), 'utf8');
  ['LT-2611-000123', 'LT-2611-000124', 'LT-2611-000125'].forEach((code, i) => (text = text.split(code).join(codes[i])));
  if (extraSampleRow) text = text.replace(/\r?\n(!,!,CCV-1)/, '\n!,!,LT-2611-999999,LT-2611-999999.d,Sample,,3/14/2026 10:25 AM,1,,7.840,1200,0.011,0.011,,40.1,FALSE,,,,,,,6.110,150001\n$1');
  return Buffer.from(text, 'utf8');
}

describe('instrument imports', () => {
  let t: TestContext;
  let tech: { token: string; id: string };
  let manager: { token: string; id: string };
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp({ env: { MAX_UPLOAD_BYTES: String(256 * 1024) } });
    tech = await t.userToken('technician');
    manager = await t.userToken('manager');
    licensee = await registerLicensee(t, (await t.userToken('admin')).token);
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, fields: Record<string, string> = {}, name = 'batch-260314.csv') => {
    const req = t.http().post('/v1/instrument-imports').set('Authorization', `Bearer ${tech.token}`);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', bytes, name);
  };

  it('stores three matched samples, reports the unknown fourth, and flags the batch for its failing blank', async () => {
    const samples = [await receivedSample(t, tech.token, licensee), await receivedSample(t, tech.token, licensee), await receivedSample(t, tech.token, licensee)];
    const file = massHunterFor(samples.map((s) => s.labCode));

    const dry = await upload(file, { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, id: null, format: 'agilent-masshunter-quant', stored: 0 });
    expect(await t.sql(`SELECT id FROM analyte_results WHERE sample_id = $1`, [samples[0].id])).toEqual([]);

    const res = await upload(file);
    expect(res.status).toBe(201);
    const body = res.body;
    expect(body).toMatchObject({ duplicate: false, dryRun: false, format: 'agilent-masshunter-quant', id: expect.any(String) });
    expect(body.matched.map((m: { labCode: string }) => m.labCode).sort()).toEqual(samples.map((s) => s.labCode).sort());
    expect(body.unmatched).toContainEqual(expect.objectContaining({ sampleRef: 'LT-2611-999999', reason: expect.stringMatching(/no received sample/) }));
    const blank = body.qcVerdicts.find((q: { kind: string; verdict: string }) => q.kind === 'blank' && q.verdict === 'fail');
    expect(blank).toMatchObject({ sampleRef: 'MB-260314', analyte: 'Myclobutanil' });
    const spike = body.qcVerdicts.find((q: { kind: string; analyte: string }) => q.kind === 'spike' && q.analyte === 'Myclobutanil');
    expect(spike).toMatchObject({ verdict: 'pass', detail: expect.stringMatching(/recovery 92\.1 %/) });
    // Every row is accounted for: stored, QC, or rejected with a reason.
    const a = body.accounting;
    expect(a.stored + a.qc + a.rejected).toBe(a.rows);
    expect(body.qcFlagsRaised).toBeGreaterThanOrEqual(3);

    const first = await t.http().get(`/v1/samples/${samples[0].id}/results`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    const pesticides = first.body.groups.find((g: { group: string }) => g.group === 'pesticides');
    expect(pesticides.analytes.find((x: { analyte: string }) => x.analyte === 'myclobutanil')).toMatchObject({ value: '0.1234', unit: 'µg/g', sourceType: 'instrument_import', sourceId: body.id, status: 'pass' });
    const flags = await t.http().get(`/v1/samples/${samples[0].id}/results/qc-flags`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(flags.body.some((f: { message: string; resolvedAt: string | null }) => /blank/.test(f.message) && f.resolvedAt === null)).toBe(true);

    const again = await upload(file, {}, 'renamed-copy.csv');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, id: body.id });
    const count = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM instrument_imports WHERE sha256 = (SELECT sha256 FROM instrument_imports WHERE id = $1)`, [body.id]);
    expect(count[0].n).toBe(1);
    const stored = await t.http().get(`/v1/instrument-imports/${body.id}`).set('Authorization', `Bearer ${manager.token}`).expect(200);
    expect(stored.body.accounting).toEqual(body.accounting);

    const resolve = await t.http().post(`/v1/samples/${samples[0].id}/results/qc-flags/${flags.body[0].id}/resolve`).set('Authorization', `Bearer ${manager.token}`).send({ resolution: 'Blank re-injected clean; carry-over from the CCV' });
    expect(resolve.status).toBe(204);
  });

  it('refuses a truncated file with its row number and stores nothing', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const whole = massHunterFor([s.labCode, 'LT-0000-000001', 'LT-0000-000002'], false).toString('utf8');
    const cut = whole.slice(0, whole.indexOf('!,!,' + s.labCode) + 60);
    const res = await upload(Buffer.from(cut));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/line \d+/);
    expect(await t.sql(`SELECT id FROM analyte_results WHERE sample_id = $1`, [s.id])).toEqual([]);
    expect(await t.sql(`SELECT id FROM instrument_imports WHERE filename = 'batch-260314.csv' AND byte_size = $1`, [Buffer.byteLength(cut)])).toEqual([]);
  });

  it('names the formats tried for an unknown file, refuses a file over the limit with 413, and an empty upload with 400', async () => {
    const random = await upload(Buffer.from('colour,flavour\nred,cherry\n'));
    expect(random.status).toBe(400);
    expect(JSON.stringify(random.body)).toMatch(/tried .*MassHunter/);
    const big = await upload(Buffer.alloc(300 * 1024, 'a'));
    expect(big.status).toBe(413);
    const none = await t.http().post('/v1/instrument-imports').set('Authorization', `Bearer ${tech.token}`).field('dryRun', 'true');
    expect(none.status).toBe(400);
    const badFormat = await upload(Buffer.from('x'), { format: 'excel' });
    expect(badFormat.status).toBe(400);
  });

  it('imports a real PerkinElmer ICP-MS export through detection alone (a file for other samples: every row accounted)', async () => {
    const res = await upload(readFileSync(join(FIXTURES, 'perkinelmer-winlab32.csv')), {}, 'icp.csv');
    expect(res.status).toBe(201);
    expect(res.body.format).toBe('perkinelmer-icp-csv');
    const a = res.body.accounting;
    expect(a.stored + a.qc + a.rejected).toBe(a.rows);
    expect(res.body.unmatched.length + res.body.qcVerdicts.length).toBeGreaterThan(0);
  });

  it('reads any CSV through a column mapping saved once per instrument', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const text = readFileSync(join(FIXTURES, 'generic-long-mapped.csv'), 'utf8').split('LT-2611-000123').join(s.labCode);
    const mapping = { sample: 'Lab Code', analyte: 'Test', value: 'Result', unit: 'Units', lod: 'MDL', loq: 'PQL', kind: 'QC Type' };
    await t.http().put('/v1/instrument-imports/mappings/instruments/Bench%20LIMS%20export').set('Authorization', `Bearer ${tech.token}`).send(mapping).expect(403);
    const saved = await t.http().put('/v1/instrument-imports/mappings/instruments/Bench%20LIMS%20export').set('Authorization', `Bearer ${manager.token}`).send(mapping);
    expect(saved.status).toBe(200);
    const listed = await t.http().get('/v1/instrument-imports/mappings/instruments').set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(listed.body).toContainEqual(expect.objectContaining({ instrument: 'Bench LIMS export', mapping: expect.objectContaining({ sample: 'Lab Code' }) }));

    const unknown = await upload(Buffer.from(text), { instrument: 'Never saved' });
    expect(unknown.status).toBe(404);
    const res = await upload(Buffer.from(text), { instrument: 'Bench LIMS export' }, 'bench-export.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'generic-long-csv', matched: [expect.objectContaining({ sampleId: s.id })] });
    const results = await t.http().get(`/v1/samples/${s.id}/results`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    const aw = results.body.groups.find((g: { group: string }) => g.group === 'water_activity');
    expect(aw.analytes[0]).toMatchObject({ analyte: 'water-activity', value: '0.55', unit: 'aw', lod: '0.01', loq: '0.03', status: 'pass' });
  });
});

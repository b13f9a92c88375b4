import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import { UnitOfWork } from '../src/database/unit-of-work';
import type { ImportSummary } from '../src/instruments/instrument-imports.service';
import { REAL_EXPORTS } from '../src/instruments/parsers/format-evidence';
import { SampleResultsDto } from '../src/results/dto/results-response.dto';
import { ResultsService } from '../src/results/results.service';
import { SamplesService } from '../src/samples/samples.service';
import { MASSHUNTER_METHODS } from './support/instrument-files';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

const FIXTURES = join(__dirname, 'fixtures', 'instrument-exports');

type QcFlagView = Awaited<ReturnType<ResultsService['listQcFlags']>>[number];
const summaryOf = (res: { body: unknown }) => res.body as ImportSummary;
const metalsRows = () => passingFlowerPanel().find((g) => g.group === 'metals')!.analytes.length;
const resultsOf = (res: { body: unknown }) => res.body as SampleResultsDto;

/** The cannabis-shaped MassHunter batch with its three sample codes swapped for real received samples. */
function massHunterFor(codes: string[], extraSampleRow = true): Buffer {
  let text = readFileSync(join(FIXTURES, 'agilent-masshunter-quant-cannabis.csv'), 'utf8');
  ['LT-2611-000123', 'LT-2611-000124', 'LT-2611-000125'].forEach((code, i) => (text = text.split(code).join(codes[i])));
  if (extraSampleRow)
    text = text.replace(
      /\r?\n(!,!,CCV-1)/,
      '\n!,!,LT-2611-999999,LT-2611-999999.d,Sample,,3/14/2026 10:25 AM,1,,7.840,1200,0.011,0.011,,40.1,FALSE,,,,,,,6.110,150001\n$1',
    );
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
    // A second pesticides method in the built-in set (it has one per group), on an instrument no file names, so an
    // upload can name two for one group. Added before anything reads the set's rows (read once per process).
    await t.sql(
      `INSERT INTO method_analytes (rule_set_id, method_id, name, sop_ref, technique, instrument, analyte_group, analyte, lod, loq, unit)
       SELECT rule_set_id, 'LT-M-PEST-02', 'Pesticides by GC-MS/MS', sop_ref, technique, 'Second QQQ', analyte_group, analyte, lod, loq, unit
         FROM method_analytes WHERE method_id = 'LT-M-PEST-01'`,
    );
  });
  afterAll(() => t.close());

  /** Everything an import could write about these samples, to show a run wrote nothing. */
  const footprint = async (sampleIds: string[]) => ({
    imports: await t.sql(`SELECT id FROM instrument_imports ORDER BY id`),
    results: await t.sql(
      `SELECT sample_id, version, analyte, value, qualifier, status, source_type, source_id FROM analyte_results WHERE sample_id = ANY($1::uuid[]) ORDER BY sample_id, analyte`,
      [sampleIds],
    ),
    audit: await t.sql(`SELECT id, action FROM audit_events WHERE entity_id = ANY($1::text[]) ORDER BY id`, [sampleIds]),
    qcFlags: await t.sql(`SELECT id FROM qc_flags WHERE sample_id = ANY($1::uuid[]) ORDER BY id`, [sampleIds]),
    samples: await t.sql(`SELECT id, status, result_status, failed_groups, row_version FROM samples WHERE id = ANY($1::uuid[]) ORDER BY id`, [sampleIds]),
  });
  const upload = (bytes: Buffer, fields: Record<string, string> = {}, name = 'batch-260314.csv') => {
    const req = t.http().post('/v1/instrument-imports').set('Authorization', `Bearer ${tech.token}`);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', bytes, name);
  };

  it('stores three matched samples, reports the unknown fourth, and flags the batch for its failing blank', async () => {
    const samples = [
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
    ];
    const file = massHunterFor(samples.map((s) => s.labCode));

    const dry = await upload(file, { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, id: null, format: 'agilent-masshunter-quant', stored: 0 });
    expect(await t.sql(`SELECT analyte FROM analyte_results WHERE sample_id = $1`, [samples[0].id])).toEqual([]);

    const res = await upload(file);
    expect(res.status).toBe(201);
    const body = summaryOf(res);
    expect(body).toMatchObject({ duplicate: false, dryRun: false, format: 'agilent-masshunter-quant', id: expect.any(String) });
    expect(body.matched.map((m) => m.labCode).sort()).toEqual(samples.map((s) => s.labCode).sort());
    expect(body.unmatched).toContainEqual(expect.objectContaining({ sampleRef: 'LT-2611-999999', reason: 'no sample with lab code LT-2611-999999' }));
    const blank = body.qcVerdicts.find((q) => q.kind === 'blank' && q.verdict === 'fail');
    expect(blank).toMatchObject({ sampleRef: 'MB-260314', analyte: 'Myclobutanil' });
    const spike = body.qcVerdicts.find((q) => q.kind === 'spike' && q.analyte === 'Myclobutanil');
    expect(spike).toMatchObject({ verdict: 'pass', detail: expect.stringMatching(/recovery 92\.1 %/) });
    // Every row is accounted for: stored, QC, or rejected with a reason.
    const a = body.accounting;
    expect(a.stored + a.qc + a.rejected).toBe(a.rows);
    expect(body.qcFlagsRaised).toBeGreaterThanOrEqual(3);

    const first = await t.http().get(`/v1/samples/${samples[0].id}/results`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    const pesticides = resultsOf(first).groups.find((g) => g.group === 'pesticides')!;
    expect(pesticides.analytes.find((x: { analyte: string }) => x.analyte === 'myclobutanil')).toMatchObject({
      value: '0.1234',
      unit: 'µg/g',
      sourceType: 'instrument_import',
      sourceId: body.id,
      status: 'pass',
    });
    const flags = await t.http().get(`/v1/samples/${samples[0].id}/results/qc-flags`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    const flagList = flags.body as QcFlagView[];
    expect(flagList.some((f) => /blank/.test(f.message) && f.resolvedAt === null)).toBe(true);

    const again = await upload(file, {}, 'renamed-copy.csv');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, id: body.id });
    const count = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM instrument_imports WHERE sha256 = (SELECT sha256 FROM instrument_imports WHERE id = $1)`,
      [body.id],
    );
    expect(count[0].n).toBe(1);
    const stored = await t.http().get(`/v1/instrument-imports/${body.id}`).set('Authorization', `Bearer ${manager.token}`).expect(200);
    expect(summaryOf(stored).accounting).toEqual(body.accounting);

    const resolve = await t
      .http()
      .post(`/v1/samples/${samples[0].id}/results/qc-flags/${flagList[0].id}/resolve`)
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ resolution: 'Blank re-injected clean; carry-over from the CCV' });
    expect(resolve.status).toBe(204);
  });

  it('times each step of a stored import for /metrics: the read, the preparation and the transaction', async () => {
    const counts = async () => {
      const text = (await t.http().get('/metrics').expect(200)).text;
      const count = (step: string) =>
        Number(new RegExp(`labtrace_import_step_seconds_count\\{kind="instrument",step="${step}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      return { read: count('read'), prepare: count('prepare'), transaction: count('transaction') };
    };
    const before = await counts();
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await receivedSample(t, tech.token, licensee)).labCode);
    expect((await upload(massHunterFor(codes), {}, 'timed-batch.csv')).status).toBe(201);
    expect(await counts()).toEqual({ read: before.read + 1, prepare: before.prepare + 1, transaction: before.transaction + 1 });
  });

  it('refuses a truncated file with its row number and stores nothing', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const whole = massHunterFor([s.labCode, 'LT-0000-000001', 'LT-0000-000002'], false).toString('utf8');
    const cut = whole.slice(0, whole.indexOf('!,!,' + s.labCode) + 60);
    const res = await upload(Buffer.from(cut));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/line \d+/);
    expect(await t.sql(`SELECT analyte FROM analyte_results WHERE sample_id = $1`, [s.id])).toEqual([]);
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
    const res = await upload(readFileSync(join(FIXTURES, '../real/perkinelmer-icp-csv/perkinelmer-winlab32.csv')), {}, 'icp.csv');
    expect(res.status).toBe(201);
    const summary = summaryOf(res);
    expect(summary.format).toBe('perkinelmer-icp-csv');
    const a = summary.accounting;
    expect(a.stored + a.qc + a.rejected).toBe(a.rows);
    expect(summary.unmatched.length + summary.qcVerdicts.length).toBeGreaterThan(0);
  });

  it('lists the formats with what each is proven on, and detects the real long MassHunter table and a TargetLynx report', async () => {
    const formats = await t.http().get('/v1/instrument-imports/formats').set('Authorization', `Bearer ${tech.token}`);
    expect(formats.status).toBe(200);
    const list = formats.body as { format: string; evidence: string; realFiles: number }[];
    expect(list.find((f) => f.format === 'waters-targetlynx')).toMatchObject({ evidence: 'real-files', realFiles: REAL_EXPORTS['waters-targetlynx'].length });
    expect(list.find((f) => f.format === 'water-activity')).toMatchObject({ evidence: 'documentation', realFiles: 0 });
    // Each format says what it is; the generic CSV lists its columns and gives a template that imports as it stands.
    const generic = (formats.body as Array<{ format: string; description: string; columns?: Array<{ name: string }>; template?: string }>).find(
      (f) => f.format === 'generic-long-csv',
    )!;
    expect(generic.description).toMatch(/one result per row/);
    expect(generic.columns!.map((c) => c.name)).toEqual(['sample', 'analyte', 'value', 'unit', 'lod', 'loq', 'kind', 'dilution']);
    const fromTemplate = await upload(Buffer.from(generic.template!, 'utf8'), { dryRun: 'true' }, 'template.csv');
    expect(summaryOf(fromTemplate)).toMatchObject({ dryRun: true, format: 'generic-long-csv', rows: 6 });
    expect(summaryOf(fromTemplate).unmatched).toContainEqual(expect.objectContaining({ reason: 'no sample with lab code LT-YYMM-000001' }));
    const REAL = join(__dirname, 'fixtures', 'real');
    for (const [file, format] of [
      ['agilent-masshunter-quant/senaite-core-masshunter-long-terpenes-gcfid.csv', 'agilent-masshunter-quant'],
      ['waters-targetlynx/p2m2tools-070120-saturation-cqa.txt', 'waters-targetlynx'],
      ['waters-targetlynx/gnd96-translator-demo-13c-pyruvate-lactate.txt', 'waters-targetlynx'],
      ['agilent-icpms-masshunter/icpmsdatareduction-7900-semicolon-fr.csv', 'agilent-icpms-masshunter'],
    ]) {
      const res = await upload(readFileSync(join(REAL, file)), { dryRun: 'true' }, 'export.txt');
      expect(res.status).toBe(200);
      expect(summaryOf(res)).toMatchObject({ dryRun: true, format });
    }
  });

  it('reads any CSV through a column mapping saved once per instrument', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const text = readFileSync(join(FIXTURES, 'generic-long-mapped.csv'), 'utf8').split('LT-2611-000123').join(s.labCode);
    const mapping = { sample: 'Lab Code', analyte: 'Test', value: 'Result', unit: 'Units', lod: 'MDL', loq: 'PQL', kind: 'QC Type' };
    await t
      .http()
      .put('/v1/instrument-imports/mappings/instruments/Bench%20LIMS%20export')
      .set('Authorization', `Bearer ${tech.token}`)
      .send(mapping)
      .expect(403);
    const saved = await t
      .http()
      .put('/v1/instrument-imports/mappings/instruments/Bench%20LIMS%20export')
      .set('Authorization', `Bearer ${manager.token}`)
      .send(mapping);
    expect(saved.status).toBe(200);
    const listed = await t.http().get('/v1/instrument-imports/mappings/instruments').set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(listed.body).toContainEqual(expect.objectContaining({ instrument: 'Bench LIMS export', mapping: expect.objectContaining({ sample: 'Lab Code' }) }));

    const unknown = await upload(Buffer.from(text), { instrument: 'Never saved' });
    expect(unknown.status).toBe(404);
    const res = await upload(Buffer.from(text), { instrument: 'Bench LIMS export' }, 'bench-export.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'generic-long-csv', matched: [expect.objectContaining({ sampleId: s.id })] });
    const results = await t.http().get(`/v1/samples/${s.id}/results`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    const aw = resultsOf(results).groups.find((g) => g.group === 'water_activity')!;
    expect(aw.analytes[0]).toMatchObject({ analyte: 'water-activity', value: '0.55', unit: 'aw', lod: '0.01', loq: '0.03', status: 'pass' });
  });

  it("an instrument's mapping names its method: imports give it (and its LOD/LOQ) to that group, dated by the file or the import", async () => {
    const put = (instrument: string, body: Record<string, string>) =>
      t
        .http()
        .put(`/v1/instrument-imports/mappings/instruments/${encodeURIComponent(instrument)}`)
        .set('Authorization', `Bearer ${manager.token}`)
        .send(body);
    const columns = { sample: 'Lab Code', analyte: 'Test', value: 'Result', unit: 'Units', lod: 'MDL', loq: 'PQL', kind: 'QC Type' };
    const unknown = await put('AquaLab 2', { ...columns, methodId: 'LT-M-NOPE' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: 'UNKNOWN_METHOD',
      details: [{ field: 'methodId', message: expect.stringMatching(/LT-M-NOPE.*not in method set/) }],
    });
    const saved = await put('AquaLab 2', { ...columns, methodId: 'LT-M-AW-01' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ instrument: 'AquaLab 2', methodId: 'LT-M-AW-01', mapping: columns });
    const listed = await t.http().get('/v1/instrument-imports/mappings/instruments').set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(listed.body).toContainEqual(expect.objectContaining({ instrument: 'AquaLab 2', methodId: 'LT-M-AW-01' }));

    // A generic CSV carries no date: its results are dated by the import.
    const s = await receivedSample(t, tech.token, licensee);
    const text = readFileSync(join(FIXTURES, 'generic-long-mapped.csv'), 'utf8').split('LT-2611-000123').join(s.labCode);
    const before = Date.now();
    expect((await upload(Buffer.from(text), { instrument: 'AquaLab 2' }, 'aqualab.csv')).status).toBe(201);
    const aw = resultsOf(await t.http().get(`/v1/samples/${s.id}/results`).set('Authorization', `Bearer ${tech.token}`).expect(200)).groups.find(
      (g) => g.group === 'water_activity',
    )!;
    expect(aw.analytes[0]).toMatchObject({ analyte: 'water-activity', value: '0.55', loq: '0.03', method: 'Water activity by dew point (SOP-PHYS-302 rev 1)' });
    expect(Date.parse(aw.analytes[0].analysedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(await t.sql(`SELECT method_id FROM analyte_results WHERE sample_id = $1`, [s.id])).toEqual([{ method_id: 'LT-M-AW-01' }]);

    // A vendor export read through the mapped instrument: pesticides take the mapping's method and
    // the validated LOQ times the dilution; the file's acquisition time (lab clock, EDT) dates them.
    await put('QQQ-1', { sample: 'Name', analyte: 'Analyte', value: 'Final Conc.', methodId: 'LT-M-PEST-01' }).expect(200);
    const samples = [
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
    ];
    const res = await upload(massHunterFor(samples.map((x) => x.labCode)), { instrument: 'QQQ-1', format: 'agilent-masshunter-quant' }, 'qqq-batch.csv');
    expect(res.status).toBe(201);
    // The mapping names no mycotoxins method, nor does the upload: that group is stored without one, and said so.
    expect(summaryOf(res).methods).toEqual([
      { group: 'mycotoxins', methodId: null, from: null },
      { group: 'pesticides', methodId: 'LT-M-PEST-01', from: 'mapping' },
    ]);
    expect(summaryOf(res).groupsWithoutMethod).toEqual(['mycotoxins']);
    expect(summaryOf(res).warnings).toContainEqual(expect.stringMatching(/^no method is named for the mycotoxins results .*: they cannot be submitted until/));
    const rows = await t.sql<{ analyte: string; method_id: string | null; method: string | null; loq: string | null; analysed_at: Date }>(
      `SELECT analyte, method_id, method, loq, analysed_at FROM analyte_results WHERE sample_id = $1 ORDER BY analyte`,
      [samples[0].id],
    );
    expect(await t.sql(`SELECT loq FROM method_analytes WHERE method_id = 'LT-M-PEST-01' AND analyte = 'myclobutanil'`)).toEqual([{ loq: '0.05' }]);
    expect(rows).toEqual([
      // The file names no method the registry knows for mycotoxins: the row keeps the file's (none), dated all the same.
      { analyte: 'aflatoxin-b1', method_id: null, method: null, loq: null, analysed_at: new Date('2026-03-14T12:02:00.000Z') },
      {
        analyte: 'myclobutanil',
        method_id: 'LT-M-PEST-01',
        method: 'Pesticides by LC-MS/MS and GC-MS/MS (SOP-CHEM-104 rev 5)',
        // Diluted tenfold: the reportable LOQ in the sample is ten times the validated 0.05.
        loq: '0.5',
        analysed_at: new Date('2026-03-14T12:02:00.000Z'),
      },
    ]);
    // A mapping left naming a method the set in force no longer has (saved under an older set) is refused, not ignored.
    await t.sql(`UPDATE instrument_column_mappings SET method_id = 'LT-M-AW-00' WHERE instrument = 'AquaLab 2'`);
    const other = await receivedSample(t, tech.token, licensee);
    const stale = await upload(Buffer.from(text.split(s.labCode).join(other.labCode)), { instrument: 'AquaLab 2' }, 'aqualab-2.csv');
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      error: 'MAPPING_METHOD_NOT_IN_FORCE',
      message: expect.stringMatching(/names method LT-M-AW-00, which is not in method set/),
    });
    expect(await t.sql(`SELECT analyte FROM analyte_results WHERE sample_id = $1`, [other.id])).toEqual([]);
  });

  it("an upload names each group's method: its text, LOD and LOQ go to that group's rows; an unknown id, or two for one group, is 400", async () => {
    const samples = [await receivedSample(t, tech.token, licensee), await receivedSample(t, tech.token, licensee)];
    const file = massHunterFor([...samples.map((s) => s.labCode), 'LT-0000-000001'], false);
    const before = await footprint(samples.map((s) => s.id));

    const unknown = await upload(file, { methods: 'LT-M-PEST-01, LT-M-NOPE' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: 'UNKNOWN_METHOD',
      details: [{ field: 'methods', message: expect.stringMatching(/^the upload names method LT-M-NOPE, which is not in method set .*LT-M-PEST-01/) }],
    });
    const twice = await upload(file, { methods: 'LT-M-PEST-01,LT-M-MYCO-01,LT-M-MET-01', dryRun: 'true' });
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({
      error: 'INVALID_IMPORT_REQUEST',
      details: [{ field: 'methods', message: 'LT-M-MET-01 is a metals method, but the file carries no metals results (its groups: mycotoxins, pesticides)' }],
    });
    // LT-M-PEST-02: a second pesticides method in the set in force (see beforeAll).
    const two = await upload(file, { methods: `${MASSHUNTER_METHODS},LT-M-PEST-02` });
    expect(two.status).toBe(400);
    expect(two.body).toMatchObject({
      error: 'INVALID_IMPORT_REQUEST',
      details: [{ field: 'methods', message: 'pesticides is given 2 methods (LT-M-PEST-01, LT-M-PEST-02); name one method per group' }],
    });
    expect(await footprint(samples.map((s) => s.id))).toEqual(before);

    // The dry run shows the method each group gets; the store gives them.
    const dry = await upload(file, { methods: MASSHUNTER_METHODS, dryRun: 'true' });
    expect(dry.status).toBe(200);
    const chosen = [
      { group: 'mycotoxins', methodId: 'LT-M-MYCO-01', from: 'upload' },
      { group: 'pesticides', methodId: 'LT-M-PEST-01', from: 'upload' },
    ];
    expect(summaryOf(dry)).toMatchObject({ methods: chosen, groupsWithoutMethod: [] });
    expect(summaryOf(dry).warnings.filter((w) => /no method is named/.test(w))).toEqual([]);
    const res = await upload(file, { methods: MASSHUNTER_METHODS });
    expect(res.status).toBe(201);
    expect(summaryOf(res)).toMatchObject({ methods: chosen, groupsWithoutMethod: [] });
    const rows = await t.sql(
      `SELECT analyte, qualifier, value, unit, method_id, method, lod, loq, dilution FROM analyte_results WHERE sample_id = $1 ORDER BY analyte`,
      [samples[1].id],
    );
    // The second sample: Myclobutanil not found, Aflatoxin B1 at 0.0042 (the file gives no unit: the method unit), both
    // diluted tenfold: the limits are the method's (0.02/0.05 µg/g, 0.5/1 µg/kg) times ten.
    expect(rows).toEqual([
      {
        analyte: 'aflatoxin-b1',
        qualifier: null,
        value: '0.0042',
        unit: 'µg/kg',
        method_id: 'LT-M-MYCO-01',
        method: expect.stringMatching(/^Mycotoxins by .*\(SOP-/),
        lod: '5',
        loq: '10',
        dilution: '10',
      },
      {
        analyte: 'myclobutanil',
        qualifier: 'ND',
        value: null,
        unit: 'µg/g',
        method_id: 'LT-M-PEST-01',
        method: 'Pesticides by LC-MS/MS and GC-MS/MS (SOP-CHEM-104 rev 5)',
        lod: '0.2',
        loq: '0.5',
        dilution: '10',
      },
    ]);
  });

  it('a batch imported without methods cannot be submitted (409 naming its rows) until it is imported again naming them', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, passingFlowerPanel())).status).toBe(200);
    const file = massHunterFor([s.labCode, 'LT-0000-000001', 'LT-0000-000002'], false);
    // It changes results entered by hand: as hand entry, only with a reason (400 names the rows, nothing stored).
    const unexplained = await upload(file);
    expect(unexplained.status).toBe(400);
    expect(unexplained.body).toMatchObject({
      error: 'REASON_REQUIRED',
      details: [{ field: 'reason', message: expect.stringMatching(/^reason is required to change /) }],
    });
    const bare = await upload(file, { reason: 'the LC-MS/MS run replaces the bench values' });
    expect(bare.status).toBe(201);
    expect(summaryOf(bare).groupsWithoutMethod).toEqual(['mycotoxins', 'pesticides']);
    const submit = () => t.http().post(`/v1/samples/${s.id}/submit`).set('Authorization', `Bearer ${tech.token}`).send({});
    const refused = await submit();
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: 'CLAIMS_UNSUPPORTED',
      details: {
        unsupportedRows: [
          { group: 'mycotoxins', analyte: 'aflatoxin-b1', name: 'Aflatoxin B1', missing: ['method', 'lod_or_loq'] },
          { group: 'pesticides', analyte: 'myclobutanil', name: 'Myclobutanil', missing: ['method'] },
        ],
      },
    });

    // The same file naming its methods is another import (not the earlier one answered again); named again (the field
    // repeated, in another order), it is that import.
    const named = await upload(file, { methods: MASSHUNTER_METHODS });
    expect(named.status).toBe(201);
    expect(summaryOf(named)).toMatchObject({ duplicate: false, groupsWithoutMethod: [] });
    expect(summaryOf(named).id).not.toBe(summaryOf(bare).id);
    const [pesticides, mycotoxins] = MASSHUNTER_METHODS.split(',');
    const again = await t
      .http()
      .post('/v1/instrument-imports')
      .set('Authorization', `Bearer ${tech.token}`)
      .field('methods', mycotoxins)
      .field('methods', pesticides)
      .attach('file', file, 'batch-260314.csv');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, id: summaryOf(named).id });
    // Without methods the file answers as imported before: it never undoes the methods named.
    expect((await upload(file)).body).toMatchObject({ duplicate: true });
    expect((await submit()).status).toBe(200);
  });

  it('a dry run plans and judges the batch, answers what the store then stores, and writes nothing at all', async () => {
    const samples = [
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
    ];
    const ids = samples.map((s) => s.id);
    const file = massHunterFor(samples.map((s) => s.labCode));
    const before = await footprint(ids);

    const dry = await upload(file, { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ id: null, duplicate: false, dryRun: true, stored: 0, qcFlagsRaised: 0 });
    expect(await footprint(ids)).toEqual(before);

    const stored = await upload(file);
    expect(stored.status).toBe(201);
    const { id: _id, dryRun: _dryRun, stored: storedRows, qcFlagsRaised, ...planned } = summaryOf(stored);
    const { id: _dryId, dryRun: _dry, stored: _none, qcFlagsRaised: _noFlags, ...previewed } = summaryOf(dry);
    expect(previewed).toEqual(planned);
    expect(storedRows).toBe(summaryOf(dry).accounting.stored);
    expect(qcFlagsRaised).toBeGreaterThan(0);
    const after = await footprint(ids);
    expect(after.results.length).toBeGreaterThan(before.results.length);
    expect(after.samples.every((s) => s.status === 'in_testing')).toBe(true);
  });

  it('the same export again, dry run or not, answers the earlier import and stores nothing new', async () => {
    const samples = [
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
    ];
    const ids = samples.map((s) => s.id);
    const file = massHunterFor(samples.map((s) => s.labCode));
    const first = await upload(file);
    expect(first.status).toBe(201);
    const before = await footprint(ids);

    for (const dryRun of ['false', 'true']) {
      const again = await upload(file, { dryRun }, 'renamed.csv');
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...summaryOf(first), duplicate: true, dryRun: dryRun === 'true' });
    }
    expect(await footprint(ids)).toEqual(before);
  });

  it('a Bio-Rad Cq cut-off outside 35-40 is 400; another cut-off is a new import, recorded in the run, the answer and the audit', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    // Its Salmonella wells amplified at Cq 36.8: after the default cut-off of 35, before 38.
    const text = readFileSync(join(FIXTURES, 'biorad-cfx-cq-cannabis.csv'), 'utf8');
    const file = Buffer.from(text.split('LT-2611-000125').join(s.labCode), 'utf8');
    const salmonella = async () => (await t.sql(`SELECT qualifier FROM analyte_results WHERE sample_id = $1 AND analyte = 'salmonella'`, [s.id]))[0];

    for (const cqCutoff of ['30', '41']) {
      const refused = await upload(file, { cqCutoff });
      expect(refused.status).toBe(400);
      expect((refused.body as ErrorBody).details).toEqual([{ field: 'cqCutoff', message: expect.stringMatching(/from 35 to 40 .* got \d+$/) }]);
    }

    const first = await upload(file);
    expect(first.status).toBe(201);
    // A Bio-Rad file states no analysis date: it is dated at the upload, and the meta says so.
    expect(summaryOf(first).meta).toEqual(expect.objectContaining({ cqCutoff: '35', analysisDate: { from: 'upload', at: expect.any(String) } }));
    expect(summaryOf(first).warnings).toEqual(
      expect.arrayContaining([
        'Cq cut-off 35 applied (the default)',
        expect.stringMatching(new RegExp(`^line 6: Salmonella for ${s.labCode} amplified at Cq 36.8\\d*, at or after the cut-off 35: stored as not detected`)),
      ]),
    );
    expect(await salmonella()).toEqual({ qualifier: 'ND' });
    // The late amplification called ND holds the sample for review, and so does the date nobody stated (a second person confirms it).
    expect(summaryOf(first).qcFlagsRaised).toBe(2);
    expect(await t.sql(`SELECT kind, analyte_group, analyte, message FROM qc_flags WHERE sample_id = $1 ORDER BY kind`, [s.id])).toEqual([
      {
        kind: 'analysis_date',
        analyte_group: 'microbials',
        analyte: null,
        message: expect.stringMatching(/^microbials: the file states no analysis date; dated at the upload \d{4}-\d{2}-\d{2}$/),
      },
      {
        kind: 'qpcr_late_amplification',
        analyte_group: 'microbials',
        analyte: 'salmonella',
        message: expect.stringMatching(/^line 6 \(.+, salmonella\) amplified at Cq 36\.8\d*, at or after the cut-off 35, and was stored as not detected/),
      },
    ]);

    const later = await upload(file, { cqCutoff: '38' });
    expect(later.status).toBe(201);
    expect(summaryOf(later).id).not.toBe(summaryOf(first).id);
    // Sent again, the undated file keeps the first import's date.
    const firstDate = (summaryOf(first).meta.analysisDate as { at: string }).at;
    expect(summaryOf(later).meta).toEqual(
      expect.objectContaining({ cqCutoff: '38', analysisDate: { from: 'earlier_import', at: firstDate, importId: summaryOf(first).id } }),
    );
    expect(summaryOf(later).warnings).toContain(
      'Cq cut-off 38 applied, given by the upload instead of the default 35: wells at Cq 38 or later are not detected',
    );
    expect(await salmonella()).toEqual({ qualifier: '<LOQ' });
    expect(await t.sql(`SELECT meta FROM instrument_imports WHERE id = $1`, [summaryOf(later).id])).toEqual([
      { meta: expect.objectContaining({ cqCutoff: '38', choices: { cqCutoff: '38' }, analysisDate: summaryOf(later).meta.analysisDate }) },
    ]);
    const audits = await t.sql<{ reason: string }>(
      `SELECT reason FROM audit_events WHERE entity_id = $1 AND action = 'results.instrument_import' ORDER BY id`,
      [s.id],
    );
    // Each result's audit names the cut-off and where it came from, and where its date came from.
    expect(audits.map((a) => a.reason)).toEqual([
      expect.stringMatching(
        /^import of batch-260314\.csv \(Cq cut-off 35, the default\) \(dated at the upload \d{4}-\d{2}-\d{2}: the file states no analysis date\)$/,
      ),
      expect.stringMatching(
        new RegExp(
          `^import of batch-260314\\.csv \\(Cq cut-off 38, given by the upload\\) \\(analysed \\d{4}-\\d{2}-\\d{2}, the date of its earlier import ${summaryOf(first).id}\\)$`,
        ),
      ),
    ]);
    // The same cut-off again is that import's duplicate.
    const again = await upload(file, { cqCutoff: '38.0' });
    expect(again.status).toBe(200);
    expect(summaryOf(again)).toMatchObject({ duplicate: true, id: summaryOf(later).id });
    // Naming the default is how the default's call is put back (sent without a cut-off, the first run answers).
    const back = await upload(file, { cqCutoff: '35' });
    expect(back.status).toBe(201);
    expect(await salmonella()).toEqual({ qualifier: 'ND' });
  });

  it('a sample changed while the import was judged is judged again under the lock: results entered meanwhile are kept', async () => {
    const samples = [
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
    ];
    const file = massHunterFor(samples.map((s) => s.labCode));
    const sha256 = createHash('sha256').update(file).digest('hex');
    // Another session holds the file's content lock, so the import stops after judging, at its transaction's door.
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`import-run:instrument:${sha256}`]);
      const stored = upload(file).then((res) => res);
      const waiting = async () =>
        (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'`))[0].n;
      for (let tries = 0; (await waiting()) === 0; tries++) {
        if (tries > 200) throw new Error('the import never reached its transaction');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Meanwhile a technician enters the first sample's metals by hand: its row version moves on.
      const metals = passingFlowerPanel().filter((g) => g.group === 'metals');
      expect((await putResults(t, tech.token, samples[0].id, metals)).status).toBe(200);
      await holder.query('COMMIT');
      expect((await stored).status).toBe(201);
    } finally {
      await holder.end();
    }
    const groups = await t.sql<{ analyte_group: string; source_type: string; n: number }>(
      `SELECT analyte_group, source_type, count(*)::int AS n FROM analyte_results WHERE sample_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [samples[0].id],
    );
    // Stored against the state as read before the lock, the import would have replaced the metals with nothing.
    expect(groups).toEqual([
      { analyte_group: 'metals', source_type: 'manual', n: metalsRows() },
      { analyte_group: 'mycotoxins', source_type: 'instrument_import', n: expect.any(Number) },
      { analyte_group: 'pesticides', source_type: 'instrument_import', n: expect.any(Number) },
    ]);
    const audit = await t.sql<{ action: string; group: string; before: number }>(
      `SELECT action, after->>'group' AS group, json_array_length(before->'analytes') AS before FROM audit_events
        WHERE entity_id = $1 AND action LIKE 'results.%' ORDER BY id`,
      [samples[0].id],
    );
    expect(audit).toEqual([
      { action: 'results.entered', group: 'metals', before: 0 },
      { action: 'results.instrument_import', group: 'mycotoxins', before: 0 },
      { action: 'results.instrument_import', group: 'pesticides', before: 0 },
    ]);
  });

  it("dates an undated file's rows with one instant, the import's, on every sample it names", async () => {
    const samples = [
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
      await receivedSample(t, tech.token, licensee),
    ];
    const csv = [
      'sample,analyte,value,unit,lod,loq,kind',
      ...samples.flatMap((s) => [`${s.labCode},Lead,0.12,µg/g,0.01,0.05,sample`, `${s.labCode},Arsenic,ND,µg/g,0.01,0.05,sample`]),
    ];
    const before = Date.now();
    const res = await upload(Buffer.from(csv.join('\n') + '\n'), { format: 'generic-long-csv' }, 'undated.csv');
    const after = Date.now();
    expect(res.status).toBe(201);
    const dated = await t.sql<{ analysed_at: Date; n: number }>(
      `SELECT analysed_at, count(*)::int AS n FROM analyte_results WHERE sample_id = ANY($1::uuid[]) GROUP BY analysed_at`,
      [samples.map((s) => s.id)],
    );
    expect(dated.map((d) => d.n)).toEqual([6]);
    expect(dated[0].analysed_at.getTime()).toBeGreaterThanOrEqual(before);
    expect(dated[0].analysed_at.getTime()).toBeLessThanOrEqual(after);
  });

  it('a file sent again fills the rows still its own and leaves (and names) rows corrected since; an undated one keeps its first date', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const csv = Buffer.from(
      `sample,analyte,value,unit,lod,loq,kind\n${s.labCode},Lead,0.12,µg/g,0.01,0.05,sample\n${s.labCode},Myclobutanil,0.05,µg/g,0.02,0.05,sample\n`,
    );
    const fields = { format: 'generic-long-csv' };
    const first = await upload(csv, fields, 'undated.csv');
    expect(first.status).toBe(201);
    expect(summaryOf(first).warnings[0]).toMatch(/^the file states no analysis date; rows are dated at the upload, \d{4}-\d{2}-\d{2}; send analysedAt/);
    expect(await t.sql(`SELECT meta->'analysisDate'->>'from' AS "from" FROM instrument_imports WHERE id = $1`, [summaryOf(first).id])).toEqual([
      { from: 'upload' },
    ]);
    // As if imported three days ago; then the lead is corrected by hand, with a reason.
    await t.sql(`UPDATE analyte_results SET analysed_at = analysed_at - interval '3 days' WHERE sample_id = $1`, [s.id]);
    const corrected = [{ group: 'metals', analytes: [{ analyte: 'Lead', value: '0.10', unit: 'µg/g' }] }];
    expect((await putResults(t, tech.token, s.id, corrected, 'transcription error, see bench sheet')).status).toBe(200);
    const rows = () =>
      t.sql<{ analyte: string; value: string; source_type: string; method_id: string | null; analysed_at: Date }>(
        `SELECT analyte, value, source_type, method_id, analysed_at FROM analyte_results WHERE sample_id = $1 AND NOT computed ORDER BY analyte`,
        [s.id],
      );
    const before = await rows();

    const named = { ...fields, methods: 'LT-M-MET-01,LT-M-PEST-01' };
    const leftAsIs = [{ sampleId: s.id, labCode: s.labCode, group: 'metals', analyte: 'lead', changedBy: 'hand entry' }];
    const dry = await upload(csv, { ...named, dryRun: 'true' }, 'undated.csv');
    expect(summaryOf(dry)).toMatchObject({ leftAsIs, accounting: { stored: 1, leftAsIs: 1 } });
    expect(await rows()).toEqual(before);
    const again = await upload(csv, named, 'undated.csv');
    expect(again.status).toBe(201);
    expect(summaryOf(again)).toMatchObject({
      leftAsIs,
      matched: [{ sampleId: s.id, rows: 1 }],
      meta: { analysisDate: { from: 'earlier_import', importId: summaryOf(first).id } },
    });
    expect(summaryOf(again).warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^the file states no analysis date; rows keep the date of its earlier import ${summaryOf(first).id}`)),
        `${s.labCode}, lead: left as it is: hand entry changed or removed it after this file was imported, and a file sent again does not overwrite that`,
      ]),
    );
    const after = await rows();
    // The correction stands; the pesticide row gets its method and keeps its (first) analysis date.
    expect(after[0]).toEqual(before[0]);
    expect(after[0]).toMatchObject({ analyte: 'lead', value: '0.10', source_type: 'manual' });
    expect(after[1]).toMatchObject({ analyte: 'myclobutanil', value: '0.05', source_type: 'instrument_import', method_id: 'LT-M-PEST-01' });
    expect(after[1].analysed_at).toEqual(before[1].analysed_at);

    // Sent again with the first import's choices (no methods): the pesticide row now comes from the import naming
    // methods, so this is not the first import answered again but a new one putting its choices back; the correction stands.
    const back = await upload(csv, fields, 'undated.csv');
    expect(back.status).toBe(201);
    expect(summaryOf(back)).toMatchObject({ duplicate: false, leftAsIs, matched: [{ sampleId: s.id, rows: 1 }] });
    expect(summaryOf(back).id).not.toBe(summaryOf(first).id);
    const reverted = await rows();
    expect(reverted[0]).toEqual(before[0]);
    expect(reverted[1]).toMatchObject({
      analyte: 'myclobutanil',
      value: '0.05',
      source_type: 'instrument_import',
      method_id: null,
      analysed_at: before[1].analysed_at,
    });
    // Nothing changed since: the same choices again answer that latest import.
    const same = await upload(csv, fields, 'undated.csv');
    expect(same.status).toBe(200);
    expect(summaryOf(same)).toMatchObject({ duplicate: true, id: summaryOf(back).id });
    expect(await rows()).toEqual(reverted);

    // The trail: the first import's date, stated by nobody, raised a flag per group, each audited as raised; each re-import names what it left.
    const flags = await t.sql<{ id: string }>(`SELECT id FROM qc_flags WHERE sample_id = $1 AND kind = 'analysis_date' ORDER BY analyte_group`, [s.id]);
    expect(flags).toHaveLength(2);
    const raised = await t.sql(
      `SELECT after->>'flag' AS id FROM audit_events WHERE entity_id = $1 AND action = 'qc_flag.raised' ORDER BY after->>'analyteGroup'`,
      [s.id],
    );
    expect(raised).toEqual(flags);
    expect(await t.sql(`SELECT after FROM audit_events WHERE entity_id = $1 AND action = 'results.import_left_as_is' ORDER BY id`, [s.id])).toEqual(
      [again, back].map((r) => ({ after: { importId: summaryOf(r).id, leftAsIs: [{ group: 'metals', analyte: 'lead', changedBy: 'hand entry' }] } })),
    );

    // One byte more (a re-export, a spreadsheet's save) is another file: putting 0.12 back over the hand correction needs a reason.
    const edited = Buffer.concat([csv, Buffer.from('\n')]);
    const handRow = {
      sampleId: s.id,
      labCode: s.labCode,
      group: 'metals',
      analyte: 'lead',
      changedBy: expect.stringMatching(/^hand entry by /),
      before: '0.10 µg/g',
      after: '0.12 µg/g',
    };
    const preview = await upload(edited, { ...fields, dryRun: 'true' }, 'undated.csv');
    expect(summaryOf(preview)).toMatchObject({ leftAsIs: [], replacesHandRows: [handRow] });
    expect(summaryOf(preview).warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${s.labCode}, lead: hand entry by .+ recorded 0\\.10 µg/g; this file would store 0\\.12 µg/g: send reason to replace it$`),
      ),
    );
    const noReason = await upload(edited, { ...fields, reason: '  ' }, 'undated.csv');
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({
      error: 'REASON_REQUIRED',
      details: [
        {
          field: 'reason',
          message: expect.stringMatching(new RegExp(`^reason is required to change ${s.labCode} lead \\(hand entry by .+: 0\\.10 µg/g → 0\\.12 µg/g\\)`)),
        },
      ],
    });
    expect(await rows()).toEqual(reverted);
    const withReason = await upload(edited, { ...fields, reason: 're-export checked against the bench sheet' }, 'undated.csv');
    expect(withReason.status).toBe(201);
    expect(summaryOf(withReason).replacesHandRows).toEqual([handRow]);
    expect((await rows())[0]).toMatchObject({ analyte: 'lead', value: '0.12', source_type: 'instrument_import' });
    const reasons = await t.sql<{ reason: string }>(
      `SELECT reason FROM audit_events WHERE entity_id = $1 AND action = 'results.instrument_import' AND after->>'sourceId' = $2`,
      [s.id, summaryOf(withReason).id],
    );
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r.reason).toMatch(/; reason: re-export checked against the bench sheet$/);
  });

  it("an undated file's rows are dated by the upload's analysedAt, within receipt and now; a dated file refuses another date", async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const csv = Buffer.from(`sample,analyte,value,unit,lod,loq,kind\n${s.labCode},Lead,0.12,µg/g,0.01,0.05,sample\n`);
    const fields = { format: 'generic-long-csv', dryRun: 'true' };
    const refused = async (analysedAt: string, file: Buffer = csv, extra: Record<string, string> = fields) => {
      const res = await upload(file, { ...extra, analysedAt });
      expect(res.status).toBe(400);
      return (res.body as ErrorBody).details;
    };
    expect(await refused('2099-01-01')).toEqual([{ field: 'analysedAt', message: expect.stringMatching(/^analysedAt 2099-01-01 is in the future/) }]);
    expect(await refused('2020-01-01')).toEqual([
      { field: 'analysedAt', message: expect.stringMatching(new RegExp(`^${s.labCode}: analysedAt 2020-01-01 is before the sample was received`)) },
    ]);
    expect(await refused('2026-03-15', massHunterFor([s.labCode, 'LT-0000-000001', 'LT-0000-000002'], false), { dryRun: 'true' })).toEqual([
      { field: 'analysedAt', message: expect.stringMatching(/^the file states its own analysis date \(.+\); analysedAt 2026-03-15 differs/) },
    ]);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const res = await upload(csv, { format: 'generic-long-csv', analysedAt: today });
    expect(res.status).toBe(201);
    const at = (summaryOf(res).meta.analysisDate as { at: string }).at;
    expect(summaryOf(res).meta.analysisDate).toEqual({ from: 'form', at });
    expect(summaryOf(res).warnings[0]).toBe(`the file states no analysis date; rows are dated ${today}, as the upload's analysedAt says`);
    expect(await t.sql(`SELECT analysed_at FROM analyte_results WHERE sample_id = $1`, [s.id])).toEqual([{ analysed_at: new Date(at) }]);
    expect(await t.sql(`SELECT reason FROM audit_events WHERE entity_id = $1 AND action = 'results.instrument_import'`, [s.id])).toEqual([
      { reason: `import of batch-260314.csv (analysed ${today}, given by the upload)` },
    ]);
    expect(await t.sql(`SELECT meta->'choices' AS choices FROM instrument_imports WHERE id = $1`, [summaryOf(res).id])).toEqual([
      { choices: { format: 'generic-long-csv', analysedAt: at } },
    ]);
  });

  it('matches a row named by a sampled lot when exactly one sample was taken from it', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const lot = s.inventoryIds[0];
    expect(lot).toMatch(/^\d{16}$/);
    const csv = `sample,analyte,value,unit,lod,loq,kind\n${lot},Lead,0.12,µg/g,0.01,0.05,sample\n`;
    const res = await upload(Buffer.from(csv), { format: 'generic-long-csv' }, 'by-lot.csv');
    expect(res.status).toBe(201);
    expect(summaryOf(res).matched).toEqual([{ sampleId: s.id, labCode: s.labCode, rows: 1 }]);
  });

  it("ResultsService.previewGroups shows exactly the view applyGroups then stores, merged with the sample's other results", async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect(
      (
        await putResults(
          t,
          tech.token,
          s.id,
          passingFlowerPanel().filter((g) => ['metals', 'cannabinoids'].includes(g.group)),
        )
      ).status,
    ).toBe(200);
    const results = t.app.get(ResultsService);
    const samples = t.app.get(SamplesService);
    const actor = { type: 'user' as const, id: tech.id, label: 'Tess Tech', role: 'technician' as const };
    const source = { type: 'instrument_import' as const, id: null };
    // Lead replaced, a pesticide added, THCA failing nothing but changing the totals.
    const groups = [
      {
        group: 'metals',
        analytes: [{ analyte: 'Lead', value: '0.85', unit: 'ppm', lod: '0.01', loq: '0.05', method: 'ICP-MS', analysedAt: '2026-03-14T08:54:00.000Z' }],
      },
      // Dated, as a file would date them: undated rows take the time they are composed, which differs between the two calls.
      { group: 'pesticides', analysedAt: '2026-03-14T08:54:00.000Z', analytes: [{ analyte: 'Myclobutanil', value: '0.4', unit: 'µg/g' }] },
      { group: 'cannabinoids', analysedAt: '2026-03-14T08:54:00.000Z', analytes: [{ analyte: 'THCA', value: '31.25', unit: '%', loq: '0.05' }] },
    ];
    const before = await footprint([s.id]);
    const preview = await results.previewGroups(await samples.getSample(s.id), groups, source, actor, { merge: true });
    expect(await footprint([s.id])).toEqual(before);

    await t.app.get(UnitOfWork).run(async () => results.applyGroups(await samples.lockSample(s.id), groups, source, actor, 'test', { merge: true }));
    const stored = await results.getResults(s.id);
    expect(preview).toEqual(stored);
    const metals = preview.groups.find((g) => g.group === 'metals')!;
    expect(metals.analytes.find((a) => a.analyte === 'lead')).toMatchObject({
      value: '0.85',
      unit: 'ppm',
      status: 'fail',
      method: 'ICP-MS',
      analysedAt: '2026-03-14T08:54:00.000Z',
    });
    expect(metals.analytes.map((a) => a.analyte)).toEqual(stored.groups.find((g) => g.group === 'metals')!.analytes.map((a) => a.analyte));
    expect(preview.totals).toEqual(stored.totals);
  });

  it('a dry run judges: a row the store would refuse (a unit the limit cannot be converted from) is refused by both alike', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const csv = `sample,analyte,value,unit,lod,loq,kind\n${s.labCode},Lead,0.12,aw,0.01,0.05,sample\n`;
    const dry = await upload(Buffer.from(csv), { format: 'generic-long-csv', dryRun: 'true' }, 'lead-in-aw.csv');
    const store = await upload(Buffer.from(csv), { format: 'generic-long-csv' }, 'lead-in-aw.csv');
    expect(dry.status).toBe(400);
    expect(dry.body).toMatchObject({ error: 'INVALID_RESULTS' });
    expect(store.status).toBe(dry.status);
    expect((store.body as ErrorBody).details).toEqual((dry.body as ErrorBody).details);
    expect(await t.sql(`SELECT analyte FROM analyte_results WHERE sample_id = $1`, [s.id])).toEqual([]);
  });

  it("a Bio-Rad run is called by the named method's cut-off (another form cut-off is 400); a failed positive control flags each sample with its target", async () => {
    const s = await receivedSample(t, tech.token, licensee);
    // Its Salmonella wells amplified at Cq 36.8 (before the method's cut-off of 40); the positive control did not amplify at all.
    const text = readFileSync(join(FIXTURES, 'biorad-cfx-cq-cannabis.csv'), 'utf8').split('LT-2611-000125').join(s.labCode);
    const file = Buffer.from(text.replace(',Pos Ctrl,PC-SAL-0314,,24.7058633221918,', ',Pos Ctrl,PC-SAL-0314,,NaN,'), 'utf8');

    const refused = await upload(file, { methods: 'LT-M-MICRO-01', cqCutoff: '35' });
    expect(refused.status).toBe(400);
    expect((refused.body as ErrorBody).details).toEqual([
      { field: 'cqCutoff', message: expect.stringMatching(/^method LT-M-MICRO-01 fixes the Cq cut-off at 40 .*; send 40 or leave cqCutoff out$/) },
    ]);

    const dry = await upload(file, { methods: 'LT-M-MICRO-01', dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(summaryOf(dry).meta).toEqual(expect.objectContaining({ cqCutoff: '40', cqCutoffSource: 'method', cqCutoffMethod: 'LT-M-MICRO-01' }));
    expect(summaryOf(dry).qcVerdicts).toContainEqual(
      expect.objectContaining({ line: 13, verdict: 'fail', detail: 'positive control (well H02) did not amplify (Cq "NaN"; cut-off 40)' }),
    );
    const failed = new RegExp(`^line 13: the Salmonella positive control PC-SAL-0314 failed: .*; the Salmonella results of ${s.labCode} cannot be trusted`);
    expect(summaryOf(dry).warnings).toContainEqual(expect.stringMatching(failed));
    expect(summaryOf(dry).qcFlagsRaised).toBe(0);

    const stored = await upload(file, { methods: 'LT-M-MICRO-01' });
    expect(stored.status).toBe(201);
    expect(summaryOf(stored).warnings).toContainEqual(expect.stringMatching(failed));
    // Besides the undated run's analysis_date flag (the date is the upload's: a second person confirms it).
    expect(summaryOf(stored).qcFlagsRaised).toBe(2);
    expect(await t.sql(`SELECT qualifier FROM analyte_results WHERE sample_id = $1 AND analyte = 'salmonella'`, [s.id])).toEqual([{ qualifier: '<LOQ' }]);
    // One flag, for its target, not a batch-wide qc_check_standard one.
    expect(await t.sql(`SELECT kind, analyte_group, analyte, message FROM qc_flags WHERE sample_id = $1 AND kind <> 'analysis_date'`, [s.id])).toEqual([
      {
        kind: 'qpcr_control_failed',
        analyte_group: 'microbials',
        analyte: 'salmonella',
        message:
          'positive control PC-SAL-0314 for Salmonella at line 13 failed: positive control (well H02) did not amplify (Cq "NaN"; cut-off 40); the Salmonella results from batch-260314.csv need review',
      },
    ]);
  });

  it("a Bio-Rad run without a target's positive control, or whose sample well's IAC did not amplify, stores its NDs held back by QC flags", async () => {
    const s = await receivedSample(t, tech.token, licensee);
    // The sample's Salmonella well A01 reads NaN; its internal amplification control there did not amplify either, and the positive control line is gone.
    const text = readFileSync(join(FIXTURES, 'biorad-cfx-cq-cannabis.csv'), 'utf8').split('LT-2611-000123').join(s.labCode);
    const file = text
      .replace(/(,A01,HEX,IAC,Unkn-01,[^,]*,,)27\.1184520945273,27\.1184520945273,/, '$1NaN,0,')
      .split(/\r?\n/)
      .filter((l) => !l.includes('Pos Ctrl'))
      .join('\n');

    const stored = await upload(Buffer.from(file, 'utf8'), { methods: 'LT-M-MICRO-01' });
    expect(stored.status).toBe(201);
    expect(summaryOf(stored).unknownAnalytes).toEqual(['Aspergillus']);
    expect(summaryOf(stored).qcVerdicts).toContainEqual(
      expect.objectContaining({
        line: 3,
        kind: 'spike',
        analyte: 'IAC',
        verdict: 'fail',
        detail: 'internal amplification control (well A01) did not amplify (Cq "NaN"; cut-off 40)',
      }),
    );
    expect(summaryOf(stored).warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no positive control for Salmonella in this run: .* each sample gets a qpcr_control_missing QC flag/),
        expect.stringMatching(new RegExp(`^line 3: the internal amplification control \\(IAC\\) of ${s.labCode} failed: .* qpcr_inhibition QC flag`)),
      ]),
    );
    expect(await t.sql(`SELECT analyte, qualifier FROM analyte_results WHERE sample_id = $1`, [s.id])).toEqual([{ analyte: 'salmonella', qualifier: 'ND' }]);
    // Besides the undated run's analysis_date flag.
    expect(summaryOf(stored).qcFlagsRaised).toBe(3);
    expect(await t.sql(`SELECT kind, analyte, message FROM qc_flags WHERE sample_id = $1 AND kind <> 'analysis_date' ORDER BY kind`, [s.id])).toEqual([
      {
        kind: 'qpcr_control_missing',
        analyte: 'salmonella',
        message:
          'no positive control for Salmonella in this run (batch-260314.csv): nothing shows the run could detect it (its NDs are unproven); the Salmonella result needs review',
      },
      {
        kind: 'qpcr_inhibition',
        analyte: 'salmonella',
        message:
          'internal amplification control (well A01) did not amplify (Cq "NaN"; cut-off 40) at line 3 of batch-260314.csv: the not-detected Salmonella of well A01 may be inhibition rather than absence; review (re-extract or dilute and re-run)',
      },
    ]);
  });

  it("a one-off columnMapping with a saved mapping's columns gets its method; the mapping's saver is a contributor of what it imported", async () => {
    const columns = { sample: 'Sample Code', analyte: 'Compound', value: 'Conc', unit: 'Units' };
    await t
      .http()
      .put('/v1/instrument-imports/mappings/instruments/QQQ-F10')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ ...columns, methodId: 'LT-M-PEST-01' })
      .expect(200);
    const s = await receivedSample(t, tech.token, licensee);
    const csv = Buffer.from(`Sample Code,Compound,Conc,Units\n${s.labCode},Myclobutanil,0.12,µg/g\n`);
    // The same columns, written otherwise and without the unit column: the manager's method still holds.
    const oneOff = { columnMapping: JSON.stringify({ sample: 'sample code', analyte: 'Compound', value: 'Conc' }) };

    const other = await upload(csv, { ...oneOff, methods: 'LT-M-PEST-02' });
    expect(other.status).toBe(400);
    expect((other.body as ErrorBody).details).toEqual([
      {
        field: 'methods',
        message: expect.stringMatching(
          /^the mapping of instrument "QQQ-F10" \(its columns are the upload's columnMapping\) gives pesticides method LT-M-PEST-01/,
        ),
      },
    ]);
    const res = await upload(csv, oneOff, 'one-off.csv');
    expect(res.status).toBe(201);
    expect(summaryOf(res).methods).toEqual([{ group: 'pesticides', methodId: 'LT-M-PEST-01', from: 'mapping' }]);
    expect(summaryOf(res).warnings).toContain(
      `the upload's columnMapping has the sample, analyte and value columns of instrument "QQQ-F10"'s saved mapping: its method LT-M-PEST-01 applies, as if instrument "QQQ-F10" were named`,
    );
    const view = await t.http().get(`/v1/samples/${s.id}/results`).set('Authorization', `Bearer ${manager.token}`).expect(200);
    const contributors = (view.body as { contributors: Array<{ userId: string; did: unknown[] }> }).contributors;
    expect(contributors.find((c) => c.userId === manager.id)?.did).toEqual([{ act: 'mapping', groups: ['pesticides'] }]);
    expect(contributors.find((c) => c.userId === tech.id)?.did).toEqual(expect.arrayContaining([{ act: 'imported', groups: ['pesticides'] }]));
  });
});

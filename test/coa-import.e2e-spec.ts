import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { displayDay } from '../src/certificates/coa/coa-pdf-text';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import type { CoaImportAnswer } from '../src/instruments/coa-pdf/coa-import.answer';
import type { CoaImportService } from '../src/instruments/coa-pdf/coa-import.service';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import type { SampleDetailDto } from '../src/samples/dto/sample-response.dto';
import { binaryBody } from './support/binary-body';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { releasedSample } from './support/release';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

const FIXTURES = join(__dirname, 'fixtures', 'coa-pdfs');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

type User = { token: string; id: string };
type ResultRow = {
  analyte: string;
  value: string | null;
  qualifier: string | null;
  unit: string;
  loq: string | null;
  status: string;
  sourceType: string;
  sourceId: string | null;
};
/** GET /v1/coa-imports/:id: the answer plus what was kept about the upload. */
type StoredCoaImport = Awaited<ReturnType<CoaImportService['getImport']>>;
const answerOf = (res: { body: unknown }) => res.body as CoaImportAnswer;
const errorOf = (res: { body: unknown }) => res.body as ErrorBody;

/** A text-only PDF, as an unknown lab's COA (or, with no lines, a scan) would be. */
function textPdf(lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

describe('COA PDF imports', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp({ env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) } });
    ({ technician: tech, manager, licensee } = await labStaff(t));
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const upload = (bytes: Buffer, fields: Record<string, string> = {}, name = 'coa.pdf', user: User = tech) => {
    const req = t.http().post('/v1/coa-imports').set(as(user));
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', bytes, name);
  };
  const resultsOf = async (sampleId: string): Promise<ResultRow[]> => {
    const res = await t.http().get(`/v1/samples/${sampleId}/results`).set(as(tech)).expect(200);
    return (res.body as SampleResultsDto).groups.flatMap((g): ResultRow[] => g.analytes);
  };
  const importsOf = (sha256: string) =>
    t.sql<{ id: string; kind: string; format: string }>(`SELECT id, kind, format FROM instrument_imports WHERE sha256 = $1`, [sha256]);
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  /** Everything an import could write about these samples, to show a run wrote nothing. */
  const footprint = async (sampleIds: string[]) => ({
    imports: await t.sql(`SELECT id FROM instrument_imports ORDER BY id`),
    results: await t.sql(
      `SELECT sample_id, version, analyte, value, qualifier, status, source_type, source_id FROM analyte_results WHERE sample_id = ANY($1::uuid[]) ORDER BY sample_id, analyte`,
      [sampleIds],
    ),
    audit: await t.sql(`SELECT id, action FROM audit_events WHERE entity_id = ANY($1::text[]) ORDER BY id`, [sampleIds]),
    qcFlags: await t.sql(`SELECT id FROM qc_flags WHERE sample_id = ANY($1::uuid[])`, [sampleIds]),
    samples: await t.sql(`SELECT id, status, result_status, failed_groups, row_version FROM samples WHERE id = ANY($1::uuid[]) ORDER BY id`, [sampleIds]),
  });

  it('imports an SC Labs COA into a received sample named by sampleId, keeping the COA verdicts beside ours', async () => {
    const sample = await receivedSample(t, tech.token, licensee);
    const pdf = fixture('sc-labs_Cherry_Punch.pdf');
    const res = await upload(pdf, { sampleId: sample.id }, 'Cherry_Punch.pdf');
    expect(res.status).toBe(201);
    const body = answerOf(res);
    expect(body).toMatchObject({
      id: expect.any(String),
      duplicate: false,
      dryRun: false,
      layout: 'sc-labs',
      sampleId: sample.id,
      labCode: sample.labCode,
      matchedBy: 'sampleId',
      coa: {
        labName: 'SC Laboratories California LLC',
        labLicense: 'C8-0000013-LIC',
        sampleIds: ['211116M007', '211116M007-001'],
        inventoryIds: ['1A406030000633F000008330'],
        reportedOverall: 'pass',
      },
    });
    expect(body.stored).toBe(body.accepted);
    expect(body.stored + body.skipped).toBe(body.rows.length);
    expect(body.unknownAnalytes).toEqual(expect.arrayContaining(['Hair Count', 'Insect Fragment Count']));
    expect(body.rows.find((r) => r.analyte === 'Hair Count')).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/unknown analyte/),
    });
    expect(body.comparisons).toContainEqual({ analyte: 'lead', name: 'Lead', reportedStatus: 'pass', status: 'pass', agrees: true });
    expect(body.comparisons).toContainEqual({ analyte: 'thca', name: 'THCA', reportedStatus: null, status: expect.any(String), agrees: null });
    expect(body.warnings).toContain(
      'Shiga toxin-producing E. coli, Salmonella spp., Aspergillus fumigatus, Aspergillus flavus, Aspergillus niger, Aspergillus terreus: reported as not detected in a presence test (per gram); stored as ND in CFU/g.',
    );

    const rows = await resultsOf(sample.id);
    const row = (analyte: string) => rows.find((r) => r.analyte === analyte);
    expect(row('thca')).toMatchObject({ value: '191.61', qualifier: null, unit: 'mg/g', loq: '0.24', sourceType: 'coa_import', sourceId: body.id });
    expect(row('cbg')).toMatchObject({ value: null, qualifier: '<LOQ', unit: 'mg/g', loq: '0.5' });
    expect(row('arsenic')).toMatchObject({ value: null, qualifier: '<LOQ', unit: 'µg/g', loq: '0.1', status: 'pass' });
    expect(row('salmonella')).toMatchObject({ qualifier: 'ND', unit: 'CFU/g', status: 'pass' });
    expect(row('total-thc')).toBeDefined();
    // Each row names the lab whose COA reported it and is dated by the COA's test date: the same day on our certificate.
    const lead = row('lead') as ResultRow & { method: string | null; analysedAt: string | null };
    expect(body.coa.testedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(lead.method).toBe('as reported on the COA of SC Laboratories California LLC');
    expect(displayDay(lead.analysedAt!)).toBe(body.coa.testedAt);
    expect(await importsOf(sha(pdf))).toEqual([{ id: body.id, kind: 'coa_pdf', format: 'sc-labs' }]);
    const detail = await t.http().get(`/v1/samples/${sample.id}`).set(as(tech)).expect(200);
    expect((detail.body as SampleDetailDto).status).toBe('in_testing');

    const stored = await t.http().get(`/v1/coa-imports/${body.id}`).set(as(manager)).expect(200);
    expect(stored.body).toMatchObject({
      id: body.id,
      duplicate: false,
      layout: 'sc-labs',
      sampleId: sample.id,
      stored: body.stored,
      filename: 'Cherry_Punch.pdf',
      sha256: sha(pdf),
      uploadedBy: tech.id,
    });
    expect((stored.body as StoredCoaImport).comparisons).toEqual(body.comparisons);

    // The same bytes again for the same sample are recognised and store nothing; aimed at another
    // sample they are refused, saying where they are (test/transfer-isolation.e2e-spec.ts has the message).
    const again = await upload(pdf, { sampleId: sample.id }, 'copy.pdf');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: body.id, duplicate: true, sampleId: sample.id, stored: body.stored });
    const other = await receivedSample(t, tech.token, licensee);
    const elsewhere = await upload(pdf, { sampleId: other.id }, 'copy.pdf');
    expect(elsewhere.status).toBe(409);
    expect(errorOf(elsewhere)).toMatchObject({
      error: 'COA_ALREADY_IMPORTED',
      details: { importId: body.id, sampleId: sample.id, requestedSampleId: other.id },
    });
    expect(await importsOf(sha(pdf))).toHaveLength(1);
    expect(await resultsOf(other.id)).toEqual([]);
  });

  it('imports a Confident Cannabis COA, its ids not ours, into the sample given', async () => {
    const sample = await receivedSample(t, tech.token, licensee);
    const res = await upload(fixture('confident-cannabis_Classic_Jack.pdf'), { sampleId: sample.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ layout: 'confident-cannabis', sampleId: sample.id, matchedBy: 'sampleId', duplicate: false });
    const answer = answerOf(res);
    expect(answer.stored).toBeGreaterThan(50);
    const rows = await resultsOf(sample.id);
    expect(rows.filter((r) => r.sourceType === 'coa_import')).toHaveLength(answer.stored);
    expect(rows.find((r) => r.analyte === 'myclobutanil')).toMatchObject({ qualifier: 'ND', unit: 'µg/g', sourceId: answer.id });
    expect(rows.find((r) => r.analyte === 'water-activity')).toMatchObject({ value: '0.51', unit: 'aw', status: 'pass' });
  });

  it('a dry run returns the parse, mapped and judged, and stores nothing', async () => {
    const sample = await receivedSample(t, tech.token, licensee);
    const pdf = fixture('confident-cannabis_Elyxr-Gummy.pdf');
    const res = await upload(pdf, { sampleId: sample.id, dryRun: 'true' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: null,
      dryRun: true,
      duplicate: false,
      layout: 'confident-cannabis',
      sampleId: sample.id,
      stored: 0,
      coa: { sampleIds: ['2106EST0690.2453'], productType: 'edible' },
    });
    const answer = answerOf(res);
    expect(answer.accepted).toBeGreaterThan(40);
    expect(answer.unknownAnalytes).toEqual(expect.arrayContaining(['Total', 'Coliforms', 'E. Coli']));
    expect(answer.rows.find((r) => r.analyte === 'Δ8-THC')).toMatchObject({
      canonical: { analyte: 'd8-thc', name: 'Δ8-THC', group: 'cannabinoids' },
      value: '23.84',
      unit: 'mg/unit',
      outcome: 'accepted',
    });
    expect(answer.comparisons).toContainEqual({ analyte: 'lead', name: 'Lead', reportedStatus: 'pass', status: 'pass', agrees: true });
    expect(answer.warnings).toContain(`The COA is for a edible; sample ${sample.labCode} is a flower and is judged as one.`);

    expect(await resultsOf(sample.id)).toEqual([]);
    expect(await importsOf(sha(pdf))).toEqual([]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action LIKE 'results.%'`, [sample.id])).toEqual([{ n: 0 }]);
    const detail = await t.http().get(`/v1/samples/${sample.id}`).set(as(tech)).expect(200);
    expect((detail.body as SampleDetailDto).status).toBe('received');
  });

  it('answers 400 for a file that is not a PDF or is broken, 413 over the limit, 422 for what it cannot use', async () => {
    const sample = await receivedSample(t, tech.token, licensee);
    const text = await upload(Buffer.from('Sample,Analyte,Result\nS1,THC,12.3\n'), { sampleId: sample.id }, 'results.txt');
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({ error: 'UNREADABLE_FILE', message: 'The file is not a PDF (no %PDF- header).' });

    const sc = fixture('sc-labs_Cherry_Punch.pdf');
    const truncated = await upload(sc.subarray(0, sc.length / 2), { sampleId: sample.id });
    expect(truncated.status).toBe(400);
    expect(errorOf(truncated).message).toMatch(/damaged or truncated/);

    const big = await upload(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x20)]), { sampleId: sample.id });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ error: 'FILE_TOO_LARGE', message: `The file is larger than the upload limit of ${MAX_UPLOAD_BYTES} bytes.` });

    const scan = await upload(await textPdf([' ']), { sampleId: sample.id });
    expect(scan.status).toBe(422);
    expect(scan.body).toMatchObject({ error: 'COA_UNREADABLE', message: expect.stringMatching(/no usable text layer \(is it a scanned image\?\)/) });

    const unknown = await upload(
      await textPdf([
        'Hudson Valley Analytical - Certificate of Analysis',
        'Client: Example Cultivation LLC   Sample: HV-2025-00417   Inventory 1234567890123456',
        'Potency (HPLC-DAD)  THCA 24.1 %   D9-THC 0.82 %   CBD ND   CBDA 0.05 %',
        'Metals (ICP-MS, ug/g)  Arsenic <0.05   Cadmium <0.05   Lead 0.11   Mercury <0.01   -- all within limits',
        'Microbials  Aspergillus (4 species) not detected in 1 g; Salmonella not detected; STEC not detected',
        'Water activity 0.52 aw   Moisture 11.3 %   Overall: PASSED',
      ]),
      { sampleId: sample.id },
    );
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown).error).toBe('COA_LAYOUT_UNKNOWN');
    expect(errorOf(unknown).message).toBe(
      'No known COA layout recognised this PDF (tried: labtrace, confident-cannabis, sc-labs, kaycha). ' +
        'Recognised: 1 page(s) of text beginning "Hudson Valley Analytical - Certificate of Analysis"; calling itself a Certificate of Analysis; inventory id(s) 1234567890123456.',
    );

    const kaycha = await upload(fixture('kaycha-labs_DA30318004-001-Original.pdf'));
    expect(kaycha.status).toBe(422);
    expect(kaycha.body).toMatchObject({
      error: 'COA_SAMPLE_NOT_MATCHED',
      message: expect.stringMatching(/^None of the COA's ids \(sample ids DA30318004-001; .*send sampleId/),
    });

    const badForm = await upload(fixture('kaycha-labs_DA30318004-001-Original.pdf'), { sampleId: 'not-a-uuid', dryRun: 'yes' });
    expect(badForm.status).toBe(400);
    expect(errorOf(badForm).details).toEqual([
      { field: 'sampleId', message: 'must be a UUID' },
      { field: 'dryRun', message: "must be 'true' or 'false'" },
    ]);
    const admin = await t.userToken('admin');
    expect((await upload(sc, { sampleId: sample.id }, 'coa.pdf', admin)).status).toBe(403);

    expect(await resultsOf(sample.id)).toEqual([]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM instrument_imports WHERE meta->>'sampleId' = $1`, [sample.id])).toEqual([{ n: 0 }]);
  });

  it('stores nothing at all when the transaction fails after the import row was written', async () => {
    const sample = await receivedSample(t, tech.token, licensee);
    const pdf = fixture('kaycha-labs_DA30318004-001-Original.pdf');
    await t.sql(`CREATE FUNCTION fail_results() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected results failure'; END $$`);
    await t.sql(`CREATE TRIGGER fail_results BEFORE INSERT ON analyte_results FOR EACH ROW EXECUTE FUNCTION fail_results()`);
    try {
      expect((await upload(pdf, { sampleId: sample.id })).status).toBe(500);
    } finally {
      await t.sql(`DROP TRIGGER fail_results ON analyte_results`);
      await t.sql(`DROP FUNCTION fail_results()`);
    }
    expect(await importsOf(sha(pdf))).toEqual([]);
    expect(await resultsOf(sample.id)).toEqual([]);
    expect((await t.sql<{ status: string }>(`SELECT status FROM samples WHERE id = $1`, [sample.id]))[0].status).toBe('received');

    const retried = await upload(pdf, { sampleId: sample.id });
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ layout: 'kaycha', duplicate: false });
  });

  it('a COA released by LabTrace, imported into a new sample, gives back the same results', async () => {
    const original = await releasedSample(t, tech, manager, licensee);
    const coa = await t.http().get(`/v1/samples/${original.id}/coa`).set(as(tech)).buffer(true).parse(binaryBody);
    expect(coa.status).toBe(200);
    const pdf = coa.body as Buffer;

    // Its own ids find the original, which is released: refused, and nothing stored.
    const intoOriginal = await upload(pdf);
    expect(intoOriginal.status).toBe(409);
    expect(intoOriginal.body).toMatchObject({ error: 'SAMPLE_NOT_OPEN' });
    expect(await importsOf(sha(pdf))).toEqual([]);

    const retest = await receivedSample(t, tech.token, licensee);
    const res = await upload(pdf, { sampleId: retest.id }, `COA-${original.labCode}.pdf`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      layout: 'labtrace',
      sampleId: retest.id,
      matchedBy: 'sampleId',
      unknownAnalytes: [],
      coa: {
        sampleIds: [original.labCode],
        inventoryIds: [original.sampleInventoryId, ...original.inventoryIds],
        reportedOverall: 'pass',
        labLicense: t.config.lab.ocmPermitId,
      },
    });
    const answer = answerOf(res);
    expect(answer.warnings).toContain(
      `The COA names sample ${original.labCode} (by lab sample code), not ${retest.labCode}; the results go to ${retest.labCode} as sampleId asks.`,
    );
    const skipped = answer.rows.filter((r) => r.outcome === 'skipped');
    expect(skipped.map((r) => [r.analyte, r.reason])).toEqual([
      ['Total CBD (calculated)', 'Total CBD is computed by LabTrace from its components'],
      ['Total THC (calculated)', 'Total THC is computed by LabTrace from its components'],
    ]);
    expect(answer.comparisons.filter((c) => c.agrees === false)).toEqual([]);

    const canonical = (rows: ResultRow[]) =>
      rows
        .map(({ analyte, value, qualifier, unit, loq, status }) => ({ analyte, value, qualifier, unit, loq, status }))
        .sort((a, b) => a.analyte.localeCompare(b.analyte));
    const before = await resultsOf(original.id);
    const after = await resultsOf(retest.id);
    expect(after.length).toBeGreaterThan(30);
    expect(canonical(after)).toEqual(canonical(before));
    expect(
      after
        .filter((r) => !r.analyte.startsWith('total-th') && !r.analyte.startsWith('total-cbd'))
        .every((r) => r.sourceType === 'coa_import' && r.sourceId === answer.id),
    ).toBe(true);
  });

  it('a dry run judges the COA as the store then does, and writes nothing at all', async () => {
    const sample = await receivedSample(t, tech.token, licensee);
    // Results already there: the dry run must merge with them exactly as the store does.
    await putResults(
      t,
      tech.token,
      sample.id,
      passingFlowerPanel().filter((g) => g.group === 'metals' || g.group === 'water_activity'),
    ).then((r) => expect(r.status).toBe(200));
    const pdf = fixture('confident-cannabis_Elyxr-Gummy.pdf');
    const before = await footprint([sample.id]);

    const dry = await upload(pdf, { sampleId: sample.id, dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ id: null, dryRun: true, duplicate: false, stored: 0, sampleStatus: expect.stringMatching(/^(pass|fail|incomplete)$/) });
    expect(answerOf(dry).comparisons.length).toBeGreaterThan(10);
    expect(await footprint([sample.id])).toEqual(before);

    const stored = await upload(pdf, { sampleId: sample.id });
    expect(stored.status).toBe(201);
    const { id: _id, dryRun: _dryRun, stored: storedRows, ...judged } = answerOf(stored);
    const { id: _dryId, dryRun: _dry, stored: _none, ...previewed } = answerOf(dry);
    expect(previewed).toEqual(judged);
    expect(storedRows).toBe(answerOf(dry).accepted);
    // The store did write: the dry run's silence is not a broken store.
    const after = await footprint([sample.id]);
    expect(after.results.length).toBeGreaterThan(before.results.length);
    expect(after.audit.length).toBeGreaterThan(before.audit.length);
  });

  it('the same COA again, dry run or not, answers the earlier import for its sample, 409 for another, and stores nothing new', async () => {
    const sample = await receivedSample(t, tech.token, licensee);
    const other = await receivedSample(t, tech.token, licensee);
    const pdf = fixture('confident-cannabis_Classic_Jack.pdf');
    // Stored by an earlier test (or here, when run alone).
    const first = (await importsOf(sha(pdf)))[0]?.id ?? answerOf(await upload(pdf, { sampleId: sample.id })).id;
    const earlier = (await t.http().get(`/v1/coa-imports/${first}`).set(as(tech)).expect(200)).body as StoredCoaImport;
    const before = await footprint([sample.id, other.id, earlier.sampleId!]);

    for (const dryRun of ['false', 'true']) {
      const elsewhere = await upload(pdf, { sampleId: other.id, dryRun }, 'again.pdf');
      expect(elsewhere.status).toBe(409);
      expect(errorOf(elsewhere)).toMatchObject({ error: 'COA_ALREADY_IMPORTED', details: { importId: first, requestedSampleId: other.id } });
      const again = await upload(pdf, { sampleId: earlier.sampleId!, dryRun }, 'again.pdf');
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        id: first,
        duplicate: true,
        dryRun: dryRun === 'true',
        sampleId: earlier.sampleId,
        stored: earlier.stored,
        comparisons: earlier.comparisons,
      });
    }
    expect(await footprint([sample.id, other.id, earlier.sampleId!])).toEqual(before);
    expect(await importsOf(sha(pdf))).toHaveLength(1);
  });
});

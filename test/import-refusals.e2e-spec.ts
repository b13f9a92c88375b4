import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import type { ColumnMappingOffer, FileRefusal } from '../src/instruments/import-refusal';
import type { ImportSummary } from '../src/instruments/instrument-imports.service';
import { createTestApp, TestContext } from './support/test-app';

const REAL = join(__dirname, 'fixtures', 'real');

/** The real MassHunter long compound table with its two concentration columns cut from every line. */
function massHunterWithoutConcentration(): Buffer {
  const text = readFileSync(join(REAL, 'agilent-masshunter-quant', 'senaite-core-masshunter-long-terpenes-gcfid.csv'), 'utf8');
  const lines = text.split(/\r?\n/).map((line) => {
    const cells = line.split(',');
    return cells.length > 6 ? [...cells.slice(0, 4), ...cells.slice(6)].join(',') : line;
  });
  return Buffer.from(lines.join('\n'));
}

describe('instrument import refusals: the closest format, why, and the column-mapping offer', () => {
  let t: TestContext;
  let tech: { token: string };
  let manager: { token: string };

  beforeAll(async () => {
    t = await createTestApp();
    tech = await t.userToken('technician');
    manager = await t.userToken('manager');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, name: string, fields: Record<string, string> = {}) => {
    const req = t.http().post('/v1/instrument-imports').set('Authorization', `Bearer ${tech.token}`);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', bytes, name);
  };

  it('names the closest format and the column it lacks, stores nothing; a binary file is "not a text export"', async () => {
    const res = await upload(massHunterWithoutConcentration(), 'terpenes.csv');
    expect(res.status).toBe(400);
    const body = res.body as ErrorBody & { details: [FileRefusal, ...unknown[]] };
    expect(body.error).toBe('UNRECOGNISED_EXPORT');
    expect(body.message).toMatch(
      /^terpenes\.csv: the file matches no known instrument export; closest is Agilent MassHunter .* \(long compound table\): it has .* \(line 15\) but lacks a “FinalConcentration” or “CalculatedConcentration” column in the SampleID header; that line has the columns SampleID, CompoundID, SampleName, Compound, Dilution, .*; nothing was stored$/,
    );
    expect(body.details[0]).toMatchObject({
      field: 'file',
      reason: 'no_format_matched',
      closest: { format: 'agilent-masshunter-quant', layout: 'long compound table', score: 0.67, instead: { line: 15 } },
    });
    // Its first line is batch metadata, not a header: no mapping offer.
    expect((body.details as Array<{ field: string }>).map((d) => d.field)).toEqual(['file', 'format']);
    expect(await t.sql(`SELECT id FROM instrument_imports`)).toEqual([]);

    const xlsx = await upload(Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.alloc(200, 9)]), 'results.xlsx');
    expect(xlsx.status).toBe(400);
    expect(xlsx.body).toMatchObject({ error: 'UNRECOGNISED_EXPORT', details: [{ field: 'file', reason: 'not_text' }, { field: 'format' }] });
    expect((xlsx.body as ErrorBody).message).toMatch(/^results\.xlsx: not a text export: the file is a ZIP container/);
  });

  it("offers a CSV's own header for a column mapping, and the mapping saved from it reads the file", async () => {
    const csv = Buffer.from('Lab Code,Test,Result,Units\nLT-2611-000123,THC,21.4,%\nLT-2611-000123,CBD,0.8,%\n');
    const refused = await upload(csv, 'bench.csv', { dryRun: 'true' });
    expect(refused.status).toBe(400);
    const offer = (refused.body as { details: Array<{ field: string }> }).details.find((d): d is ColumnMappingOffer => d.field === 'columnMapping')!;
    expect(offer.mapping).toMatchObject({
      format: 'generic-long-csv',
      headerLine: 1,
      headers: ['Lab Code', 'Test', 'Result', 'Units'],
      required: ['sample', 'analyte', 'value'],
      save: 'PUT /v1/instrument-imports/mappings/instruments/{instrument}',
    });

    // What the console does with the offer: save the chosen headers under an instrument name, upload again.
    const [sample, analyte, value, unit] = offer.mapping.headers;
    await t
      .http()
      .put(`/v1/instrument-imports/mappings/instruments/${encodeURIComponent('Bench 2')}`)
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ sample, analyte, value, unit })
      .expect(200);
    const read = await upload(csv, 'bench.csv', { dryRun: 'true', [offer.mapping.uploadFields.savedMapping]: 'Bench 2' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ format: 'generic-long-csv', rows: 2, dryRun: true } satisfies Partial<ImportSummary>);

    // Or once, without saving: the mapping alone (no format named) reads the file as the generic CSV.
    const once = await upload(csv, 'bench.csv', { dryRun: 'true', [offer.mapping.uploadFields.oneOff]: JSON.stringify({ sample, analyte, value, unit }) });
    expect(once.status).toBe(200);
    expect(once.body).toMatchObject({ format: 'generic-long-csv', rows: 2, dryRun: true } satisfies Partial<ImportSummary>);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import { MAX_HEADER_PAIRS } from '../src/common/request-body';
import { AppConfig } from '../src/config/app-config';
import { WEB_EXCLUDED_ROUTES } from '../src/web/web-static';
import { dbUrl, runtimeDbUrl } from './support/databases';
import { announce, flowerSample, LicenseeHandle, receivedSample, registerLicensee, seedStateSample } from './support/lab';
import { createTestApp, createTestDatabase, dropTestDatabase, TestContext } from './support/test-app';

const MAX_UPLOAD_BYTES = 256 * 1024;
const TRUNCATED = '{"email":"admin@test.lab","password":';
const TRUNCATED_ANSWER = { statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON (it ends before the JSON is complete).' };
const DEEP = '['.repeat(5000) + ']'.repeat(5000);
const DEEP_MESSAGE = 'The request is nested deeper than the limit of 16 levels.';

/** One field refused: the house validation shape, message and field named. */
const refused = (field: string, message: string) => ({ statusCode: 400, error: 'Bad Request', message: [message], details: [{ field, message }] });

describe('bad requests: every one a 4xx that says what is wrong', () => {
  let t: TestContext;
  let tech: string;
  let admin: string;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp({ env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) } });
    tech = (await t.userToken('technician')).token;
    admin = (await t.userToken('admin')).token;
    licensee = await registerLicensee(t, admin);
  });
  afterAll(() => t.close());

  const json = (method: 'post' | 'put' | 'patch', path: string, body: string, auth?: { bearer?: string; key?: string }) => {
    const req = t.http()[method](path).set('Content-Type', 'application/json');
    if (auth?.bearer) void req.set('Authorization', `Bearer ${auth.bearer}`);
    if (auth?.key) void req.set('X-API-Key', auth.key);
    return req.send(body);
  };

  describe('body parsing', () => {
    it('a truncated JSON body is a 400 saying so (not 404 "Cannot POST"), on login and on the licensee API', async () => {
      const login = await json('post', '/v1/auth/login', TRUNCATED);
      expect([login.status, login.body]).toEqual([400, expect.objectContaining(TRUNCATED_ANSWER)]);
      const transfer = await json('post', '/v1/sample-transfers', '{"manifestId": "M-1", "samples": [', { key: licensee.apiKey });
      expect([transfer.status, transfer.body]).toEqual([400, expect.objectContaining(TRUNCATED_ANSWER)]);
      const garbled = await json('post', '/v1/auth/login', '{"email" "x"}');
      expect([garbled.status, (garbled.body as ErrorBody).message]).toEqual([400, 'The request body is not valid JSON (unexpected character at position 9).']);
    });

    it('a body in a type no route reads is a 415 naming the types to send, not field errors about an empty object', async () => {
      const res = await t.http().post('/v1/auth/login').set('Content-Type', 'text/plain').send('email=a@b.c&password=x');
      expect([res.status, res.body]).toEqual([
        415,
        expect.objectContaining({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: 'Send the body as JSON (Content-Type: application/json), or a file upload as multipart/form-data; got "text/plain".',
        }),
      ]);
    });

    it('a body over the limit is a 413 that states the limit', async () => {
      const big = JSON.stringify({ manifestId: 'M-big', licenseNumber: licensee.licenseNumber, samples: [flowerSample({ name: 'x'.repeat(1100 * 1024) })] });
      const res = await json('post', '/v1/sample-transfers', big, { key: licensee.apiKey });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'The request body is larger than the limit of 1 MiB (1048576 bytes).',
        details: { maxBytes: 1048576 },
      });
    });

    it.each([
      ['post', '/v1/auth/login', {}],
      ['post', '/v1/sample-transfers', { key: true }],
      ['put', '/v1/samples/00000000-0000-4000-8000-000000000000/results', { bearer: 'tech' }],
      ['patch', '/v1/users/00000000-0000-4000-8000-000000000000', { bearer: 'admin' }],
    ] as const)('JSON nested 5,000 deep on %s %s is a 400 naming the limit, before validation', async (method, path, auth) => {
      const res = await json(method, path, `{"a":${DEEP}}`, {
        key: 'key' in auth ? licensee.apiKey : undefined,
        bearer: 'bearer' in auth ? { tech, admin }[auth.bearer] : undefined,
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: [DEEP_MESSAGE], details: [{ maxDepth: 16, message: DEEP_MESSAGE }] });
    });
  });

  describe('headers', () => {
    it('a request head over 16 KiB is refused by Node with 431; header lines beyond 100 are not kept', async () => {
      const res = await t
        .http()
        .get('/health')
        .set('X-Filler', 'x'.repeat(20 * 1024));
      expect(res.status).toBe(431);
      expect((t.app.getHttpServer() as Server).maxHeadersCount).toBe(MAX_HEADER_PAIRS);
    });
  });

  describe('text the database cannot hold', () => {
    it('a NUL in a licensee transfer name is refused naming the field; nothing is stored', async () => {
      const sample = flowerSample({ name: 'Blue\u0000Dream' });
      const res = await t
        .http()
        .post('/v1/sample-transfers')
        .set('X-API-Key', licensee.apiKey)
        .send({ manifestId: 'M-nul', licenseNumber: licensee.licenseNumber, samples: [sample] });
      expect([res.status, res.body]).toEqual([
        400,
        expect.objectContaining(refused('samples.0.name', 'samples.0.name must not contain NUL characters (\\u0000)')),
      ]);
      expect(await t.sql(`SELECT id FROM samples WHERE sample_inventory_id = $1`, [sample.inventoryId])).toEqual([]);
    });

    it('a lone surrogate in a transfer name is refused naming the field', async () => {
      const body = `{"manifestId":"M-sur","licenseNumber":"${licensee.licenseNumber}","samples":[{"inventoryId":"1234567890123456","productType":"flower","name":"Blue \\ud800 Dream","quantity":"1","unit":"g"}]}`;
      const res = await json('post', '/v1/sample-transfers', body, { key: licensee.apiKey });
      expect([res.status, res.body]).toEqual([
        400,
        expect.objectContaining(refused('samples.0.name', 'samples.0.name must be valid Unicode text (it contains an unpaired surrogate)')),
      ]);
    });

    it('a NUL in a custody note, an API key label, ?q= or a path parameter is a 400 naming it, not a 500 from PostgreSQL', async () => {
      const s = await receivedSample(t, tech, licensee);
      const custody = await t.http().post(`/v1/samples/${s.id}/custody`).set('Authorization', `Bearer ${tech}`).send({ kind: 'moved', note: 'shelf\u00002' });
      expect([custody.status, custody.body]).toEqual([400, expect.objectContaining(refused('note', 'note must not contain NUL characters (\\u0000)'))]);
      const label = await t
        .http()
        .post(`/v1/licensees/${licensee.licenseNumber}/api-keys`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ label: 'ERP\u0000' });
      expect([label.status, label.body]).toEqual([400, expect.objectContaining(refused('label', 'label must not contain NUL characters (\\u0000)'))]);
      const search = await t.http().get('/v1/samples?q=Blue%00').set('Authorization', `Bearer ${tech}`);
      expect([search.status, search.body]).toEqual([400, expect.objectContaining(refused('q', 'q must not contain NUL characters (\\u0000)'))]);
      const param = await t.http().post('/v1/licensees/OCM%00/api-keys').set('Authorization', `Bearer ${admin}`).send({ label: 'ERP' });
      expect([param.status, param.body]).toEqual([
        400,
        expect.objectContaining(refused('licenseNumber', 'licenseNumber must not contain NUL characters (\\u0000)')),
      ]);
      const badEscape = await t.http().post('/v1/licensees/%ED%A0%80/api-keys').set('Authorization', `Bearer ${admin}`).send({ label: 'ERP' });
      expect([badEscape.status, badEscape.body]).toEqual([400, expect.objectContaining(refused('path', 'The URL path is not valid percent-encoded UTF-8.'))]);
      expect(await t.sql(`SELECT id FROM custody_events WHERE sample_id = $1 AND kind = 'moved'`, [s.id])).toEqual([]);
    });
  });

  describe('values', () => {
    it('PATCH /v1/users/:id with {"role": null} is a 400 naming role (null is validated like any value)', async () => {
      const user = await t.userToken('technician');
      const res = await t.http().patch(`/v1/users/${user.id}`).set('Authorization', `Bearer ${admin}`).send({ role: null });
      expect([res.status, res.body]).toEqual([400, expect.objectContaining(refused('role', 'role must be one of technician, manager, admin'))]);
      expect(await t.sql(`SELECT role FROM users WHERE id = $1`, [user.id])).toEqual([{ role: 'technician' }]);
    });

    it('a list item that is itself a list (an analyte given as []) is a 400 naming the list, not a 500', async () => {
      const s = await receivedSample(t, tech, licensee);
      const res = await t
        .http()
        .put(`/v1/samples/${s.id}/results`)
        .set('Authorization', `Bearer ${tech}`)
        .send({ groups: [{ group: 'metals', analytes: [[]] }] });
      expect([res.status, res.body]).toEqual([400, expect.objectContaining(refused('groups.0.analytes', 'groups.0.analytes must be a list of objects'))]);
    });

    it('dilution "0" is a 400 naming the field, not a CHECK violation', async () => {
      const s = await receivedSample(t, tech, licensee);
      const res = await t
        .http()
        .put(`/v1/samples/${s.id}/results`)
        .set('Authorization', `Bearer ${tech}`)
        .send({ groups: [{ group: 'metals', analytes: [{ analyte: 'Lead', value: '0.1', unit: 'µg/g', dilution: '0' }] }] });
      const field = 'groups.0.analytes.0.dilution';
      expect([res.status, res.body]).toEqual([400, expect.objectContaining(refused(field, `${field} must be greater than 0`))]);
    });

    it('a date that does not exist (30 February, year 0) is a 400 naming the field, not stored as another day or a 500', async () => {
      const message = 'receivedAt must be an ISO 8601 date-time on a real calendar day, years 1900 to 9999, e.g. "2026-11-30T14:00:00Z"';
      for (const receivedAt of ['2026-02-30T10:00:00Z', '0000-01-01T00:00:00Z']) {
        const sample = flowerSample();
        await seedStateSample(t, licensee.licenseNumber, sample);
        const id = ((await announce(t, licensee, [sample])).res.body as { sampleIds: string[] }).sampleIds[0];
        const res = await t
          .http()
          .post(`/v1/samples/${id}/receive`)
          .set('Authorization', `Bearer ${tech}`)
          .send({ receivedQuantity: '7.0', unit: 'g', condition: 'acceptable', receivedAt });
        expect([receivedAt, res.status, res.body]).toEqual([receivedAt, 400, expect.objectContaining(refused('receivedAt', message))]);
        expect(await t.sql(`SELECT status FROM samples WHERE id = $1`, [id])).toEqual([{ status: 'pending' }]);
      }
    });

    it('a decimal is accepted or refused the same way typed by hand and imported from a file', async () => {
      const huge = '123456789012345678901234567890';
      const fine = '0.123456789012345678901234567890';
      const byHand = async (value: string) => {
        const s = await receivedSample(t, tech, licensee);
        const res = await t
          .http()
          .put(`/v1/samples/${s.id}/results`)
          .set('Authorization', `Bearer ${tech}`)
          .send({ groups: [{ group: 'metals', analytes: [{ analyte: 'Lead', value, unit: 'µg/g' }] }] });
        return { res, s };
      };
      const fromFile = async (value: string) => {
        const s = await receivedSample(t, tech, licensee);
        const csv = `sample,analyte,value,unit,lod,loq,kind\n${s.labCode},Lead,${value},µg/g,0.01,0.05,sample\n`;
        const res = await t
          .http()
          .post('/v1/instrument-imports')
          .set('Authorization', `Bearer ${tech}`)
          .field('format', 'generic-long-csv')
          .attach('file', Buffer.from(csv), `lead-${value.length}.csv`);
        return { res, s };
      };
      const tooLong = 'must have at most 15 digits before the decimal point and 30 after';

      const hand = await byHand(huge);
      expect([hand.res.status, hand.res.body]).toEqual([
        400,
        expect.objectContaining(refused('groups.0.analytes.0.value', `groups.0.analytes.0.value ${tooLong}`)),
      ]);
      const file = await fromFile(huge);
      expect(file.res.status).toBe(400);
      expect(file.res.body).toMatchObject({ error: 'INVALID_RESULTS', details: [{ field: 'groups[0].analytes[0].value', message: tooLong }] });
      for (const { s } of [hand, file]) expect(await t.sql(`SELECT value FROM analyte_results WHERE sample_id = $1`, [s.id])).toEqual([]);

      const handFine = await byHand(fine);
      const fileFine = await fromFile(fine);
      expect([handFine.res.status, fileFine.res.status]).toEqual([200, 201]);
      for (const { s } of [handFine, fileFine])
        expect(await t.sql(`SELECT value::text FROM analyte_results WHERE sample_id = $1`, [s.id])).toEqual([{ value: fine }]);
    });
  });

  describe('found by the route fuzzer', () => {
    it('saving an instrument mapping identical to the stored one answers 200 with its date, not a 500', async () => {
      const manager = (await t.userToken('manager')).token;
      // Every column named: a DTO with absent ones carries them as undefined, which TypeORM counts as a change.
      const mapping = { sample: 'Sample ID', analyte: 'Compound', value: 'Result', unit: 'Units', lod: 'LOD', loq: 'LOQ', kind: 'Type', dilution: 'Dilution' };
      const put = () => t.http().put('/v1/instrument-imports/mappings/instruments/QQQ-9').set('Authorization', `Bearer ${manager}`).send(mapping);
      const first = await put();
      await put();
      const again = await put();
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body).toEqual({ instrument: 'QQQ-9', mapping, methodId: null, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    });
  });

  describe('uploads', () => {
    const upload = (path: string, token: string) => t.http().post(path).set('Authorization', `Bearer ${token}`);

    it('a file over the limit is a 413 that states the limit, on every upload route', async () => {
      const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 'a');
      for (const path of ['/v1/instrument-imports', '/v1/coa-imports']) {
        const res = await upload(path, tech).attach('file', big, 'big.csv');
        expect([path, res.status, res.body]).toEqual([
          path,
          413,
          expect.objectContaining({ error: 'FILE_TOO_LARGE', message: `The file is larger than the upload limit of ${MAX_UPLOAD_BYTES} bytes.` }),
        ]);
      }
      const rules = Buffer.alloc(2 * 1024 * 1024 + 1, 'a');
      for (const path of ['/v1/limit-sets', '/v1/method-sets']) {
        const res = await upload(path, admin).attach('file', rules, 'big.json');
        expect([path, res.status, res.body]).toEqual([
          path,
          413,
          expect.objectContaining({ error: 'FILE_TOO_LARGE', message: 'The file is larger than the upload limit of 2097152 bytes.' }),
        ]);
      }
    });

    it('too many fields, a field too long or a second file are refused with the limit stated', async () => {
      const importsBefore = await t.sql(`SELECT id FROM instrument_imports ORDER BY id`);
      const many = upload('/v1/instrument-imports', tech);
      for (let i = 0; i < 13; i++) void many.field(`f${i}`, 'x');
      const fields = await many.attach('file', Buffer.from('x'), 'x.csv');
      expect([fields.status, fields.body]).toEqual([
        413,
        expect.objectContaining({ error: 'UPLOAD_LIMIT', message: 'The form has more text fields than the limit of 12.', details: { maxFields: 12 } }),
      ]);
      const long = await upload('/v1/instrument-imports', tech)
        .field('columnMapping', 'x'.repeat(17 * 1024))
        .attach('file', Buffer.from('x'), 'x.csv');
      expect([long.status, (long.body as ErrorBody).message]).toEqual([
        413,
        'A form field ("columnMapping") is longer than the limit of 16 KiB (16384 bytes).',
      ]);
      const two = await upload('/v1/coa-imports', tech).attach('file', Buffer.from('%PDF-1.7'), 'a.pdf').attach('other', Buffer.from('%PDF-1.7'), 'b.pdf');
      expect([two.status, (two.body as ErrorBody).message]).toEqual([400, 'Send exactly one file, in the multipart field "file".']);
      const form = [
        '--b0undary',
        `Content-Disposition: form-data; name="file"; filename*=UTF-8''batch%00.csv`,
        'Content-Type: text/csv',
        '',
        'sample,analyte,value',
        '--b0undary--',
        '',
      ].join('\r\n');
      const nulName = await upload('/v1/instrument-imports', tech).set('Content-Type', 'multipart/form-data; boundary=b0undary').send(form);
      expect([nulName.status, (nulName.body as ErrorBody).message]).toEqual([400, 'file name must not contain NUL characters (\\u0000)']);
      expect(await t.sql(`SELECT id FROM instrument_imports ORDER BY id`)).toEqual(importsBefore);
    });
  });
});

/** With the console built, Express's static-file fallback turned every body-parser error on /v1 into 404 "Cannot POST". */
describe('bad requests with the console served', () => {
  let dbName: string;
  let root: string;
  let close: () => Promise<void>;
  let http: () => ReturnType<typeof request>;

  beforeAll(async () => {
    dbName = await createTestDatabase();
    root = mkdtempSync(join(tmpdir(), 'labtrace-console-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>LabTrace</title>');
    const config = AppConfig.fromEnvironment({
      NODE_ENV: 'test',
      DATABASE_URL: runtimeDbUrl(dbName),
      DATABASE_MIGRATION_URL: dbUrl(dbName),
      QUEUE_PREFIX: `t${process.pid}c`,
      JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123',
      LOG_LEVEL: 'silent',
    });
    // NestFactory, as main.ts does: under Test.createTestingModule the static module finds no HTTP adapter yet and serves nothing.
    class ConsoleApp {}
    const app = configureApp(
      await NestFactory.create(
        { module: ConsoleApp, imports: [AppModule.forRoot(config), ServeStaticModule.forRoot({ rootPath: root, exclude: WEB_EXCLUDED_ROUTES })] },
        { bufferLogs: true },
      ),
    );
    await app.init();
    http = () => request(app.getHttpServer() as Parameters<typeof request>[0]);
    close = async () => {
      await app.close();
      await dropTestDatabase(dbName);
      rmSync(root, { recursive: true, force: true });
    };
  });
  afterAll(() => close());

  it('answers a truncated, an oversized and a deep body 400/413/400, never 404; the console still serves its pages', async () => {
    const truncated = await http().post('/v1/auth/login').set('Content-Type', 'application/json').send(TRUNCATED);
    expect([truncated.status, truncated.body]).toEqual([400, expect.objectContaining(TRUNCATED_ANSWER)]);
    const big = await http()
      .post('/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1100 * 1024) }));
    expect([big.status, (big.body as ErrorBody).message]).toEqual([413, 'The request body is larger than the limit of 1 MiB (1048576 bytes).']);
    const deep = await http().post('/v1/auth/login').set('Content-Type', 'application/json').send(DEEP);
    expect([deep.status, (deep.body as ErrorBody).message]).toEqual([400, [DEEP_MESSAGE]]);
    const page = await http().get('/worklist');
    expect([page.status, page.text]).toEqual([200, expect.stringContaining('<title>LabTrace</title>')]);
  });
});

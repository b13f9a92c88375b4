import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, Socket } from 'node:net';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { UploadSlots } from '../src/common/upload-slots';
import { eventually } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Security review: uploads are held in memory while they arrive, so the number received at once is capped
 * per process and per user (refused at once, before the body is read, with 503 / 429 and Retry-After),
 * and a body that stops arriving is cut at a deadline (408) instead of holding its memory for Node's 300 s.
 * The stalled clients are raw sockets that send the head and part of the body, then nothing.
 */
const BOUNDARY = 'labtrace-upload-concurrency';
const CSV_LINE = 'LT-2611-000123,Total THC,21.4,%,0.01,0.05\n';
const SMALL_CSV = `sample,analyte,value,unit,lod,loq\n${CSV_LINE}`;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody | null;
}

/** One upload on its own connection: `sent` bytes of a `declared`-byte file go out, then it stalls. */
interface RawUpload {
  socket: Socket;
  /** Set once the connection is closed, by either side; what the API answered, if anything. */
  closed: RawAnswer | null;
  /** More file bytes (a dripping client). */
  send(bytes: number): void;
}

function parseAnswer(text: string): RawAnswer {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return { status: 0, headers: {}, body: null };
  const [statusLine, ...lines] = text.slice(0, headEnd).split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const body = text.slice(headEnd + 4);
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? (JSON.parse(body) as ErrorBody) : null };
}

function openUpload(port: number, opts: { path: string; token: string; declared: number; sent: number; dryRun?: boolean }): RawUpload {
  const fields = opts.dryRun === false ? '' : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\ntrue\r\n`;
  const head = Buffer.from(`${fields}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="stalled.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const socket = connect(port, '127.0.0.1');
  const upload: RawUpload = {
    socket,
    closed: null,
    send: (bytes) => {
      if (!socket.destroyed && socket.writable) socket.write(Buffer.alloc(bytes, 'x'));
    },
  };
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  // Writing into a connection the API has closed is expected here.
  socket.on('error', () => undefined);
  socket.on('close', () => (upload.closed = parseAnswer(text)));
  socket.write(
    `POST ${opts.path} HTTP/1.1\r\nHost: labtrace.test\r\nAuthorization: Bearer ${opts.token}\r\n` +
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${head.length + opts.declared + tail.length}\r\n\r\n`,
  );
  socket.write(head);
  upload.send(opts.sent);
  return upload;
}

/** The answer of an upload the API closes after answering (a refusal or a cut), however long that takes. */
const answerOf = (upload: RawUpload, what: string) => eventually(async () => upload.closed, 30_000, what);

async function listeningApp(env: Record<string, string>): Promise<{ t: TestContext; port: number }> {
  const t = await createTestApp({ simulator: false, env });
  const server = t.app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { t, port: (server.address() as AddressInfo).port };
}

const MB = 1024 * 1024;

describe('uploads received at once', () => {
  let t: TestContext;
  let port: number;

  beforeAll(async () => {
    ({ t, port } = await listeningApp({ MAX_CONCURRENT_UPLOADS: '3', MAX_CONCURRENT_UPLOADS_PER_USER: '2' }));
  });
  afterAll(() => t.close());

  const slotsHeld = (n: number) => eventually(async () => t.app.get(UploadSlots).load.total === n, 20_000, `${n} upload slots held`);

  it('refuses the upload beyond the caps at once, on every upload route, and takes uploads again once the stalled ones hang up', async () => {
    const [tech1, tech2, tech3, admin] = [
      await t.userToken('technician'),
      await t.userToken('technician'),
      await t.userToken('technician'),
      await t.userToken('admin'),
    ];
    const slots = t.app.get(UploadSlots);
    expect(slots.limits).toEqual({ perProcess: 3, perUser: 2 });

    // Two uploads of one technician, 1 MB of 15 MB sent each, then nothing.
    const stalled = [
      openUpload(port, { path: '/v1/instrument-imports', token: tech1.token, declared: 15 * MB, sent: MB }),
      openUpload(port, { path: '/v1/coa-imports', token: tech1.token, declared: 15 * MB, sent: MB }),
    ];
    await slotsHeld(2);

    // Their third is refused for their share (429) without the API waiting for its body: 1 KB of 15 MB was sent.
    const third = openUpload(port, { path: '/v1/instrument-imports', token: tech1.token, declared: 15 * MB, sent: 1024 });
    const overShare = await answerOf(third, 'the third upload of one user answered');
    expect(overShare.status).toBe(429);
    expect(overShare.headers['retry-after']).toBe('5');
    expect(overShare.body).toEqual({
      statusCode: 429,
      error: 'TOO_MANY_UPLOADS',
      message: 'You already have 2 uploads in progress, the most one user may send at once; send this one when one of them has finished.',
      details: { maxConcurrentUploadsPerUser: 2 },
    });

    // Another technician fills the process; then every upload route refuses anyone with 503.
    stalled.push(openUpload(port, { path: '/v1/instrument-imports', token: tech2.token, declared: 15 * MB, sent: MB }));
    await slotsHeld(3);
    const refused = [
      openUpload(port, { path: '/v1/instrument-imports', token: tech3.token, declared: 15 * MB, sent: 1024 }),
      openUpload(port, { path: '/v1/coa-imports', token: tech3.token, declared: 15 * MB, sent: 1024 }),
      openUpload(port, { path: '/v1/limit-sets', token: admin.token, declared: MB, sent: 1024, dryRun: false }),
      openUpload(port, { path: '/v1/method-sets', token: admin.token, declared: MB, sent: 1024, dryRun: false }),
    ];
    for (const [i, upload] of refused.entries()) {
      const answer = await answerOf(upload, `refused upload ${i} answered`);
      expect({ i, status: answer.status, retryAfter: answer.headers['retry-after'], connection: answer.headers.connection }).toEqual({
        i,
        status: 503,
        retryAfter: '5',
        connection: 'close',
      });
      expect(answer.body).toEqual({
        statusCode: 503,
        error: 'UPLOADS_BUSY',
        message: 'The server is already receiving 3 uploads, the most it takes at once; try again shortly.',
        details: { maxConcurrentUploads: 3 },
      });
    }
    // Refusals took nothing, and the stalled uploads are still waiting for their bodies.
    expect(slots.load).toEqual({ total: 3, users: 2 });
    expect(stalled.map((s) => s.closed)).toEqual([null, null, null]);

    // They hang up: every slot is back, and an upload goes through.
    for (const s of stalled) s.socket.destroy();
    await slotsHeld(0);
    const ok = await t
      .http()
      .post('/v1/instrument-imports')
      .set('Authorization', `Bearer ${tech1.token}`)
      .field('dryRun', 'true')
      .attach('file', Buffer.from(SMALL_CSV), 'small.csv');
    expect(ok.status).toBe(200);
    await slotsHeld(0);
    expect(slots.load).toEqual({ total: 0, users: 0 });
  });

  it('gives the slot back however the upload ends: refused by multer, malformed, or answered', async () => {
    const admin = await t.userToken('admin');
    const tech = await t.userToken('technician');
    const slots = t.app.get(UploadSlots);
    const tooLarge = await t
      .http()
      .post('/v1/limit-sets')
      .set('Authorization', `Bearer ${admin.token}`)
      .attach('file', Buffer.alloc(2 * MB + 1, 'x'), 'limits.csv');
    expect([tooLarge.status, (tooLarge.body as ErrorBody).error]).toEqual([413, 'FILE_TOO_LARGE']);
    const malformed = await t
      .http()
      .post('/v1/instrument-imports')
      .set('Authorization', `Bearer ${tech.token}`)
      .set('Content-Type', 'multipart/form-data; boundary=nope')
      .send('this is not a multipart form');
    expect([malformed.status, (malformed.body as ErrorBody).error]).toEqual([400, 'INVALID_UPLOAD']);
    // More uploads one after another than the process has slots: none is refused.
    for (let i = 0; i < 5; i++) {
      const res = await t
        .http()
        .post('/v1/coa-imports')
        .set('Authorization', `Bearer ${tech.token}`)
        .attach('file', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), 'cut.pdf');
      expect(res.status).toBe(400);
    }
    await slotsHeld(0);
    expect(slots.load).toEqual({ total: 0, users: 0 });
  });
});

describe('an upload whose body stops arriving', () => {
  let t: TestContext;
  let port: number;

  beforeAll(async () => {
    ({ t, port } = await listeningApp({ UPLOAD_BODY_TIMEOUT_MS: '1500' }));
  });
  afterAll(() => t.close());

  it('is cut at the deadline with 408, stalled or dripping, its connection closed and its slot freed; nothing is stored', async () => {
    const tech = await t.userToken('technician');
    const started = Date.now();
    const stalled = openUpload(port, { path: '/v1/instrument-imports', token: tech.token, declared: 15 * MB, sent: MB, dryRun: false });
    // A byte every 50 ms keeps the connection busy but never finishes: the deadline is on the whole body.
    const dripping = openUpload(port, { path: '/v1/coa-imports', token: tech.token, declared: 15 * MB, sent: 1024, dryRun: false });
    const drip = setInterval(() => dripping.send(1), 50);
    try {
      await eventually(async () => t.app.get(UploadSlots).load.total === 2, 20_000, 'both uploads holding a slot');
      const answers = [await answerOf(stalled, 'the stalled upload cut'), await answerOf(dripping, 'the dripping upload cut')];
      // Not before its time (a lower bound only: how late it comes depends on the machine).
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
      for (const answer of answers) {
        expect([answer.status, answer.headers.connection]).toEqual([408, 'close']);
        expect(answer.body).toEqual({
          statusCode: 408,
          error: 'UPLOAD_TIMEOUT',
          message: 'The upload did not arrive within 1.5 s and was cut off; nothing was stored. Send it again.',
          details: { timeoutMs: 1500 },
        });
      }
    } finally {
      clearInterval(drip);
      stalled.socket.destroy();
      dripping.socket.destroy();
    }
    await eventually(async () => t.app.get(UploadSlots).load.total === 0, 20_000, 'slots freed');
    // Instrument exports and COA PDFs are both recorded there.
    expect(await t.sql(`SELECT count(*)::int AS n FROM instrument_imports`)).toEqual([{ n: 0 }]);

    // A whole upload within the deadline is unaffected.
    const ok = await t
      .http()
      .post('/v1/instrument-imports')
      .set('Authorization', `Bearer ${tech.token}`)
      .field('dryRun', 'true')
      .attach('file', Buffer.from(SMALL_CSV), 'small.csv');
    expect(ok.status).toBe(200);
  });
});

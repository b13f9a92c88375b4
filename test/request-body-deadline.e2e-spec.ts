import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { HEADERS_TIMEOUT_MS } from '../src/common/http-server-settings';
import { eventually } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

/**
 * A JSON body that stalls or drips is cut at REQUEST_BODY_TIMEOUT_MS (408 in the house shape, connection
 * closed) instead of holding its connection for Node's default 300 s; one that arrives in time, even in
 * pieces, is answered as usual. The clients are raw sockets, so the body can be sent in parts.
 */
interface RawClient {
  /** Everything the API sent, and whether it has closed the connection. */
  text: () => string;
  closed: () => boolean;
  send: (bytes: string) => void;
  end: () => void;
}

function openRequest(port: number, declaredLength: number): RawClient {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  // Writing into a connection the API has closed is expected here.
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  socket.write(`POST /v1/auth/login HTTP/1.1\r\nHost: labtrace.test\r\nContent-Type: application/json\r\nContent-Length: ${declaredLength}\r\n\r\n`);
  return {
    text: () => text,
    closed: () => closed,
    send: (bytes) => {
      if (!socket.destroyed && socket.writable) socket.write(bytes);
    },
    end: () => socket.destroy(),
  };
}

function answerOf(text: string): { status: number; connection: string | undefined; body: Record<string, unknown> } {
  const headEnd = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, headEnd).split('\r\n');
  const connection = lines
    .find((l) => l.toLowerCase().startsWith('connection:'))
    ?.slice('connection:'.length)
    .trim();
  return { status: Number(statusLine.split(' ')[1]), connection, body: JSON.parse(text.slice(headEnd + 4)) as Record<string, unknown> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the deadline for a JSON body to arrive', () => {
  let t: TestContext;
  let port: number;
  const clients: RawClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ simulator: false, env: { REQUEST_BODY_TIMEOUT_MS: '1500', UPLOAD_BODY_TIMEOUT_MS: '60000' } });
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const c of clients) c.end();
    await t.close();
  });

  const body = JSON.stringify({ email: 'nobody@lab.test', password: 'not the password' });

  it('answers a stalled body 408 with the deadline, closes its connection, and the API answers others meanwhile', async () => {
    const stalled = openRequest(port, body.length);
    clients.push(stalled);
    stalled.send(body.slice(0, 10));
    const startedAt = Date.now();
    // Another client is answered at once while the first one stalls.
    const meanwhile = await fetch(`http://127.0.0.1:${port}/health`);
    expect(meanwhile.status).toBe(200);

    await eventually(async () => stalled.closed(), 10_000, 'the stalled connection closed');
    const waited = Date.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(1400);
    const answer = answerOf(stalled.text());
    expect(answer.status).toBe(408);
    expect(answer.connection).toBe('close');
    expect(answer.body).toMatchObject({
      statusCode: 408,
      error: 'Request Timeout',
      message: 'The request body did not arrive within 1.5 s of its headers; send it again in one go.',
      details: { timeoutMs: 1500 },
    });
  });

  it('cuts a body that drips a byte at a time past the deadline, counting from its headers', async () => {
    const dripping = openRequest(port, body.length);
    clients.push(dripping);
    let sent = 0;
    while (!dripping.closed() && sent < body.length) {
      dripping.send(body[sent]);
      sent += 1;
      await sleep(150);
    }
    expect(sent).toBeLessThan(body.length);
    await eventually(async () => dripping.closed(), 10_000, 'the dripping connection closed');
    expect(answerOf(dripping.text()).status).toBe(408);
  });

  it('answers a body that arrives in pieces within the deadline as usual', async () => {
    const slow = openRequest(port, body.length);
    clients.push(slow);
    slow.send(body.slice(0, 20));
    await sleep(600);
    slow.send(body.slice(20));
    await eventually(async () => slow.text().includes('\r\n\r\n{') && slow.text().trimEnd().endsWith('}'), 10_000, 'the sign-in answered');
    const answer = answerOf(slow.text());
    // Unknown account: the sign-in's own answer, not the deadline's.
    expect(answer.status).toBe(401);
    // Its timer was cleared with the body: the connection stays open past the deadline.
    await sleep(2000);
    expect(slow.closed()).toBe(false);
  });

  it("sets Node's own cuts as a backstop behind the deadlines, in place of its 60 s head and 300 s request", () => {
    const server = t.app.getHttpServer() as Server;
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(server.requestTimeout).toBe(HEADERS_TIMEOUT_MS + 60_000 + 10_000);
  });
});

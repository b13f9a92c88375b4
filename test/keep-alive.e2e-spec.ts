import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, Socket } from 'node:net';
import { createTestApp, TestContext } from './support/test-app';

/** The next whole response on the socket (a /health answer has a Content-Length). */
function nextResponse(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(text);
      if (headEnd >= 0 && length && text.length >= headEnd + 4 + Number(length[1])) {
        cleanUp();
        resolve(text);
      }
    };
    const onEnd = () => {
      cleanUp();
      reject(new Error(`the API closed the connection${text ? ` after: ${text.slice(0, 80)}` : ''}`));
    };
    const cleanUp = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onEnd);
  });
}

/** A listening app (supertest does not keep connections) and its port. */
async function listeningApp(): Promise<{ t: TestContext; port: number }> {
  const t = await createTestApp({ simulator: false });
  const server = t.app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { t, port: (server.address() as AddressInfo).port };
}

async function connected(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return socket;
}

/**
 * Behind a proxy that reuses idle upstream connections for about 60 s, the API must not be the side
 * that closes an idle connection first (Node's default after 5 s): a request the proxy sends on a
 * connection the API is closing is lost, and its client gets a 502. One raw connection here, two
 * requests on it with 6 s of silence between them, as a proxy's pooled connection would see.
 */
describe('idle keep-alive connections', () => {
  let t: TestContext;
  let port: number;

  beforeAll(async () => {
    ({ t, port } = await listeningApp());
  });
  afterAll(() => t.close());

  it('answers a second request on the same connection after 6 s of silence, and says how long it keeps it', async () => {
    expect(t.config.keepAliveSeconds).toBe(65);
    const socket = await connected(port);
    let closedAt: number | null = null;
    socket.on('end', () => (closedAt = Date.now()));
    try {
      const request = 'GET /health HTTP/1.1\r\nHost: labtrace.test\r\nConnection: keep-alive\r\n\r\n';
      const first = nextResponse(socket);
      socket.write(request);
      const firstAnswer = await first;
      expect(firstAnswer).toMatch(/^HTTP\/1\.1 200 /);
      expect(firstAnswer).toMatch(/\r\nkeep-alive: timeout=65\r\n/i);

      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(closedAt).toBeNull();
      const second = nextResponse(socket);
      socket.write(request);
      expect(await second).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      socket.destroy();
    }
  });
});

describe('a graceful stop while a response is under way', () => {
  it('ends that connection once the response is sent, instead of keeping it alive 65 s', async () => {
    const { t, port } = await listeningApp();
    const socket = await connected(port);
    try {
      // A sign-in whose body is still arriving when the stop begins: the server owes it an answer.
      socket.write('POST /v1/auth/login HTTP/1.1\r\nHost: labtrace.test\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{');
      const answer = nextResponse(socket);
      const ended = new Promise<number>((resolve) => socket.once('end', () => resolve(performance.now())));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stopping = t.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.write('}');
      const text = await answer;
      const answeredAt = performance.now();
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
      // Keep-alive alone would hold the connection, and the stop, for 65 s.
      expect((await ended) - answeredAt).toBeLessThan(5_000);
      await stopping;
    } finally {
      socket.destroy();
    }
  });
});

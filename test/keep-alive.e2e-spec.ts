import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, Socket } from 'node:net';
import { createTestApp, TestContext } from './support/test-app';

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
    t = await createTestApp({ simulator: false });
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

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

  it('answers a second request on the same connection after 6 s of silence, and says how long it keeps it', async () => {
    expect(t.config.keepAliveSeconds).toBe(65);
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
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

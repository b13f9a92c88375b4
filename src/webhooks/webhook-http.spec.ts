import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pinnedLookup, postWebhook, SendOutcome } from './webhook-http';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ port: number; seen: IncomingMessage[]; server: Server }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, seen, server };
}

const LOCAL = [{ address: '127.0.0.1', family: 4 as const }];

function post(port: number, opts: { host?: string; timeoutMs?: number; maxBytes?: number } = {}): Promise<SendOutcome> {
  return postWebhook(
    { url: new URL(`http://${opts.host ?? '127.0.0.1'}:${port}/hook`), addresses: LOCAL, body: '{"a":1}', headers: { 'Content-Type': 'application/json' } },
    { deadline: Date.now() + (opts.timeoutMs ?? 2000), maxResponseBytes: opts.maxBytes ?? 4096 },
  );
}

describe('postWebhook', () => {
  const servers: Server[] = [];
  const start = async (handler: Handler) => {
    const s = await serve(handler);
    servers.push(s.server);
    return s;
  };
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  it('asks for an identity body and reports a 2xx as delivered', async () => {
    const { port, seen } = await start((_req, res) => res.writeHead(204).end());
    expect(await post(port)).toEqual({ ok: true, status: 204 });
    expect(seen[0].headers).toMatchObject({ 'accept-encoding': 'identity', 'content-length': '7', connection: 'close' });
  });

  it('reports other statuses as "HTTP <status>" and never follows a redirect', async () => {
    const { port } = await start((_req, res) => res.writeHead(500).end('stack trace with secrets'));
    expect(await post(port)).toEqual({ ok: false, status: 500, error: 'HTTP 500' });
    const redirect = await start((_req, res) => res.writeHead(302, { Location: 'http://169.254.169.254/' }).end());
    expect(await post(redirect.port)).toEqual({ ok: false, status: 302, error: 'HTTP 302' });
  });

  it('cuts a receiver that drips a byte at a time at the wall-clock deadline', async () => {
    const { port } = await start((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const drip = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(drip));
    });
    const began = Date.now();
    expect(await post(port, { timeoutMs: 400 })).toEqual({ ok: false, status: null, error: 'timeout' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(390);
    expect(Date.now() - began).toBeLessThan(1000);
  });

  it('cuts a gzip body at the byte cap without inflating it', async () => {
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const { port } = await start((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
      // 64 gzip members: 64 MB inflated, never asked for by the client.
      for (let i = 0; i < 64; i++) res.write(member);
      res.end();
    });
    expect(await post(port, { maxBytes: 4096 })).toEqual({ ok: false, status: 200, error: 'response too large' });
  });

  it('refuses a declared length over the cap before reading it', async () => {
    const { port } = await start((_req, res) => res.writeHead(200, { 'Content-Length': '10000000' }).write('x'));
    expect(await post(port)).toEqual({ ok: false, status: 200, error: 'response too large' });
  });

  it('reports refused connections generically', async () => {
    const { port, server } = await start((_req, res) => res.end());
    servers.splice(servers.indexOf(server), 1);
    await new Promise<void>((r) => server.close(() => r()));
    expect(await post(port)).toEqual({ ok: false, status: null, error: 'connection failed' });
  });

  it('connects a host name only to the checked addresses, without asking DNS', async () => {
    const { port, seen } = await start((_req, res) => res.writeHead(200).end('ok'));
    expect(await post(port, { host: 'receiver.invalid' })).toEqual({ ok: true, status: 200 });
    expect(seen[0].headers.host).toBe(`receiver.invalid:${port}`);
  });

  it('answers lookups in both styles and by family', () => {
    const lookup = pinnedLookup([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    const calls: unknown[][] = [];
    lookup('any.example', { all: true }, (...args) => calls.push(args));
    lookup('any.example', { family: 6 }, (...args) => calls.push(args));
    lookup('any.example', {}, (...args) => calls.push(args));
    expect(calls).toEqual([
      [
        null,
        [
          { address: '93.184.215.14', family: 4 },
          { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
        ],
      ],
      [null, '2606:2800:21f:cb07:6820:80da:af6b:8b2c', 6],
      [null, '93.184.215.14', 4],
    ]);
  });
});

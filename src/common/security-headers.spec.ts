import type { Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { securityHeaders } from './security-headers';

function app(production: boolean): Server {
  const server = express();
  server.use(securityHeaders(production));
  server.get('/page', (_req, res) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'");
    res.send('<html></html>');
  });
  server.get('/data', (_req, res) => res.json({ ok: true }));
  return server.listen(0);
}

describe('security headers', () => {
  let servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));
  const start = (production: boolean) => {
    const s = app(production);
    servers = [...servers, s];
    return s;
  };

  it('sends nosniff, same-origin referrers and same-origin framing on every response', async () => {
    const res = await request(start(false)).get('/data').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('adds HSTS in production only', async () => {
    expect((await request(start(false)).get('/data')).headers['strict-transport-security']).toBeUndefined();
    expect((await request(start(true)).get('/data')).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it("leaves a page's own Content-Security-Policy alone and adds none elsewhere", async () => {
    const server = start(true);
    expect((await request(server).get('/page')).headers['content-security-policy']).toBe("default-src 'self'");
    expect((await request(server).get('/data')).headers['content-security-policy']).toBeUndefined();
  });
});

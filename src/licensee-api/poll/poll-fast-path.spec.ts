import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PollAnswer, SampleBody } from '../licensee-samples.service';
import { PollFastPath, PollFastPathDeps } from './poll-fast-path';

const ACTOR = { type: 'licensee' as const, id: 'licensee-1', label: 'OCM-1 key abc', licenseNumber: 'OCM-1', apiKeyId: 'key-1' };
const ETAG = '"sample-1.7"';
const BODY: SampleBody = { dto: {} as SampleBody['dto'], json: Buffer.from('{"status":"released"}') };

/** What each service knows in memory, and what its asynchronous path would answer. */
interface World {
  keyRecent: boolean;
  addressClear: boolean;
  inMemory: PollAnswer | undefined;
  leased: number;
}

function fastPath(world: World) {
  const calls = { decide: 0, verify: 0, poll: 0, throttle: 0, tokensTaken: 0 };
  const deps = {
    apiKeys: {
      verifiedRecently: () => (world.keyRecent ? ACTOR : undefined),
      verify: async () => (calls.verify++, ACTOR),
    },
    throttle: {
      apiKeyAddressKnownClear: () => world.addressClear,
      assertMayTryApiKey: async () => void calls.throttle++,
    },
    samples: {
      pollFromMemory: () => world.inMemory,
      poll: async (): Promise<PollAnswer> => (calls.poll++, { etag: ETAG, notModified: true }),
    },
    rateLimit: {
      takeLeasedToken: () => (world.leased > 0 ? (world.leased--, calls.tokensTaken++, true) : false),
      decide: async () => (calls.decide++, calls.tokensTaken++, { allowed: true, retryAfterSeconds: 0 }),
    },
    trustedProxyHops: 0,
    securityHeaders: ['X-Content-Type-Options', 'nosniff'],
  } as unknown as PollFastPathDeps;
  return { path: new PollFastPath(deps), calls };
}

function request(headers: Record<string, string> = {}) {
  const req = {
    method: 'GET',
    url: '/v1/licensee/samples/1234567890123456',
    headers: { 'x-api-key': 'lt_abc.secret', 'if-none-match': ETAG, ...headers },
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
  const written: { status?: number; headers?: string[]; body?: unknown } = {};
  const fake = {
    statusCode: 200,
    headersSent: false,
    writeHead(status: number, headers: string[]) {
      written.status = status;
      written.headers = headers;
      fake.statusCode = status;
      fake.headersSent = true;
    },
    end(body?: unknown) {
      written.body = body;
    },
    destroy: jest.fn(),
  };
  const res = fake as unknown as ServerResponse;
  return { req, res, written };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the poll fast path', () => {
  it('answers a hit from memory before the listener returns: no promise, one token', () => {
    const { path, calls } = fastPath({ keyRecent: true, addressClear: true, inMemory: { etag: ETAG, notModified: true }, leased: 5 });
    const express = jest.fn();
    const { req, res, written } = request();
    path.listener(express)(req, res);
    expect(written.status).toBe(304);
    expect(written.headers).toEqual(expect.arrayContaining(['ETag', ETAG, 'X-Content-Type-Options', 'nosniff']));
    expect(calls).toEqual({ decide: 0, verify: 0, poll: 0, throttle: 0, tokensTaken: 1 });
    expect(express).not.toHaveBeenCalled();
  });

  it('answers a 200 from memory with the body built for the version', () => {
    const { path } = fastPath({ keyRecent: true, addressClear: true, inMemory: { etag: ETAG, notModified: false, body: BODY }, leased: 1 });
    const { req, res, written } = request({ 'if-none-match': '"older"' });
    path.listener(jest.fn())(req, res);
    expect(written.status).toBe(200);
    expect(written.body).toBe(BODY.json);
    expect(written.headers).toEqual(expect.arrayContaining(['Content-Length', String(BODY.json.length)]));
  });

  it.each([
    ['the key was not verified recently', { keyRecent: false }],
    ['the address is not known clear', { addressClear: false }],
    ['the sample or its body is not in memory', { inMemory: undefined }],
  ])('when %s, takes no token in memory and answers by the full path, one token in all', async (_why, unknown) => {
    const { path, calls } = fastPath({ keyRecent: true, addressClear: true, inMemory: { etag: ETAG, notModified: true }, leased: 5, ...unknown });
    const { req, res, written } = request();
    path.listener(jest.fn())(req, res);
    expect(written.status).toBeUndefined();
    await settle();
    expect(written.status).toBe(304);
    expect(calls).toMatchObject({ decide: 1, poll: 1, throttle: 1, tokensTaken: 1 });
  });

  it('with no token leased, asks the shared budget once through the full path', async () => {
    const { path, calls } = fastPath({ keyRecent: true, addressClear: true, inMemory: { etag: ETAG, notModified: true }, leased: 0 });
    const { req, res, written } = request();
    path.listener(jest.fn())(req, res);
    await settle();
    expect(written.status).toBe(304);
    expect(calls).toMatchObject({ decide: 1, tokensTaken: 1 });
  });

  it('hands anything but a plain keyed GET to Express untouched', () => {
    const { path, calls } = fastPath({ keyRecent: true, addressClear: true, inMemory: { etag: ETAG, notModified: true }, leased: 5 });
    const express = jest.fn();
    const { req, res, written } = request({ 'x-api-key': ' ' });
    path.listener(express)(req, res);
    expect(express).toHaveBeenCalledWith(req, res);
    expect(written.status).toBeUndefined();
    expect(calls.tokensTaken).toBe(0);
  });
});

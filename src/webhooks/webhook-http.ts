import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './webhook-resolver';

/** What the delivery log may say about a failed send: generic, never the receiver's or the socket's own words. */
export type SendFailure = 'connection failed' | 'timeout' | 'response too large' | `HTTP ${number}`;

export type SendOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: SendFailure };

export interface SendLimits {
  /** Epoch milliseconds by which everything (connect, TLS, request, response) must be over. */
  deadline: number;
  /** Response bytes read before the connection is cut (the body is counted, never kept or decompressed). */
  maxResponseBytes: number;
}

export interface WebhookRequest {
  url: URL;
  /** The checked addresses: the socket connects to these and never asks DNS again. */
  addresses: ResolvedAddress[];
  body: string;
  headers: Record<string, string>;
}

/** A `lookup` that answers with the addresses already checked, so a DNS change between check and connect cannot redirect the request. */
export function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (
    _hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    if (wanted.length === 0) {
      callback(Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }), []);
      return;
    }
    if (options.all)
      callback(
        null,
        wanted.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, wanted[0].address, wanted[0].family);
  };
}

/**
 * One POST with hard limits: a wall-clock deadline (a receiver dripping a byte every few seconds is
 * cut off like a silent one), a response read of at most `maxResponseBytes` (counted on the wire,
 * `Accept-Encoding: identity`, never inflated), no redirects, no keep-alive. Resolves, never rejects.
 */
export function postWebhook(req: WebhookRequest, limits: SendLimits): Promise<SendOutcome> {
  return new Promise<SendOutcome>((resolve) => {
    const https = req.url.protocol === 'https:';
    const outgoing = (https ? httpsRequest : httpRequest)({
      method: 'POST',
      hostname: req.url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: req.url.port || (https ? 443 : 80),
      path: `${req.url.pathname}${req.url.search}`,
      headers: { ...req.headers, 'Content-Length': String(Buffer.byteLength(req.body)), 'Accept-Encoding': 'identity', Connection: 'close' },
      agent: false,
      lookup: pinnedLookup(req.addresses),
    });
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ ok: false, status: null, error: 'timeout' }), Math.max(0, limits.deadline - Date.now()));
    outgoing.on('error', () => finish({ ok: false, status: null, error: 'connection failed' }));
    outgoing.on('response', (res: IncomingMessage) => readCapped(res, limits.maxResponseBytes, finish));
    outgoing.end(req.body);
  });
}

function readCapped(res: IncomingMessage, maxBytes: number, finish: (outcome: SendOutcome) => void): void {
  const status = res.statusCode ?? 0;
  const tooLarge: SendOutcome = { ok: false, status, error: 'response too large' };
  if (Number(res.headers['content-length'] ?? 0) > maxBytes) return finish(tooLarge);
  let read = 0;
  res.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > maxBytes) finish(tooLarge);
  });
  res.on('error', () => finish({ ok: false, status, error: 'connection failed' }));
  res.on('aborted', () => finish({ ok: false, status, error: 'connection failed' }));
  res.on('end', () => finish(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` }));
}

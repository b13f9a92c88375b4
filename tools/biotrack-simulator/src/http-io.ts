import { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { SimError } from './errors';

export interface Reply {
  status: number;
  body?: unknown;
  /** Bytes sent as they are, instead of a JSON body. */
  raw?: { bytes: Buffer; contentType: string };
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The license of the caller's session (set for session-authenticated routes). */
  license: string;
}

export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Reads at most `limit` bytes but drains the rest, so an oversized upload gets a clean 413
 * instead of a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), tooLarge: size > limit }));
    req.on('error', reject);
  });
}

/** The body as a JSON object; an empty body reads as {} so a missing field is reported by name. */
export function jsonBody(ctx: RequestContext): unknown {
  const type = ctx.headers['content-type'];
  if (ctx.body.length === 0) return {};
  if (type && !/^application\/json\s*(;|$)/i.test(type)) {
    throw new SimError(415, 'validation', `content-type must be application/json, not ${type}`, [{ field: 'body', message: 'must be application/json' }]);
  }
  try {
    return JSON.parse(ctx.body.toString('utf8'));
  } catch {
    throw new SimError(422, 'validation', 'body is not valid JSON', [{ field: 'body', message: 'is not valid JSON' }]);
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  if (reply.raw) {
    res.writeHead(reply.status, { ...reply.headers, 'content-type': reply.raw.contentType, 'content-length': reply.raw.bytes.length });
    res.end(reply.raw.bytes);
    return;
  }
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    ...(text && { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export const errorReply = (error: SimError): Reply => ({ status: error.status, body: error.body(), headers: error.headers });

export const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

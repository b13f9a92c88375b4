import { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** One answer: a JSON body, a text/plain body, raw bytes, or nothing (Metrc's empty 200). */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
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
  /** The vendor key of an authenticated call. */
  vendorKey: string;
  /** The facilities the user key may act for (set once authenticated). */
  licenses: string[];
  /** `licenseNumber` once checked against the user key's facilities ('' on id-scoped calls). */
  license: string;
}

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

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  let bytes: Buffer;
  let contentType: string | undefined;
  if (reply.raw) {
    bytes = reply.raw.bytes;
    contentType = reply.raw.contentType;
  } else if (reply.text !== undefined) {
    bytes = Buffer.from(reply.text, 'utf8');
    contentType = 'text/plain; charset=utf-8';
  } else if (reply.json !== undefined) {
    bytes = Buffer.from(JSON.stringify(reply.json), 'utf8');
    contentType = 'application/json; charset=utf-8';
  } else {
    bytes = Buffer.alloc(0);
  }
  res.writeHead(reply.status, { ...reply.headers, ...(contentType && { 'content-type': contentType }), 'content-length': bytes.length });
  res.end(bytes);
}

export const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

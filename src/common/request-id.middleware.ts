import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { RequestContext } from './request-context';

const SAFE_ID = /^[\w.:-]{1,100}$/;

/** The caller's X-Request-Id when it is safe, else a new one (also the poll fast path's). */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** Accepts a caller's X-Request-Id when it is safe, else makes one; echoes it and keeps it in context. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const id = requestIdOf(req.headers);
  (req as unknown as { id: string }).id = id;
  res.setHeader('X-Request-Id', id);
  RequestContext.run(id, next);
}

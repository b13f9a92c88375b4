import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { RequestContext } from './request-context';

const SAFE_ID = /^[\w.:-]{1,100}$/;

/** Accepts a caller's X-Request-Id when it is safe, else makes one; echoes it and keeps it in context. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  (req as unknown as { id: string }).id = id;
  res.setHeader('X-Request-Id', id);
  RequestContext.run(id, next);
}

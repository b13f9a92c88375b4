import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../database/database-unavailable';
import { isRedisUnavailable, REDIS_UNAVAILABLE_MESSAGE } from '../queue/redis-unavailable';
import { databaseRefusal, type DatabaseRefusal } from './database-refusal';
import { DomainError } from './domain-error';
import { RequestContext } from './request-context';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  details?: unknown;
  requestId?: string;
}

/** `instanceof DomainError` alone narrows to DomainError<any>; every module's code is a string enum. */
function isDomainError(exception: unknown): exception is DomainError {
  return exception instanceof DomainError;
}

/** A dependency gone away (the database, or Redis on a path that let its error through) as a 503 body. */
function outageBody(exception: unknown, requestId?: string): ErrorBody | null {
  if (exception instanceof HttpException || isDomainError(exception)) return null;
  if (isDatabaseUnavailable(exception)) return { statusCode: 503, error: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, requestId };
  if (isRedisUnavailable(exception)) return { statusCode: 503, error: 'REDIS_UNAVAILABLE', message: REDIS_UNAVAILABLE_MESSAGE, requestId };
  return null;
}

/** A guard trigger's refusal or a lost concurrency race (a database error, never a module's or Nest's own). */
function refusalOf(exception: unknown): DatabaseRefusal | null {
  if (exception instanceof HttpException || isDomainError(exception)) return null;
  return databaseRefusal(exception);
}

function refusalBody(refusal: DatabaseRefusal, requestId?: string): ErrorBody {
  return {
    statusCode: refusal.statusCode,
    error: refusal.error,
    message: refusal.message,
    requestId,
  };
}

/**
 * The one place errors become HTTP. Module errors carry their status; Nest's HttpExceptions keep theirs;
 * a database guard's refusal is a 409 RECORD_FROZEN (see database-refusal.ts); anything else is a 500
 * with the request id to find it in the logs, never a guessed 400.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const requestId = RequestContext.requestId() ?? (req as unknown as { id?: string }).id;
    // An outage is not a bug: 503 + Retry-After tells the client to come back, and the log stays short.
    const outage = outageBody(exception, requestId);
    const refusal = outage ? null : refusalOf(exception);
    const body = outage ?? (refusal ? refusalBody(refusal, requestId) : this.toBody(exception, requestId));
    if (refusal) {
      // A guard's refusal means a code path tried to change a frozen record; a deadlock, a lock-order fault. Both are bugs to alert on.
      this.logger.error({
        msg: refusal.error === 'RECORD_FROZEN' ? 'database guard refused a change' : 'transaction rolled back by a concurrency conflict',
        requestId,
        path: req.url,
        guard: refusal.guard,
        err: { message: refusal.databaseMessage, stack: (exception as Error).stack },
      });
    } else if (outage || body.statusCode === 503) {
      // A deliberate "unavailable" (the database, or Redis for sign-in): one warning line, no stack.
      this.logger.warn({ msg: 'unavailable', requestId, path: req.url, err: (exception as Error).message });
    } else if (body.statusCode >= 500) {
      this.logger.error({
        msg: 'unhandled error',
        requestId,
        path: req.url,
        err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception,
      });
    }
    if (res.headersSent) return;
    const retryAfter = outage ? DATABASE_RETRY_AFTER_SECONDS : (exception as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId?: string): ErrorBody {
    if (isDomainError(exception)) {
      return { statusCode: exception.status, error: exception.code, message: exception.message, ...(exception.details ? { details: exception.details } : {}) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const r = exception.getResponse();
      if (typeof r === 'string') return { statusCode: status, error: exception.name, message: r };
      const o = r as Record<string, unknown>;
      return {
        statusCode: status,
        error: (o.error as string) ?? exception.name,
        message: (o.message as string | string[]) ?? exception.message,
        ...(o.details ? { details: o.details } : {}),
      };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Unexpected error; quote the request id to support', requestId };
  }
}

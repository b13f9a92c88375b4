import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ErrorBody } from './all-exceptions.filter';
import { counter } from './metrics';
import { RequestContext } from './request-context';
import { findInputProblem, InputProblem, MAX_JSON_DEPTH } from './untrusted-input';

/**
 * Header lines kept per request (Node's default is 2000); Node itself refuses more than 16 KiB of
 * headers with 431, so together they bound what a request's head can cost.
 */
export const MAX_HEADER_PAIRS = 100;

/** The largest JSON body any route takes; a full results entry is well below it. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** "1 MiB (1048576 bytes)": a limit as a person reads it, with the exact figure. */
export function describeBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  const [size, unit] = units.find(([n]) => bytes >= n && bytes % n === 0) ?? [1, 'bytes'];
  return size === 1 ? `${bytes} bytes` : `${bytes / size} ${unit} (${bytes} bytes)`;
}

/** body-parser's error, as far as it is read here (http-errors sets status, type and, for too large, limit). */
interface ParserError {
  status?: number;
  type?: string;
  limit?: number;
  message?: string;
  /** The text that failed to parse. */
  body?: string;
}

function send(req: Request, res: Response, body: ErrorBody): void {
  if (res.headersSent) return;
  const requestId = RequestContext.requestId() ?? (req as unknown as { id?: string }).id;
  res.status(body.statusCode).json({ ...body, ...(requestId ? { requestId } : {}) });
}

function badInput(req: Request, res: Response, problem: InputProblem): void {
  const details = [{ field: problem.field, message: problem.message }];
  send(req, res, {
    statusCode: 400,
    error: 'Bad Request',
    message: [problem.message],
    details: problem.kind === 'too_deep' ? [{ ...details[0], maxDepth: MAX_JSON_DEPTH }] : details,
  });
}

/** Where JSON.parse gave up, in words that do not change with the Node version. */
function whereJsonBroke(message: string, body: string | undefined): string {
  const at = /position (\d+)/.exec(message);
  const ended = /end of (JSON )?input/i.test(message) || (at !== null && body !== undefined && Number(at[1]) >= body.trimEnd().length);
  if (ended) return 'it ends before the JSON is complete';
  return at ? `unexpected character at position ${at[1]}` : 'it does not parse';
}

/** body-parser's failures in the house error shape: the caller learns what to fix, never a 404 or a 500. */
export function parserErrorBody(raw: unknown): ErrorBody {
  const error: ParserError = typeof raw === 'object' && raw !== null ? raw : {};
  switch (error.type) {
    case 'entity.too.large': {
      const limit = error.limit ?? MAX_JSON_BODY_BYTES;
      return {
        statusCode: 413,
        error: 'Payload Too Large',
        message: `The request body is larger than the limit of ${describeBytes(limit)}.`,
        details: { maxBytes: limit },
      };
    }
    case 'entity.parse.failed':
      return { statusCode: 400, error: 'Bad Request', message: `The request body is not valid JSON (${whereJsonBroke(error.message ?? '', error.body)}).` };
    case 'request.aborted':
    case 'request.size.invalid':
      return { statusCode: 400, error: 'Bad Request', message: 'The request body is shorter or longer than its Content-Length says.' };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { statusCode: 415, error: 'Unsupported Media Type', message: `${error.message ?? 'Unsupported encoding'}; send UTF-8 JSON.` };
    default:
      if (error.status && error.status >= 400 && error.status < 500) {
        return { statusCode: error.status, error: 'Bad Request', message: 'The request body could not be read.' };
      }
      return { statusCode: 400, error: 'Bad Request', message: 'The request body could not be read.' };
  }
}

/** Runs a body-parser middleware and answers its errors here, before Express's error chain (whose static-file fallback turns them into 404). */
function answeringErrors(name: string, parser: RequestHandler): RequestHandler {
  const handler: RequestHandler = (req, res, next) => {
    void parser(req, res, (error?: unknown) => {
      if (error) return send(req, res, parserErrorBody(error));
      next();
    });
  };
  // Nest skips registering its own parser when one of this name is already in the stack.
  return Object.defineProperty(handler, 'name', { value: name });
}

/** 415 for a body no route reads (text/plain, XML, a form, no type): it would reach validation as {} and be refused for the wrong reason. */
function unsupportedMediaType(req: Request, res: Response): void {
  const type = req.headers['content-type'];
  send(req, res, {
    statusCode: 415,
    error: 'Unsupported Media Type',
    message: `Send the body as JSON (Content-Type: application/json), or a file upload as multipart/form-data; got ${type ? `"${type.slice(0, 100)}"` : 'no Content-Type'}.`,
  });
}

/**
 * Forms (application/x-www-form-urlencoded) are not read: the console and clients send JSON, and a form
 * is what another site's page can post without a CORS preflight. Named so Nest does not add its own
 * urlencoded parser behind this one.
 */
const refuseForms: RequestHandler = Object.defineProperty(
  (req: Request, res: Response, next: NextFunction) => (carriesBody(req) && req.is('urlencoded') ? unsupportedMediaType(req, res) : next()),
  'name',
  { value: 'urlencodedParser' },
);

/** A body of at least one byte is coming (an empty POST, Content-Length: 0, is no body). */
function carriesBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** A path segment that does not decode (bad %-escape, invalid UTF-8) would make the router throw a URIError. */
function pathProblem(path: string): string | null {
  for (const segment of path.split('/')) {
    try {
      decodeURIComponent(segment);
    } catch {
      return 'The URL path is not valid percent-encoded UTF-8.';
    }
  }
  return null;
}

const bodyTimeouts = counter('labtrace_request_body_timeouts_total', 'JSON or form bodies cut (408) because they did not arrive in time');

/**
 * A JSON or form body must have arrived `timeoutMs` after its headers did, or it is answered 408 and the
 * connection closed: a stalled or dripping client then holds a connection for that long, not Node's 300 s.
 * Uploads (multipart) are skipped: theirs is counted from when they get an upload slot (upload-limits.ts).
 */
function bodyDeadline(timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    if (!carriesBody(req) || req.is('multipart')) return next();
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      bodyTimeouts.inc();
      // Node closes the connection once the answer is sent; the parser still waiting then gives up, unanswered twice.
      res.setHeader('Connection', 'close');
      const message = `The request body did not arrive within ${timeoutMs / 1000} s of its headers; send it again in one go.`;
      send(req, res, { statusCode: 408, error: 'Request Timeout', message, details: { timeoutMs } });
    }, timeoutMs);
    const stop = () => clearTimeout(timer);
    req.once('end', stop);
    res.once('close', stop);
    next();
  };
}

/**
 * The request's parsers and the first checks on what they produce, in the order they must run:
 * a deadline for the body to arrive, then JSON bodies read with a stated size limit (forms refused), then the path, query and body refused
 * when they nest too deep or hold text the database must never see (NUL, unpaired surrogates),
 * each answered 400/413/415 in the house shape with the field named. Registered before Nest's own
 * parsers (which then find the body read and skip it) so no guard, pipe or service sees such input.
 */
export function requestBodyMiddleware(options: { bodyTimeoutMs: number }): RequestHandler[] {
  const jsonParser = answeringErrors('jsonParser', express.json({ limit: MAX_JSON_BODY_BYTES }));
  const checkInput = (req: Request, res: Response, next: NextFunction): void => {
    const badPath = pathProblem(req.path);
    if (badPath) return send(req, res, { statusCode: 400, error: 'Bad Request', message: [badPath], details: [{ field: 'path', message: badPath }] });
    if (carriesBody(req) && !req.is(['json', 'multipart'])) return unsupportedMediaType(req, res);
    const problem = findInputProblem(req.query) ?? findInputProblem(req.body);
    if (problem) return badInput(req, res, problem);
    next();
  };
  return [bodyDeadline(options.bodyTimeoutMs), jsonParser, refuseForms, checkInput];
}

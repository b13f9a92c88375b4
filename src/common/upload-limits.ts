import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { Observable } from 'rxjs';
import { AppConfig } from '../config/app-config';
import type { Actor } from './actor';
import { counter, gauge } from './metrics';
import { describeBytes } from './request-body';
import { textProblem } from './untrusted-input';
import { UploadSlotRefusal, UploadSlots } from './upload-slots';

/**
 * What one multipart upload may hold besides its file: a few short text fields (an instrument import
 * names up to eight: format, dryRun, cqCutoff, columnMapping as JSON, instrument, methods, analysedAt,
 * reason; `methods` may come repeated, one per group), each part with a handful of headers. Anything
 * beyond is refused while the stream is read, before a byte of it is kept.
 */
export const UPLOAD_FORM_LIMITS = {
  /** Text fields. */
  fields: 12,
  /** Bytes of one text field's value (a column mapping as JSON is the longest). */
  fieldSize: 16 * 1024,
  /** Bytes of a field's name. */
  fieldNameSize: 100,
  /** Fields and files together. */
  parts: 14,
  /** Header lines of one part. */
  headerPairs: 20,
  /** Flat forms only: `a[b]` names are refused rather than built into objects. */
  fieldNestingDepth: 0,
} as const;

export interface UploadRefusal {
  statusCode: 400 | 408 | 413 | 429 | 503;
  error: 'FILE_TOO_LARGE' | 'UPLOAD_LIMIT' | 'INVALID_UPLOAD' | 'UPLOAD_TIMEOUT' | 'TOO_MANY_UPLOADS' | 'UPLOADS_BUSY';
  message: string;
  details?: Record<string, unknown>;
}

/** Retry-After of an upload refused for want of a slot: slots free as uploads finish, usually within seconds. */
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

/** No slot: the user holds their share (429), or the process holds all it takes (503). */
export function slotRefusal(refused: UploadSlotRefusal): UploadRefusal {
  return refused.scope === 'user'
    ? {
        statusCode: 429,
        error: 'TOO_MANY_UPLOADS',
        message: `You already have ${refused.limit} uploads in progress, the most one user may send at once; send this one when one of them has finished.`,
        details: { maxConcurrentUploadsPerUser: refused.limit },
      }
    : {
        statusCode: 503,
        error: 'UPLOADS_BUSY',
        message: `The server is already receiving ${refused.limit} uploads, the most it takes at once; try again shortly.`,
        details: { maxConcurrentUploads: refused.limit },
      };
}

/** The body did not arrive in time (a stalled or dripping client, or a link far too slow for the file). */
export function bodyTimeoutRefusal(timeoutMs: number): UploadRefusal {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return {
    statusCode: 408,
    error: 'UPLOAD_TIMEOUT',
    message: `The upload did not arrive within ${seconds} s and was cut off; nothing was stored. Send it again.`,
    details: { timeoutMs },
  };
}

/** A multer or busboy failure in words that state the limit broken (413) or what is malformed (400). */
export function uploadRefusal(error: unknown, field: string, maxBytes: number): UploadRefusal | null {
  if (error instanceof MulterError) {
    const named = error.field ? ` ("${error.field}")` : '';
    // @types/multer lags multer 2's codes (LIMIT_FIELD_NESTING, LIMIT_FIELD_ARRAY_INDEX).
    switch (error.code as string) {
      case 'LIMIT_FILE_SIZE':
        return { statusCode: 413, error: 'FILE_TOO_LARGE', message: `The file is larger than the upload limit of ${maxBytes} bytes.`, details: { maxBytes } };
      case 'LIMIT_FIELD_VALUE':
        return {
          statusCode: 413,
          error: 'UPLOAD_LIMIT',
          message: `A form field${named} is longer than the limit of ${describeBytes(UPLOAD_FORM_LIMITS.fieldSize)}.`,
          details: { field: error.field, maxFieldBytes: UPLOAD_FORM_LIMITS.fieldSize },
        };
      case 'LIMIT_FIELD_COUNT':
        return {
          statusCode: 413,
          error: 'UPLOAD_LIMIT',
          message: `The form has more text fields than the limit of ${UPLOAD_FORM_LIMITS.fields}.`,
          details: { maxFields: UPLOAD_FORM_LIMITS.fields },
        };
      case 'LIMIT_PART_COUNT':
        return {
          statusCode: 413,
          error: 'UPLOAD_LIMIT',
          message: `The form has more parts than the limit of ${UPLOAD_FORM_LIMITS.parts}.`,
          details: { maxParts: UPLOAD_FORM_LIMITS.parts },
        };
      case 'LIMIT_FIELD_KEY':
        return {
          statusCode: 413,
          error: 'UPLOAD_LIMIT',
          message: `A form field's name is longer than the limit of ${UPLOAD_FORM_LIMITS.fieldNameSize} bytes.`,
          details: { maxFieldNameBytes: UPLOAD_FORM_LIMITS.fieldNameSize },
        };
      case 'LIMIT_FIELD_NESTING':
      case 'LIMIT_FIELD_ARRAY_INDEX':
        return { statusCode: 400, error: 'INVALID_UPLOAD', message: `Form field names are plain names; ${named.trim() || 'a field'} has brackets.` };
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_UNEXPECTED_FILE':
        return {
          statusCode: 400,
          error: 'INVALID_UPLOAD',
          message: `Send exactly one file, in the multipart field "${field}".`,
          details: { field: error.field },
        };
      default:
        return { statusCode: 400, error: 'INVALID_UPLOAD', message: `The upload is not a valid multipart form (${error.message}).` };
    }
  }
  // multer's: the client hung up mid-body. Nobody reads the answer; it is no server fault to log as one.
  if (error instanceof Error && /^Request (aborted|closed)$/.test(error.message)) {
    return { statusCode: 400, error: 'INVALID_UPLOAD', message: 'The connection closed before the whole form arrived.' };
  }
  // busboy's own errors (no boundary, a malformed part header, a form cut short) are the caller's.
  if (error instanceof Error && /multipart|boundary|part header|end of form|end of file/i.test(error.message)) {
    return { statusCode: 400, error: 'INVALID_UPLOAD', message: `The upload is not a valid multipart form (${error.message}).` };
  }
  return null;
}

/** A refusal in the house shape; the filter sends `retryAfterSeconds` as Retry-After. */
class UploadRefusedException extends HttpException {
  constructor(
    refusal: UploadRefusal,
    readonly retryAfterSeconds?: number,
  ) {
    super(refusal, refusal.statusCode);
  }
}

const uploadsReceiving = gauge('labtrace_uploads_in_flight', 'Uploads holding a slot: being received, then parsed');
const uploadRefusals = counter('labtrace_upload_refusals_total', 'Uploads refused before or while their body was read', ['reason']);

/** Whose upload it is: the signed-in user (guards have run), else the client address. */
function uploaderOf(req: Request): string {
  const actor = (req as Request & { actor?: Actor }).actor;
  return actor?.id ? `${actor.type}:${actor.id}` : `address:${req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * The one multipart interceptor of every upload route: one file in `field`, held in memory up to
 * `maxBytes` (default MAX_UPLOAD_BYTES), the form limits above, and refusals that state the limit,
 * in the shape module errors have (`error` is a code: FILE_TOO_LARGE, UPLOAD_LIMIT, INVALID_UPLOAD).
 *
 * Before a byte of the body is read the upload takes a slot (MAX_CONCURRENT_UPLOADS per process,
 * MAX_CONCURRENT_UPLOADS_PER_USER per user; beyond, 503 or 429 with Retry-After at once), held until
 * the response is over or the connection is gone, however the request ended. The body must then
 * arrive within UPLOAD_BODY_TIMEOUT_MS, or the upload is answered 408 and its connection closed.
 */
export function SingleFileUpload(options: { field?: string; maxBytes?: number } = {}): Type<NestInterceptor> {
  const field = options.field ?? 'file';

  @Injectable()
  class SingleFileUploadInterceptor implements NestInterceptor {
    private readonly maxBytes: number;
    private readonly bodyTimeoutMs: number;
    private readonly upload: RequestHandler;

    constructor(
      @Inject(AppConfig) config: AppConfig,
      // One per app (ParsingModule's), shared by every upload route.
      @Inject(UploadSlots) private readonly slots: UploadSlots,
    ) {
      this.maxBytes = options.maxBytes ?? config.maxUploadBytes;
      this.bodyTimeoutMs = config.uploads.bodyTimeoutMs;
      this.upload = multer({ storage: multer.memoryStorage(), limits: { ...UPLOAD_FORM_LIMITS, fileSize: this.maxBytes, files: 1 } }).single(field);
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const http = context.switchToHttp();
      const req = http.getRequest<Request>();
      const res = http.getResponse<Response>();
      this.takeSlot(req, res);
      await this.receive(req, res);
      // The file's name is stored with the import: it must be text PostgreSQL can hold, like any field.
      const problem = req.file ? textProblem(req.file.originalname, `${field} name`) : null;
      if (problem)
        throw new HttpException({ statusCode: 400, error: 'INVALID_UPLOAD', message: problem.message, details: [{ field, message: problem.message }] }, 400);
      return next.handle();
    }

    /** A slot until the response is over or the connection gone ('close' is emitted for both), or a refusal. */
    private takeSlot(req: Request, res: Response): void {
      const slot = this.slots.take(uploaderOf(req));
      if (!slot.taken) {
        uploadRefusals.inc({ reason: slot.scope === 'user' ? 'user_busy' : 'busy' });
        // The body is not wanted: close the connection after the answer rather than read the rest of it.
        res.setHeader('Connection', 'close');
        throw new UploadRefusedException(slotRefusal(slot), UPLOAD_RETRY_AFTER_SECONDS);
      }
      uploadsReceiving.inc();
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        slot.release();
        uploadsReceiving.dec();
      };
      // A client that hung up while the guards ran has already had its 'close'.
      if (res.closed) release();
      else res.once('close', release);
    }

    /** Reads the form into req.file and req.body, within the body deadline. */
    private receive(req: Request, res: Response): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        let settled = false;
        const settle = (error?: Error) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          if (error) reject(error);
          else resolve();
        };
        const deadline = setTimeout(() => {
          uploadRefusals.inc({ reason: 'timeout' });
          // Node ends the connection once the 408 is sent; multer then lets go of what it had buffered.
          res.setHeader('Connection', 'close');
          settle(new UploadRefusedException(bodyTimeoutRefusal(this.bodyTimeoutMs)));
        }, this.bodyTimeoutMs);
        void this.upload(req, res, (error?: unknown) => {
          if (!error) return settle();
          const refusal = uploadRefusal(error, field, this.maxBytes);
          if (!refusal) return settle(error instanceof Error ? error : new Error('multipart upload failed'));
          settle(new UploadRefusedException(refusal));
        });
      });
    }
  }
  return mixin(SingleFileUploadInterceptor);
}

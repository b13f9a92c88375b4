import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { Observable } from 'rxjs';
import { AppConfig } from '../config/app-config';
import { describeBytes } from './request-body';
import { textProblem } from './untrusted-input';

/**
 * What one multipart upload may hold besides its file: a few short text fields (format, dryRun,
 * sampleId, instrument, a column mapping as JSON), each part with a handful of headers. Anything
 * beyond is refused while the stream is read, before a byte of it is kept.
 */
export const UPLOAD_FORM_LIMITS = {
  /** Text fields. */
  fields: 8,
  /** Bytes of one text field's value (a column mapping as JSON is the longest). */
  fieldSize: 16 * 1024,
  /** Bytes of a field's name. */
  fieldNameSize: 100,
  /** Fields and files together. */
  parts: 10,
  /** Header lines of one part. */
  headerPairs: 20,
  /** Flat forms only: `a[b]` names are refused rather than built into objects. */
  fieldNestingDepth: 0,
} as const;

export interface UploadRefusal {
  statusCode: 400 | 413;
  error: 'FILE_TOO_LARGE' | 'UPLOAD_LIMIT' | 'INVALID_UPLOAD';
  message: string;
  details?: Record<string, unknown>;
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
  // busboy's own errors (no boundary, a malformed part header, a form cut short) are the caller's.
  if (error instanceof Error && /multipart|boundary|part header|end of form|end of file/i.test(error.message)) {
    return { statusCode: 400, error: 'INVALID_UPLOAD', message: `The upload is not a valid multipart form (${error.message}).` };
  }
  return null;
}

/**
 * The one multipart interceptor of every upload route: one file in `field`, held in memory up to
 * `maxBytes` (default MAX_UPLOAD_BYTES), the form limits above, and refusals that state the limit,
 * in the shape module errors have (`error` is a code: FILE_TOO_LARGE, UPLOAD_LIMIT, INVALID_UPLOAD).
 */
export function SingleFileUpload(options: { field?: string; maxBytes?: number } = {}): Type<NestInterceptor> {
  const field = options.field ?? 'file';

  @Injectable()
  class SingleFileUploadInterceptor implements NestInterceptor {
    private readonly maxBytes: number;
    private readonly upload: RequestHandler;

    constructor(@Inject(AppConfig) config: AppConfig) {
      this.maxBytes = options.maxBytes ?? config.maxUploadBytes;
      this.upload = multer({ storage: multer.memoryStorage(), limits: { ...UPLOAD_FORM_LIMITS, fileSize: this.maxBytes, files: 1 } }).single(field);
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const http = context.switchToHttp();
      const req = http.getRequest<Request>();
      await new Promise<void>((resolve, reject) => {
        void this.upload(req, http.getResponse<Response>(), (error?: unknown) => {
          if (!error) return resolve();
          const refusal = uploadRefusal(error, field, this.maxBytes);
          if (!refusal) return reject(error instanceof Error ? error : new Error('multipart upload failed'));
          reject(new HttpException(refusal, refusal.statusCode));
        });
      });
      // The file's name is stored with the import: it must be text PostgreSQL can hold, like any field.
      const problem = req.file ? textProblem(req.file.originalname, `${field} name`) : null;
      if (problem)
        throw new HttpException({ statusCode: 400, error: 'INVALID_UPLOAD', message: problem.message, details: [{ field, message: problem.message }] }, 400);
      return next.handle();
    }
  }
  return mixin(SingleFileUploadInterceptor);
}

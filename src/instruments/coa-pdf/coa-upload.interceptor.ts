import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';

/**
 * Nest's multipart handling for the one `file` field, with the size limit from configuration
 * (MAX_UPLOAD_BYTES) rather than a constant, and its errors in the module's terms: a clear 413.
 */
@Injectable()
export class CoaUploadInterceptor implements NestInterceptor {
  private readonly upload: NestInterceptor;
  private readonly maxBytes: number;

  constructor(config: AppConfig) {
    this.maxBytes = config.maxUploadBytes;
    const Upload = FileInterceptor('file', { limits: { fileSize: this.maxBytes, files: 1, fields: 8, fieldSize: 1024 } });
    this.upload = new Upload();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.upload.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw new InstrumentsError(InstrumentsErrorCode.FILE_TOO_LARGE, `The file is larger than the upload limit of ${this.maxBytes} bytes.`, {
          maxBytes: this.maxBytes,
        });
      }
      if (error instanceof BadRequestException) {
        throw new InstrumentsError(
          InstrumentsErrorCode.INVALID_IMPORT_REQUEST,
          `The upload is not a valid multipart form with one "file" field (${error.message}).`,
        );
      }
      throw error;
    }
  }
}

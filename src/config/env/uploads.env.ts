import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInt } from './env-part';

/** Uploaded files: their size, and the pool of threads that parse them. */
export class UploadsEnv {
  static readonly withoutDefault: readonly (keyof UploadsEnv)[] = [];

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

  /** Threads that parse uploaded files (instrument exports, COA PDFs, rule set files): also the cap on concurrent PDF extraction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(32)
  PARSE_WORKERS = 2;

  /** Uploads waiting for a parsing thread; one more is refused with 503 and Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  PARSE_QUEUE_MAX = 8;

  /** Wall-clock budget for parsing one file; a parser still running is stopped and the upload refused (422). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  PARSE_TIME_BUDGET_MS = 20000;

  /** Heap cap of each parsing thread, in MB. */
  @Transform(toInt)
  @IsInt()
  @Min(32)
  @Max(8192)
  PARSE_MEMORY_MB = 256;
}

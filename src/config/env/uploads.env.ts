import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import { toInt } from './env-part';

/** Uploaded files: their size, how many are received at once and for how long, and the pool of threads that parse them. */
export class UploadsEnv {
  static readonly withoutDefault: readonly (keyof UploadsEnv)[] = [];

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

  /**
   * Uploads one API process receives (and then parses) at once; one more is refused at once with 503
   * and Retry-After, before a byte of its body is read. Each holds up to MAX_UPLOAD_BYTES in memory.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_CONCURRENT_UPLOADS = 8;

  /** Of those, what one user (all their sessions and tabs) may have at once; one more is refused with 429 and Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @ValidateBy({
    name: 'notAboveProcessCap',
    validator: {
      validate: (value: unknown, args) => typeof value === 'number' && value <= (args?.object as UploadsEnv).MAX_CONCURRENT_UPLOADS,
      defaultMessage: () => 'MAX_CONCURRENT_UPLOADS_PER_USER must not be more than MAX_CONCURRENT_UPLOADS',
    },
  })
  MAX_CONCURRENT_UPLOADS_PER_USER = 3;

  /**
   * Wall-clock time to receive one upload's whole body, from when its slot is taken: a stalled or dripping
   * upload is cut (408) instead of holding its memory and its slot. 60 s takes 20 MB at about 3 Mbit/s.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(300000, { message: 'UPLOAD_BODY_TIMEOUT_MS must not be more than 300000 (5 minutes)' })
  UPLOAD_BODY_TIMEOUT_MS = 60000;

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

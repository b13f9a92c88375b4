import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { toInt } from './env-part';

/** Which state system the lab reports to, and BioTrack-NY (the default): where, whose credentials, how hard to push. */
export class BiotrackEnv {
  static readonly withoutDefault: readonly (keyof BiotrackEnv)[] = [];

  @IsIn(['biotrack', 'metrc'], { message: 'TRACEABILITY_ADAPTER must be biotrack or metrc' })
  TRACEABILITY_ADAPTER = 'biotrack';

  @IsUrl({ require_tld: false, require_protocol: true })
  BIOTRACK_BASE_URL = 'http://127.0.0.1:4010';

  @IsString()
  @MinLength(1)
  BIOTRACK_API_KEY = 'sim-integrator-key';

  @IsString()
  @MinLength(1)
  BIOTRACK_USERNAME = 'lab@sim';

  @IsString()
  @MinLength(1)
  BIOTRACK_PASSWORD = 'sim-password';

  @Matches(/^OCM-[A-Z]+-\d{2}-\d{6}$/, { message: 'BIOTRACK_LICENSE must look like OCM-LAB-25-000007' })
  BIOTRACK_LICENSE = 'OCM-LAB-25-000007';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  BIOTRACK_TIMEOUT_MS = 10000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  BIOTRACK_RATE_PER_SECOND = 10;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  BIOTRACK_MAX_RETRIES = 5;

  /** First retry waits up to this long; each later one doubles the ceiling (full jitter). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  BIOTRACK_RETRY_BASE_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  BIOTRACK_RETRY_MAX_MS = 30000;
}

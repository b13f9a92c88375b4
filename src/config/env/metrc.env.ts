import { Transform } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, IsTimeZone, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import type { BiotrackEnv } from './biotrack.env';
import { toInt } from './env-part';

/** Required, and only read, when TRACEABILITY_ADAPTER=metrc. */
const METRC_REQUIRED = ['METRC_BASE_URL', 'METRC_VENDOR_KEY', 'METRC_USER_KEY', 'METRC_LICENSE'] as const;

/** TRACEABILITY_ADAPTER lives with BioTrack's variables; it is validated there. */
type MetrcChosen = Pick<BiotrackEnv, 'TRACEABILITY_ADAPTER'>;

/** Metrc as the state system: its address and keys, its published limits, and how transfers are polled. */
export class MetrcEnv {
  static readonly withoutDefault: readonly (keyof MetrcEnv)[] = [...METRC_REQUIRED, 'METRC_TEST_TYPE_MAP'];

  /** Metrc (TRACEABILITY_ADAPTER=metrc): where, whose keys, which facility; required only for that adapter. */
  @ValidateIf((e: MetrcChosen) => e.TRACEABILITY_ADAPTER === 'metrc')
  @IsDefined({ message: 'METRC_BASE_URL is required when TRACEABILITY_ADAPTER=metrc' })
  @IsUrl({ require_tld: false, require_protocol: true })
  METRC_BASE_URL?: string;

  @ValidateIf((e: MetrcChosen) => e.TRACEABILITY_ADAPTER === 'metrc')
  @IsDefined({ message: 'METRC_VENDOR_KEY is required when TRACEABILITY_ADAPTER=metrc' })
  @IsString()
  @MinLength(1)
  METRC_VENDOR_KEY?: string;

  @ValidateIf((e: MetrcChosen) => e.TRACEABILITY_ADAPTER === 'metrc')
  @IsDefined({ message: 'METRC_USER_KEY is required when TRACEABILITY_ADAPTER=metrc' })
  @IsString()
  @MinLength(1)
  METRC_USER_KEY?: string;

  @ValidateIf((e: MetrcChosen) => e.TRACEABILITY_ADAPTER === 'metrc')
  @IsDefined({ message: 'METRC_LICENSE is required when TRACEABILITY_ADAPTER=metrc' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, { message: 'METRC_LICENSE must be a license number such as OCM-LAB-25-000007' })
  METRC_LICENSE?: string;

  /** The test-type map to use by name (src/metrc/data/<name>.test-types.json); unset: the latest in force. */
  @IsOptional()
  @Matches(/^[\w.-]+$/)
  METRC_TEST_TYPE_MAP?: string;

  /** The zone of Metrc's times that carry no offset [I]: NY Metrc is assumed to answer in New York time. */
  @IsTimeZone()
  METRC_TIME_ZONE = 'America/New_York';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  METRC_TIMEOUT_MS = 15000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  METRC_MAX_RETRIES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_RETRY_BASE_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_RETRY_MAX_MS = 30000;

  /** Metrc's GET limits [S] (POST and PUT are not counted): per facility and per vendor key, rate and in flight. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_GET_RATE_PER_FACILITY = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_GET_RATE_PER_VENDOR_KEY = 150;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_GET_CONCURRENCY_PER_FACILITY = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_GET_CONCURRENCY_PER_VENDOR_KEY = 30;

  /** v2 paging: at most 20 per page [C]. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  METRC_PAGE_SIZE = 20;

  /** How far back the first transfer poll after a start looks, and how much each poll overlaps the last. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  METRC_INTAKE_LOOKBACK_HOURS = 72;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  METRC_INTAKE_OVERLAP_MINUTES = 10;
}

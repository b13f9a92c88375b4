import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { toInt } from './env-part';

/** The audit hash chain: the keys that sign its heads, and how often the worker links and signs. */
export class AuditEnv {
  static readonly withoutDefault: readonly (keyof AuditEnv)[] = [];

  /**
   * HMAC key for the audit chain's signed heads, kept outside the database (docs/backup-restore.md).
   * Empty: the key is read from AUDIT_HEAD_KEY_FILE when that file exists (scripts/start.sh creates it).
   */
  @ValidateIf((e: AuditEnv) => e.AUDIT_HEAD_KEY !== '')
  @MinLength(32, { message: 'AUDIT_HEAD_KEY must be at least 32 characters' })
  AUDIT_HEAD_KEY = '';

  @IsString()
  AUDIT_HEAD_KEY_FILE = '.data/audit-head.key';

  /** Earlier head keys, comma-separated: they no longer sign, but the heads they signed still verify. */
  @Matches(/^$|^[^,]{32,}(,[^,]{32,})*$/, { message: 'AUDIT_HEAD_OLD_KEYS must be comma-separated keys of at least 32 characters' })
  AUDIT_HEAD_OLD_KEYS = '';

  /** How often the worker's linker chains newly committed audit events. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  AUDIT_LINK_INTERVAL_MS = 1000;

  /** How often the worker signs a new chain head (when the chain has grown). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  AUDIT_HEAD_INTERVAL_MINUTES = 60;
}

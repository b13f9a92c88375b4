import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { WholeNumberQuery } from '../common/whole-number-query';
import { SUBMISSION_STATUS_MESSAGE, SubmissionDto, toSubmissionDto } from '../traceability/outbox/submission.dto';
import { SUBMISSION_STATUSES, SubmissionEntity, SubmissionStatus } from '../traceability/outbox/submission.entity';
import { STATE_SYSTEMS, StateSystemName, systemOfInventoryId, triesMade, WAIT_KINDS, waitReason } from './outbox-rows';

/** Far past any outbox a lab fills, and far inside what PostgreSQL's OFFSET (a bigint) takes. */
export const MAX_OUTBOX_OFFSET = 1_000_000;

export class OutboxPageQuery {
  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(SUBMISSION_STATUSES, { message: SUBMISSION_STATUS_MESSAGE })
  status?: SubmissionStatus;

  @ApiPropertyOptional({ enum: STATE_SYSTEMS, description: 'Only submissions whose sample id has this system’s syntax' })
  @IsOptional()
  @IsIn(STATE_SYSTEMS, { message: `system must be ${STATE_SYSTEMS.join(' or ')}` })
  system?: StateSystemName;

  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @IsOptional()
  @WholeNumberQuery(1, 100)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OUTBOX_OFFSET })
  @IsOptional()
  @WholeNumberQuery(0, MAX_OUTBOX_OFFSET)
  offset?: number;
}

export class WaitReasonDto {
  @ApiProperty({ enum: WAIT_KINDS }) kind!: string;
  @ApiProperty() message!: string;
}

export class OutboxRowDto extends SubmissionDto {
  @ApiProperty({ description: 'Tries made: the failed ones, plus the one that delivered (or found a person must act)' }) tries!: number;
  @ApiProperty({ enum: STATE_SYSTEMS, nullable: true, type: String, description: 'The system the reported sample id belongs to, by its syntax' })
  system!: StateSystemName | null;
  @ApiProperty({ type: WaitReasonDto, nullable: true, description: 'Pending rows: why it is not delivered yet' })
  waiting!: WaitReasonDto | null;
}

export class OutboxPageDto {
  @ApiProperty({ type: [OutboxRowDto] }) items!: OutboxRowDto[];
  @ApiProperty({ description: 'Rows matching the filters, on every page' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export function toOutboxRow(s: SubmissionEntity, now: Date): OutboxRowDto {
  const report = (s.payload as { report?: { sampleId?: unknown } }).report;
  return { ...toSubmissionDto(s, now), tries: triesMade(s), system: systemOfInventoryId(report?.sampleId), waiting: waitReason(s, now) };
}

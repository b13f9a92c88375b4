import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SubmissionDto, toSubmissionDto } from '../traceability/outbox/submission.dto';
import { SUBMISSION_STATUSES, SubmissionEntity, SubmissionStatus } from '../traceability/outbox/submission.entity';
import { STATE_SYSTEMS, StateSystemName, systemOfInventoryId, triesMade, WAIT_KINDS, waitReason } from './outbox-rows';

export class OutboxPageQuery {
  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(SUBMISSION_STATUSES, { message: 'status must be pending, delivered, dead or needs_state_action' })
  status?: SubmissionStatus;

  @ApiPropertyOptional({ enum: STATE_SYSTEMS, description: 'Only submissions whose sample id has this system’s syntax' })
  @IsOptional()
  @IsIn(STATE_SYSTEMS, { message: `system must be ${STATE_SYSTEMS.join(' or ')}` })
  system?: StateSystemName;

  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number, 0 or more' })
  @Min(0, { message: 'offset must be a whole number, 0 or more' })
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

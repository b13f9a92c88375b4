import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { isAtRisk } from './deadline';
import { SUBMISSION_STATUSES, SubmissionEntity, SubmissionStatus } from './submission.entity';

/** The field message for a status filter outside the list. */
export const SUBMISSION_STATUS_MESSAGE = `status must be one of ${SUBMISSION_STATUSES.join(', ')}`;

export class ListSubmissionsQuery {
  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(SUBMISSION_STATUSES, { message: SUBMISSION_STATUS_MESSAGE })
  status?: SubmissionStatus;
}

export class SubmissionDto {
  @ApiProperty() id!: string;
  @ApiProperty() sampleId!: string;
  @ApiProperty() coaVersion!: number;
  @ApiProperty({ enum: ['report', 'amend'] }) kind!: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String }) stateResultId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "With needs_state_action: the steps to take in the state system's UI" })
  stateAction!: string | null;
  @ApiProperty() releasedAt!: string;
  @ApiProperty({ description: '48 hours after release (9 NYCRR §130.23(d))' }) deadlineAt!: string;
  @ApiProperty({ description: 'Undelivered and within 12 hours of the deadline (or past it)' }) atRisk!: boolean;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt!: string | null;
}

export function toSubmissionDto(s: SubmissionEntity, now = new Date()): SubmissionDto {
  return {
    id: s.id,
    sampleId: s.sampleId,
    coaVersion: s.coaVersion,
    kind: s.kind,
    status: s.status,
    attempts: s.attempts,
    lastError: s.lastError,
    stateResultId: s.stateResultId,
    stateAction: s.stateAction ?? null,
    releasedAt: s.releasedAt.toISOString(),
    deadlineAt: s.deadlineAt.toISOString(),
    atRisk: isAtRisk(s.deadlineAt, s.status === 'delivered', now),
    nextAttemptAt: s.status === 'pending' ? s.nextAttemptAt.toISOString() : null,
    deliveredAt: s.deliveredAt?.toISOString() ?? null,
  };
}

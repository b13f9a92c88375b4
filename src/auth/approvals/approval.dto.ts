import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { APPROVAL_STATUSES, ApprovalRequestEntity, ApprovalStatus } from './approval-request.entity';
import type { ApprovedRequest } from './approvals.service';

const LIST_STATUSES = [...APPROVAL_STATUSES, 'all'] as const;

export class ListApprovalsQuery {
  @ApiPropertyOptional({ enum: LIST_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(LIST_STATUSES, { message: `status must be one of ${LIST_STATUSES.join(', ')}` })
  status?: ApprovalStatus | 'all';
}

export class RejectApprovalDto {
  @ApiProperty({ example: 'The limit for lead does not match the OCM table', description: 'Why, for the requester and the audit trail' })
  @IsString()
  @Matches(/\S/, { message: 'reason is required' })
  @MaxLength(1000)
  reason!: string;
}

export class WithdrawApprovalDto {
  @ApiProperty({ example: 'Uploaded the wrong file; a corrected set follows', description: 'Why, for the queue and the audit trail' })
  @IsString()
  @Matches(/\S/, { message: 'reason is required' })
  @MaxLength(1000)
  reason!: string;
}

export class ApprovalPartyDto {
  @ApiProperty({ type: String, nullable: true, description: 'The user id (null for LabTrace itself)' }) id!: string | null;
  @ApiProperty({ example: 'Alex Admin <admin@demo.lab>' }) label!: string;
}

export class ApprovalRequestDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    example: 'role_grant',
    description: 'role_grant (a user gains the manager or admin role, or is reactivated with it), rule_set_activation, password_reset (of a manager or admin)',
  })
  kind!: string;
  @ApiProperty({ example: 'user', description: 'What the request changes: user, limit_set, panel_set, …' }) subjectType!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ example: 'Grant manager to Jo Smith <jo@lab.example> (now technician)' }) summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What will be applied when approved' }) payload!: Record<string, unknown>;
  @ApiProperty({
    enum: APPROVAL_STATUSES,
    description: 'cancelled: closed unapplied, withdrawn by its requester (decidedBy is them) or because the requester stopped being an admin',
  })
  status!: ApprovalStatus;
  @ApiProperty({ type: ApprovalPartyDto }) requestedBy!: ApprovalPartyDto;
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ type: ApprovalPartyDto, nullable: true, description: 'Who approved, rejected, withdrew or cancelled it' }) decidedBy!: ApprovalPartyDto | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected, withdrawn or cancelled' }) reason!: string | null;
  @ApiProperty({ description: 'Whether the caller may approve or reject it now (not their own request, not about themselves)' })
  youMayDecide!: boolean;
  @ApiProperty({ description: 'In the approvals queue: whether the caller may withdraw it now (their own pending request); false elsewhere' })
  youMayWithdraw!: boolean;
}

export function toApprovalDto(a: ApprovalRequestEntity, youMayDecide: boolean, youMayWithdraw = false): ApprovalRequestDto {
  return {
    id: a.id,
    kind: a.kind,
    subjectType: a.subjectType,
    subjectId: a.subjectId,
    summary: a.summary,
    payload: a.payload,
    status: a.status,
    requestedBy: { id: a.requestedById, label: a.requestedByLabel },
    requestedAt: a.requestedAt.toISOString(),
    decidedBy: a.decidedByLabel === null ? null : { id: a.decidedById, label: a.decidedByLabel },
    decidedAt: a.decidedAt?.toISOString() ?? null,
    reason: a.reason,
    youMayDecide,
    youMayWithdraw,
  };
}

/** A secret the approval created for the approving admin: in this answer only, never stored in clear, never audited. */
export class OneTimeSecretDto {
  @ApiProperty({ enum: ['temporary_password'], description: 'temporary_password: hand it to the user, who must set a new one at the next sign-in' })
  kind!: 'temporary_password';
  @ApiProperty({ description: 'Shown once, to the approving admin only; LabTrace keeps no copy' }) value!: string;
  @ApiProperty({ description: 'Until when it can be used (ISO 8601)' }) expiresAt!: string;
}

/** The approve answer: the decided request, and what its applying handed to the approver alone. */
export class ApprovalDecisionDto extends ApprovalRequestDto {
  @ApiProperty({
    type: OneTimeSecretDto,
    nullable: true,
    description: 'Only for kinds that re-issue the account’s credentials (password_reset, role_grant); null otherwise',
  })
  oneTimeSecret!: OneTimeSecretDto | null;
}

export function toApprovalDecisionDto(approved: ApprovedRequest): ApprovalDecisionDto {
  const secret = approved.oneTimeSecret;
  return {
    ...toApprovalDto(approved.request, false),
    oneTimeSecret: secret ? { kind: secret.kind, value: secret.value, expiresAt: secret.expiresAt.toISOString() } : null,
  };
}

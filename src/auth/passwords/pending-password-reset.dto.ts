import { ApiProperty } from '@nestjs/swagger';
import { ApprovalRequestDto } from '../approvals/approval.dto';

/**
 * 202: a manager's or admin's reset waits for a second admin. Nothing has changed yet (the old password
 * still works); the temporary password is made at approval and shown only in the approver's answer.
 */
export class PendingPasswordResetDto {
  @ApiProperty({ type: ApprovalRequestDto, description: 'kind password_reset; a second admin (not you, not the account’s owner) decides it' })
  approval!: ApprovalRequestDto;
}

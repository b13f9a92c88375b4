import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsString, MaxLength, MinLength, ValidateBy, ValidationArguments } from 'class-validator';
import { Role, ROLES } from '../../common/actor';
import { Omittable } from '../../common/omittable';
import type { ApprovalRequestEntity } from '../approvals/approval-request.entity';
import { ApprovalRequestDto } from '../approvals/approval.dto';
import { displayNameProblem, normalizeDisplayName } from '../display-name';
import type { PowerGrant } from '../user-change-plan';
import { UserEntity } from '../user.entity';

/** Display names are stored as they print: NFC, trimmed, inner spaces collapsed (display-name.ts). */
const normalizedName = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeDisplayName(value) : value);

/** A name printed on certificates: no invisible, control or bidi characters, no Latin mixed with look-alike scripts. */
function IsPrintableDisplayName(): PropertyDecorator {
  return ValidateBy({
    name: 'isPrintableDisplayName',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || displayNameProblem(value) === null,
      defaultMessage: (args?: ValidationArguments) =>
        (typeof args?.value === 'string' ? displayNameProblem(args.value) : null) ?? 'displayName is not printable',
    },
  });
}

const DISPLAY_NAME_DOC =
  "Printed on certificates: stored NFC with spaces trimmed and collapsed; control, invisible and bidi characters, and letters of more than one script (Han with Japanese kana or Hangul excepted), are refused; a name that prints like an active user's is taken";

export class CreateUserDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ description: DISPLAY_NAME_DOC })
  @Transform(normalizedName)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @IsPrintableDisplayName()
  displayName!: string;

  @ApiProperty({ minLength: 12, maxLength: 128, description: 'No composition rules; not the demo password, not the e-mail address' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(128, { message: 'password must be at most 128 characters' })
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: ROLES })
  @Omittable()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ description: DISPLAY_NAME_DOC })
  @Omittable()
  @Transform(normalizedName)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @IsPrintableDisplayName()
  displayName?: string;
}

/** A grant of the manager or admin role (or reactivation with one) waiting for a second admin. */
export class PendingGrantDto {
  @ApiProperty() approvalId!: string;
  @ApiProperty({ enum: ROLES, description: 'The role the user gets once approved' }) role!: Role;
  @ApiProperty({ description: 'Whether approval also reactivates the account' }) activate!: boolean;
  @ApiProperty({ example: 'Alex Admin <admin@demo.lab>' }) requestedBy!: string;
}

export class UserResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, description: 'The role in force (a pending grant is not)' }) role!: Role;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: PendingGrantDto, nullable: true }) pendingGrant!: PendingGrantDto | null;
  @ApiProperty({ description: 'An admin chose the password (a new account) or a reset or grant re-issued it: the user must set a new one at the next sign-in' })
  passwordChangeRequired!: boolean;
}

/** 202: what applied at once (the user as they are now) and the request a second admin must decide. */
export class PendingUserChangeDto {
  @ApiProperty({ type: UserResponseDto }) user!: UserResponseDto;
  @ApiProperty({ type: ApprovalRequestDto }) approval!: ApprovalRequestDto;
}

export function toUserResponse(u: UserEntity, pending: ApprovalRequestEntity | null = null): UserResponseDto {
  const grant = pending?.payload as PowerGrant | undefined;
  return {
    ...userSnapshot(u),
    createdAt: u.createdAt.toISOString(),
    passwordChangeRequired: u.mustChangePassword,
    pendingGrant: pending && grant ? { approvalId: pending.id, role: grant.role, activate: grant.activate, requestedBy: pending.requestedByLabel } : null,
  };
}

/** What the audit trail records of a user (never the password hash). */
export function userSnapshot(u: UserEntity): { id: string; email: string; displayName: string; role: Role; active: boolean } {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role, active: u.active };
}

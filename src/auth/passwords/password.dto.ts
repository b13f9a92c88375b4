import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now (after a reset: the temporary one)' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'No composition rules; not the demo password, not your e-mail address or its name part',
  })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

export class PasswordResetResponseDto {
  @ApiProperty({ description: 'Shown once: hand it to the user, who must set a new password at the next sign-in' })
  temporaryPassword!: string;

  @ApiProperty({ description: 'Until when the temporary password can be used (ISO 8601)' })
  expiresAt!: string;
}

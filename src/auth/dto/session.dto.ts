import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../common/actor';

/** Who the console is signed in as, and until when. */
export class SessionResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ description: 'When the session token expires (ISO 8601)' }) expiresAt!: string;
  @ApiProperty({ description: 'True after an admin’s reset: the user must set a new password before anything else' })
  passwordChangeRequired!: boolean;
  @ApiProperty({ example: 'America/New_York', description: 'The lab’s time zone: dates are shown in it' }) labTimeZone!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'tech@demo.lab' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'labtrace-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

/** The answer that sets up a browser's cookie session: everything but the token, which page scripts must never hold. */
export class CookieSessionResponseDto {
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ enum: ['technician', 'manager', 'admin'] }) role!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'True after an admin’s reset: only POST /v1/auth/password (and session, logout) answer until a new password is set' })
  passwordChangeRequired!: boolean;
}

/** A machine client's answer: the token to send as `Authorization: Bearer`. */
export class LoginResponseDto extends CookieSessionResponseDto {
  @ApiProperty({
    required: false,
    description:
      'The bearer token, for machine clients. Left out when the answer sets up a browser session (a sign-in that carries an Origin or Sec-Fetch-Site header, or a refresh or password change made with the session cookie): the console relies on the httpOnly cookie alone.',
  })
  accessToken!: string;
}

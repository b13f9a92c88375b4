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

export class LoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ enum: ['technician', 'manager', 'admin'] }) role!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'True after an admin’s reset: only POST /v1/auth/password (and session, logout) answer until a new password is set' })
  passwordChangeRequired!: boolean;
}

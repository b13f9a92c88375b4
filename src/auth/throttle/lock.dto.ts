import { ApiProperty } from '@nestjs/swagger';
import { IsIP } from 'class-validator';

export class LockStateDto {
  @ApiProperty({ description: 'Locked now (sign-ins refused, even with the right password)' }) locked!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds until the lock expires by itself' }) retryAfterSeconds!: number | null;
  @ApiProperty({ description: 'Failures counted since the last success or lock' }) failures!: number;
}

export class UnlockAddressDto {
  @ApiProperty({ example: '203.0.113.9' })
  @IsIP(undefined, { message: 'address must be an IP address' })
  address!: string;
}

export class AddressLocksDto {
  @ApiProperty({ type: LockStateDto, description: 'Sign-ins from the address (as it was before the unlock)' }) signIn!: LockStateDto;
  @ApiProperty({ type: LockStateDto, description: 'Licensee API keys from the address (as it was before the unlock)' }) apiKey!: LockStateDto;
}

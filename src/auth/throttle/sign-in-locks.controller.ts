import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/actor';
import { CurrentActor, Roles } from '../auth.decorators';
import { AddressLocksDto, UnlockAddressDto } from './lock.dto';
import { SignInThrottle } from './sign-in-throttle.service';

/** Client-address locks (a user's own lock is lifted at POST /v1/users/:id/unlock). */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/sign-in-locks')
export class SignInLocksController {
  constructor(private readonly throttle: SignInThrottle) {}

  @Post('unlock-address')
  @HttpCode(200)
  @ApiOkResponse({ type: AddressLocksDto, description: 'The address’s sign-in and API-key failures are forgotten and any lock lifted (audited)' })
  unlockAddress(@Body() dto: UnlockAddressDto, @CurrentActor() actor: Actor): Promise<AddressLocksDto> {
    return this.throttle.unlockAddress(dto.address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1'), actor);
  }
}

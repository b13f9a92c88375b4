import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { SyncResultDto } from './dto/announce-transfer.dto';
import { SampleIntakeService } from './sample-intake.service';

/**
 * The lab's side of intake. Licensees announce transfers at POST /v1/sample-transfers, served by the
 * licensee API module (behind its per-key rate limit).
 */
@ApiTags('samples')
@Controller('v1/sample-transfers')
export class SampleTransfersController {
  constructor(private readonly intake: SampleIntakeService) {}

  @Post('sync')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('technician', 'manager')
  @ApiOkResponse({ type: SyncResultDto })
  sync(@CurrentActor() actor: Actor): Promise<SyncResultDto> {
    return this.intake.syncFromState(actor);
  }
}

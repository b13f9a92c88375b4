import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, LicenseeApi, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { AnnounceTransferDto, SyncResultDto, TransferResultDto } from './dto/announce-transfer.dto';
import { SampleIntakeService } from './sample-intake.service';

@ApiTags('samples')
@Controller('v1/sample-transfers')
export class SampleTransfersController {
  constructor(private readonly intake: SampleIntakeService) {}

  /** Licensee systems announce a manifest; a repeat answers 200 `unchanged`, a new one 201. */
  @Post()
  @LicenseeApi()
  @ApiSecurity('api-key')
  @ApiOkResponse({ type: TransferResultDto })
  async announce(@Body() dto: AnnounceTransferDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<TransferResultDto> {
    const result = await this.intake.announceTransfer(dto, actor);
    res.status(result.outcome === 'created' ? 201 : 200);
    return result;
  }

  @Post('sync')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('technician', 'manager')
  @ApiOkResponse({ type: SyncResultDto })
  sync(@CurrentActor() actor: Actor): Promise<SyncResultDto> {
    return this.intake.syncFromState(actor);
  }
}

import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, LicenseeApi } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { AnnounceTransferDto, TransferResultDto } from '../samples/dto/announce-transfer.dto';
import { SampleIntakeService } from '../samples/sample-intake.service';
import { LicenseeRateLimitGuard } from './licensee-rate-limit.guard';

/**
 * Licensee systems announce manifests here. It lives in this module so the key's one token bucket
 * (LicenseeRateLimitGuard, one instance per module) covers announcements, polls and webhooks alike.
 */
@ApiTags('licensee API')
@ApiSecurity('licensee-key')
@LicenseeApi()
@UseGuards(LicenseeRateLimitGuard)
@Controller('v1/sample-transfers')
export class LicenseeTransfersController {
  constructor(private readonly intake: SampleIntakeService) {}

  @Post()
  @ApiCreatedResponse({ type: TransferResultDto, description: 'A new manifest' })
  @ApiOkResponse({ type: TransferResultDto, description: 'A repeat: unchanged, or updated before receipt (`changes` lists each change)' })
  @ApiConflictResponse({ description: 'A tag already registered at the lab, or a change to a received sample (details.differences: field, stored, sent)' })
  @ApiTooManyRequestsResponse({ description: 'This API key’s rate limit; Retry-After says when to try again' })
  async announce(@Body() dto: AnnounceTransferDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<TransferResultDto> {
    const result = await this.intake.announceTransfer(dto, actor);
    res.status(result.outcome === 'created' ? 201 : 200);
    return result;
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { UuidPipe } from '../common/uuid.pipe';
import { AppConfig } from '../config/app-config';
import { AmendmentsService } from './amendments.service';
import { AmendmentDto, DecideAmendmentDto, RequestAmendmentDto } from './dto/amendment.dto';
import { ReleaseAnswerDto } from './dto/release.dto';
import { ReleaseAmendmentDto } from './dto/signature.dto';
import { signerAddress } from './signatures/client-address';

type UserActor = Extract<Actor, { type: 'user' }>;

/** A pending COA version N+1: requested by one manager, released (or rejected) by another. */
@ApiTags('review and release')
@ApiBearerAuth()
@Controller('v1/samples/:id/amendments')
export class AmendmentsController {
  constructor(
    private readonly amendments: AmendmentsService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: AmendmentDto })
  @Roles('manager')
  request(@Param('id', UuidPipe) id: string, @Body() dto: RequestAmendmentDto, @CurrentActor() actor: UserActor): Promise<AmendmentDto> {
    return this.amendments.requestAmendment(id, { amendsVersion: dto.amendsVersion, reason: dto.reason.trim(), groups: dto.results }, actor);
  }

  @Get()
  @ApiOkResponse({ type: [AmendmentDto] })
  @Roles('technician', 'manager', 'admin')
  list(@Param('id', UuidPipe) id: string): Promise<AmendmentDto[]> {
    return this.amendments.listAmendments(id);
  }

  @Get(':amendmentId')
  @ApiOkResponse({ type: AmendmentDto })
  @Roles('technician', 'manager', 'admin')
  one(@Param('id', UuidPipe) id: string, @Param('amendmentId', UuidPipe) amendmentId: string): Promise<AmendmentDto> {
    return this.amendments.getAmendment(id, amendmentId);
  }

  /** The second manager's approval, electronically signed: their password again and "Reviewed and approved the amendment". */
  @Post(':amendmentId/release')
  @ApiOkResponse({ type: ReleaseAnswerDto })
  @ApiBadRequestResponse({ description: 'The signature is missing or its meaning is not "Reviewed and approved the amendment"' })
  @ApiForbiddenResponse({ description: 'SIGNATURE_REFUSED: wrong password (counted as a failed sign-in), nothing released; AMENDMENT_FOUR_EYES' })
  @HttpCode(200)
  @Roles('manager')
  release(
    @Param('id', UuidPipe) id: string,
    @Param('amendmentId', UuidPipe) amendmentId: string,
    @Body() dto: ReleaseAmendmentDto,
    @CurrentActor() actor: UserActor,
    @Req() req: Request,
  ): Promise<ReleaseAnswerDto> {
    return this.amendments.releaseAmendment(id, amendmentId, actor, dto.signature, signerAddress(req, this.config));
  }

  @Post(':amendmentId/withdraw')
  @ApiOkResponse({ type: AmendmentDto })
  @HttpCode(200)
  @Roles('manager')
  withdraw(
    @Param('id', UuidPipe) id: string,
    @Param('amendmentId', UuidPipe) amendmentId: string,
    @Body() dto: DecideAmendmentDto,
    @CurrentActor() actor: UserActor,
  ): Promise<AmendmentDto> {
    return this.amendments.withdrawAmendment(id, amendmentId, dto.reason.trim(), actor);
  }

  @Post(':amendmentId/reject')
  @ApiOkResponse({ type: AmendmentDto })
  @HttpCode(200)
  @Roles('manager')
  reject(
    @Param('id', UuidPipe) id: string,
    @Param('amendmentId', UuidPipe) amendmentId: string,
    @Body() dto: DecideAmendmentDto,
    @CurrentActor() actor: UserActor,
  ): Promise<AmendmentDto> {
    return this.amendments.rejectAmendment(id, amendmentId, dto.reason.trim(), actor);
  }
}

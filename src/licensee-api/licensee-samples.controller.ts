import { Controller, Get, Headers, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, LicenseeApi } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { sendPdf } from '../common/send-pdf';
import { LicenseeRateLimitGuard } from './licensee-rate-limit.guard';
import { LicenseeSampleDto, LicenseeSamplePageDto, LicenseeSamplesQuery } from './licensee-sample.dto';
import { LicenseeSamplesService } from './licensee-samples.service';

type LicenseeActor = Extract<Actor, { type: 'licensee' }>;

/** Licensees' systems poll here with X-API-Key; another license's samples simply do not exist. */
@ApiTags('licensee API')
@ApiSecurity('licensee-key')
@LicenseeApi()
@UseGuards(LicenseeRateLimitGuard)
@Controller('v1/licensee/samples')
export class LicenseeSamplesController {
  constructor(private readonly samples: LicenseeSamplesService) {}

  @Get()
  @ApiOkResponse({ type: LicenseeSamplePageDto })
  list(@Query() query: LicenseeSamplesQuery, @CurrentActor() actor: LicenseeActor): Promise<LicenseeSamplePageDto> {
    return this.samples.changedSince(actor.id, query.updatedSince, query.cursor, query.limit ?? 100);
  }

  @Get(':inventoryId')
  @ApiOkResponse({ type: LicenseeSampleDto, description: '304 with no body when If-None-Match carries the current ETag' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  async get(
    @Param('inventoryId') inventoryId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentActor() actor: LicenseeActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LicenseeSampleDto | undefined> {
    // Most polls are answered before Express by the fast path (poll/poll-fast-path.ts) with the same
    // service; this route answers the rest (and every poll when the fast path is not installed).
    const answer = await this.samples.poll(actor.id, inventoryId, ifNoneMatch);
    res.setHeader('ETag', answer.etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (answer.notModified) {
      res.status(304);
      return undefined;
    }
    return answer.body.dto;
  }

  @Get(':inventoryId/coa')
  @ApiProduces('application/pdf')
  async certificate(
    @Param('inventoryId') inventoryId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentActor() actor: LicenseeActor,
    @Res() res: Response,
  ): Promise<void> {
    const sample = await this.samples.findOwnSample(actor.id, inventoryId);
    const { doc, pdf, filename } = await this.samples.certificate(sample);
    if (ifNoneMatch === `"${doc.sha256}"`) {
      res.status(304).end();
      return;
    }
    sendPdf(res, pdf, filename, doc.sha256);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { sendPdf } from '../common/send-pdf';
import { UuidPipe } from '../common/uuid.pipe';
import { SampleResultsDto } from '../results/dto/results-response.dto';
import { CertificatesError, CertificatesErrorCode } from './certificates.errors';
import { CoaService } from './coa/coa.service';
import { CoaVersionView, ReleaseAnswerDto, ReopenSampleDto } from './dto/release.dto';
import { ReleaseService } from './release.service';

type UserActor = Extract<Actor, { type: 'user' }>;

@ApiTags('review and release')
@ApiBearerAuth()
@Controller('v1/samples/:id')
export class ReleaseController {
  constructor(
    private readonly release: ReleaseService,
    private readonly coa: CoaService,
  ) {}

  @Post('submit')
  @ApiOkResponse({ type: SampleResultsDto })
  @HttpCode(200)
  @Roles('technician', 'manager')
  submit(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<SampleResultsDto> {
    return this.release.submitSample(id, actor);
  }

  @Post('reopen')
  @HttpCode(204)
  @Roles('manager')
  reopen(@Param('id', UuidPipe) id: string, @Body() dto: ReopenSampleDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.release.reopenSample(id, dto.reason, actor);
  }

  @Post('release')
  @ApiOkResponse({ type: ReleaseAnswerDto })
  @HttpCode(200)
  @Roles('manager')
  releaseCertificate(@Param('id', UuidPipe) id: string, @CurrentActor() actor: UserActor): Promise<ReleaseAnswerDto> {
    return this.release.releaseSample(id, actor);
  }

  @Get('coa/versions')
  @Roles('technician', 'manager', 'admin')
  async versions(@Param('id', UuidPipe) id: string): Promise<CoaVersionView[]> {
    return (await this.coa.versions(id)).map((d) => ({
      version: d.version,
      sha256: d.sha256,
      overall: d.overall,
      releasedAt: d.releasedAt.toISOString(),
      amendmentReason: d.amendmentReason,
      verifyPath: `/v1/coa/verify/${d.verifyToken}`,
    }));
  }

  @Get('coa')
  @Roles('technician', 'manager', 'admin')
  @ApiProduces('application/pdf')
  async certificate(@Param('id', UuidPipe) id: string, @Query('version') version: string | undefined, @Res() res: Response): Promise<void> {
    if (version !== undefined && !/^[1-9]\d{0,5}$/.test(version)) {
      throw new CertificatesError(CertificatesErrorCode.COA_NOT_FOUND, 'version must be a positive integer', [
        { field: 'version', message: 'must be a positive integer' },
      ]);
    }
    const { doc, pdf } = await this.coa.certificatePdf(id, version === undefined ? undefined : Number(version));
    sendPdf(res, pdf, `COA-${id}-v${doc.version}.pdf`, doc.sha256);
  }
}

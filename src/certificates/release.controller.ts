import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { sendPdf } from '../common/send-pdf';
import { UuidPipe } from '../common/uuid.pipe';
import { AppConfig } from '../config/app-config';
import { SampleResultsDto } from '../results/dto/results-response.dto';
import { CertificatesError, CertificatesErrorCode } from './certificates.errors';
import { CoaService } from './coa/coa.service';
import { CoaVersionView, ReleaseAnswerDto, ReopenSampleDto } from './dto/release.dto';
import { ReleaseSampleDto } from './dto/signature.dto';
import { ReleaseService } from './release.service';
import { signerAddress } from './signatures/client-address';

type UserActor = Extract<Actor, { type: 'user' }>;

@ApiTags('review and release')
@ApiBearerAuth()
@Controller('v1/samples/:id')
export class ReleaseController {
  constructor(
    private readonly release: ReleaseService,
    private readonly coa: CoaService,
    private readonly config: AppConfig,
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

  /** Electronically signed (21 CFR Part 11-style): the manager's password again and the meaning, printed on the COA. */
  @Post('release')
  @ApiOkResponse({ type: ReleaseAnswerDto })
  @ApiBadRequestResponse({ description: 'The signature or the resultsDigest is missing, or the meaning is not "Reviewed and released"' })
  @ApiForbiddenResponse({ description: 'SIGNATURE_REFUSED: wrong password (counted as a failed sign-in), nothing released; RELEASE_FORBIDDEN: own results' })
  @ApiConflictResponse({ description: 'RESULTS_CHANGED: the results are no longer the ones whose resultsDigest was sent; nothing released' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS: too many wrong passwords or sign-ins; the account or address waits or is locked' })
  @HttpCode(200)
  @Roles('manager')
  releaseCertificate(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ReleaseSampleDto,
    @CurrentActor() actor: UserActor,
    @Req() req: Request,
  ): Promise<ReleaseAnswerDto> {
    return this.release.releaseSample(id, actor, dto, signerAddress(req, this.config));
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
    const { doc, pdf, filename } = await this.coa.certificatePdf(id, version === undefined ? undefined : Number(version));
    sendPdf(res, pdf, filename, doc.sha256);
  }
}

import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { register } from 'prom-client';
import { Public, Roles } from '../auth/auth.decorators';
import { AuthError, AuthErrorCode } from '../auth/auth.errors';
import { AppConfig } from '../config/app-config';
import { HealthDetailsDto, HealthProbe, HealthStatusDto } from './health-probe';
import { bearerMatches } from './metrics-token';

/**
 * Operational endpoints. /health tells anonymous callers only up or down (503 when down); the metrics
 * token (METRICS_TOKEN) also gets which dependency is down, and so does an admin at /v1/health. /metrics
 * needs the metrics token; only a development run without one leaves it open (production requires one).
 */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly probe: HealthProbe,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Up or down; with the metrics token as bearer, the state of each dependency' })
  @ApiOkResponse({ type: HealthDetailsDto })
  async health(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<HealthStatusDto | HealthDetailsDto> {
    const details = await this.probe.check();
    setStatus(res, details);
    const token = this.config.metricsToken;
    return token !== null && bearerMatches(req.headers.authorization, token) ? details : { status: details.status };
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', register.contentType)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Prometheus metrics; Authorization: Bearer <METRICS_TOKEN>' })
  @ApiUnauthorizedResponse({ description: 'No or wrong metrics token' })
  metrics(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const token = this.config.metricsToken;
    if (token !== null && !bearerMatches(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="labtrace-metrics"');
      throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'The metrics need the metrics token: Authorization: Bearer <METRICS_TOKEN>');
    }
    return register.metrics();
  }

  @Roles('admin')
  @Get('v1/health')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The state of each dependency, for an admin' })
  @ApiOkResponse({ type: HealthDetailsDto })
  async details(@Res({ passthrough: true }) res: Response): Promise<HealthDetailsDto> {
    const details = await this.probe.check();
    setStatus(res, details);
    return details;
  }
}

/** 503 with Retry-After while a dependency is down: balancers and clients come back rather than give up. */
function setStatus(res: Response, details: HealthStatusDto): void {
  res.status(details.status === 'up' ? 200 : 503);
  if (details.status === 'down') res.setHeader('Retry-After', '5');
}

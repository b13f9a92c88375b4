import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { UuidPipe } from '../common/uuid.pipe';
import { EnterResultsDto, ResolveQcFlagDto } from './dto/enter-results.dto';
import { SampleResultsWithContributorsDto } from './dto/results-response.dto';
import { ResultsError, ResultsErrorCode } from './results.errors';
import { ResultsService } from './results.service';

@ApiTags('results')
@ApiBearerAuth()
@Controller('v1/samples/:id/results')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get()
  @ApiOkResponse({ type: SampleResultsWithContributorsDto })
  @Roles('technician', 'manager', 'admin')
  @ApiQuery({ name: 'version', required: false, description: 'COA version (default: the current one)' })
  async get(@Param('id', UuidPipe) id: string, @Query('version') version?: string): Promise<SampleResultsWithContributorsDto> {
    if (version !== undefined && !/^[1-9]\d{0,5}$/.test(version)) {
      throw new ResultsError(ResultsErrorCode.INVALID_RESULTS, 'version must be a positive integer', [
        { field: 'version', message: 'must be a positive integer' },
      ]);
    }
    return this.results.withContributors(await this.results.getResults(id, version === undefined ? undefined : Number(version)));
  }

  @Get('qc-flags')
  @Roles('technician', 'manager', 'admin')
  qcFlags(@Param('id', UuidPipe) id: string) {
    return this.results.listQcFlags(id);
  }

  @Post('qc-flags/:flagId/resolve')
  @HttpCode(204)
  @Roles('technician', 'manager')
  resolveQcFlag(
    @Param('id', UuidPipe) id: string,
    @Param('flagId', UuidPipe) flagId: string,
    @Body() dto: ResolveQcFlagDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.results.resolveQcFlag(id, flagId, dto.resolution.trim(), actor);
  }

  /** Enter or correct results by hand: each listed group is replaced by the analytes given. */
  @Put()
  // Answered as GET answers: the console keeps this answer as the GET's.
  @ApiOkResponse({ type: SampleResultsWithContributorsDto })
  @Roles('technician', 'manager')
  async put(@Param('id', UuidPipe) id: string, @Body() dto: EnterResultsDto, @CurrentActor() actor: Actor): Promise<SampleResultsWithContributorsDto> {
    return this.results.withContributors(await this.results.enterResults(id, dto.groups, actor, dto.reason));
  }
}

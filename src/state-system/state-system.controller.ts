import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UuidPipe } from '../common/uuid.pipe';
import { SubmissionDto, toSubmissionDto } from '../traceability/outbox/submission.dto';
import { SubmissionEntity } from '../traceability/outbox/submission.entity';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { describeStateSystem } from './state-system';
import { StateSystemDto } from './state-system.dto';

/**
 * Read-only: which state system this run reports to, so the console can name it and follow its id
 * syntax, and what was sent there for one sample (the sample page's "state reporting" card).
 */
@ApiTags('state-system')
@ApiBearerAuth()
@Controller('v1/state-system')
export class StateSystemController {
  private readonly description: StateSystemDto;

  constructor(
    @Inject(TRACEABILITY_ADAPTER) adapter: TraceabilityAdapter,
    @InjectRepository(SubmissionEntity) private readonly submissions: Repository<SubmissionEntity>,
  ) {
    // The adapter is chosen once at boot; its answer never changes while the process runs.
    this.description = describeStateSystem(adapter);
  }

  @Get()
  @ApiOkResponse({ type: StateSystemDto })
  get(): StateSystemDto {
    return this.description;
  }

  /** Every submission of one sample to the state (one per COA version), oldest first. */
  @Get('submissions')
  @ApiQuery({ name: 'sampleId', required: true, type: String, format: 'uuid' })
  @ApiOkResponse({ type: [SubmissionDto] })
  async submissionsOf(@Query('sampleId', UuidPipe) sampleId: string): Promise<SubmissionDto[]> {
    const now = new Date();
    const rows = await this.submissions.find({ where: { sampleId }, order: { coaVersion: 'ASC' } });
    return rows.map((s) => toSubmissionDto(s, now));
  }
}

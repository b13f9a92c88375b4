import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { UuidPipe } from '../common/uuid.pipe';
import { SubmissionEntity } from '../traceability/outbox/submission.entity';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { OutboxPageDto, OutboxPageQuery, OutboxRowDto, toOutboxRow } from './outbox-page.dto';
import { SYSTEM_ID_PATTERNS } from './outbox-rows';
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

  /**
   * The outbox a page at a time, newest first (the reporting screen): each row with the tries made,
   * the system it is for and, while pending, why it waits.
   */
  @Get('outbox')
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: OutboxPageDto })
  async outbox(@Query() query: OutboxPageQuery): Promise<OutboxPageDto> {
    const limit = query.limit ?? 25;
    const offset = query.offset ?? 0;
    const q = this.submissions.createQueryBuilder('s').orderBy('s.createdAt', 'DESC').addOrderBy('s.id', 'ASC').skip(offset).take(limit);
    if (query.status) q.andWhere('s.status = :status', { status: query.status });
    if (query.system) q.andWhere(`s.payload->'report'->>'sampleId' ~ :pattern`, { pattern: SYSTEM_ID_PATTERNS[query.system].source });
    const [rows, total] = await q.getManyAndCount();
    const now = new Date();
    return { items: rows.map((s) => toOutboxRow(s, now)), total, limit, offset };
  }

  /** Every submission of one sample to the state (one per COA version), oldest first, told as the outbox tells them. */
  @Get('submissions')
  @ApiQuery({ name: 'sampleId', required: true, type: String, format: 'uuid' })
  @ApiOkResponse({ type: [OutboxRowDto] })
  async submissionsOf(@Query('sampleId', UuidPipe) sampleId: string): Promise<OutboxRowDto[]> {
    const now = new Date();
    const rows = await this.submissions.find({ where: { sampleId }, order: { coaVersion: 'ASC' } });
    return rows.map((s) => toOutboxRow(s, now));
  }
}

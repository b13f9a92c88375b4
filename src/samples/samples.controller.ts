import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { UuidPipe } from '../common/uuid.pipe';
import { ListSamplesQuery } from './dto/list-samples.query';
import { CreateRetestDto, CustodyEventDto, ReceiveSampleDto } from './dto/receive-sample.dto';
import { SampleDetailDto, SamplePageDto } from './dto/sample-response.dto';
import { SampleReceivingService } from './sample-receiving.service';
import { SamplesService } from './samples.service';

@ApiTags('samples')
@ApiBearerAuth()
@Roles('technician', 'manager', 'admin')
@Controller('v1/samples')
export class SamplesController {
  constructor(
    private readonly samples: SamplesService,
    private readonly receiving: SampleReceivingService,
    private readonly audit: AuditService,
  ) {}

  /** Every change to the sample, its results and its COAs, oldest first (who, when, what, why). */
  @Get(':id/audit')
  async auditTrail(@Param('id', UuidPipe) id: string): Promise<AuditEntry[]> {
    const sample = await this.samples.getSample(id);
    return this.audit.trail([{ entityType: 'sample', entityId: sample.id }]);
  }

  @Get()
  @ApiOkResponse({ type: SamplePageDto })
  list(@Query() query: ListSamplesQuery): Promise<SamplePageDto> {
    return this.samples.listSamples(query);
  }

  @Get('counts')
  counts(): Promise<Record<string, number>> {
    return this.samples.countByStatus();
  }

  @Get(':id')
  @ApiOkResponse({ type: SampleDetailDto })
  get(@Param('id', UuidPipe) id: string): Promise<SampleDetailDto> {
    return this.samples.getSampleDetail(id);
  }

  @Post(':id/receive')
  @HttpCode(200)
  @Roles('technician', 'manager')
  @ApiOkResponse({ type: SampleDetailDto })
  async receive(@Param('id', UuidPipe) id: string, @Body() dto: ReceiveSampleDto, @CurrentActor() actor: Actor): Promise<SampleDetailDto> {
    await this.receiving.receiveSample(id, dto, actor);
    return this.samples.getSampleDetail(id);
  }

  @Post(':id/custody')
  @Roles('technician', 'manager')
  @ApiOkResponse({ type: SampleDetailDto })
  async custody(@Param('id', UuidPipe) id: string, @Body() dto: CustodyEventDto, @CurrentActor() actor: Actor): Promise<SampleDetailDto> {
    await this.receiving.recordCustodyEvent(id, dto, actor);
    return this.samples.getSampleDetail(id);
  }

  @Post(':id/retests')
  @Roles('technician', 'manager')
  @ApiOkResponse({ type: SampleDetailDto })
  async retest(@Param('id', UuidPipe) id: string, @Body() dto: CreateRetestDto, @CurrentActor() actor: Actor): Promise<SampleDetailDto> {
    const retest = await this.receiving.createRetest(id, dto, actor);
    return this.samples.getSampleDetail(retest.id);
  }
}

import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { Actor } from '../../common/actor';
import { UuidPipe } from '../../common/uuid.pipe';
import { OutboxService } from './outbox.service';
import { ListSubmissionsQuery, SubmissionDto } from './submission.dto';

@ApiTags('biotrack')
@ApiBearerAuth()
@Controller('v1/biotrack/submissions')
export class SubmissionsController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: [SubmissionDto] })
  list(@Query() query: ListSubmissionsQuery): Promise<SubmissionDto[]> {
    return this.outbox.listSubmissions(query.status);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('manager')
  @ApiOkResponse({ type: SubmissionDto })
  retry(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<SubmissionDto> {
    return this.outbox.retrySubmission(id, actor);
  }

  /** The manager took the steps of a `needs_state_action` submission in the state system's UI. */
  @Post(':id/state-action-done')
  @HttpCode(200)
  @Roles('manager')
  @ApiOkResponse({ type: SubmissionDto })
  confirmStateAction(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<SubmissionDto> {
    return this.outbox.confirmStateAction(id, actor);
  }
}

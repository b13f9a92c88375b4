import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { UuidPipe } from '../common/uuid.pipe';
import { DisableWebhookEndpointDto, ListWebhookEndpointsQuery, toOverviewDto, WebhookEndpointOverviewDto } from './webhook-admin.dto';
import { WebhookError, WebhookErrorCode } from './webhooks.errors';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Lab admins: every licensee's webhook endpoints, and turning any of them off (audited). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/webhook-endpoints')
export class WebhookAdminController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly repository: WebhooksRepository,
  ) {}

  @Get()
  @ApiOkResponse({ type: [WebhookEndpointOverviewDto] })
  async list(@Query() query: ListWebhookEndpointsQuery): Promise<WebhookEndpointOverviewDto[]> {
    const active = query.state === 'active' ? true : query.state === 'disabled' ? false : undefined;
    return (await this.repository.overview({ licenseNumber: query.licenseNumber, active })).map(toOverviewDto);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookEndpointOverviewDto })
  async disable(@Param('id', UuidPipe) id: string, @Body() dto: DisableWebhookEndpointDto, @CurrentActor() actor: Actor): Promise<WebhookEndpointOverviewDto> {
    await this.webhooks.disableAnyEndpoint(id, actor, dto.reason);
    const [row] = await this.repository.overview({ id });
    if (!row) throw new WebhookError(WebhookErrorCode.ENDPOINT_NOT_FOUND, `No webhook endpoint ${id}`);
    return toOverviewDto(row);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { CurrentActor, LicenseeApi } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { Omittable } from '../common/omittable';
import { UuidPipe } from '../common/uuid.pipe';
import { WEBHOOK_EVENTS, WebhookEventType } from '../webhooks/webhook.entities';
import { WebhooksService } from '../webhooks/webhooks.service';
import { LicenseeRateLimitGuard } from './licensee-rate-limit.guard';

type LicenseeActor = Extract<Actor, { type: 'licensee' }>;

export class RegisterWebhookDto {
  @ApiProperty({ example: 'https://erp.example.com/labtrace/events' })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENTS, isArray: true, description: 'Default: every event' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `events must be among ${WEBHOOK_EVENTS.join(', ')}` })
  events?: WebhookEventType[];
}

@ApiTags('licensee API')
@ApiSecurity('licensee-key')
@LicenseeApi()
@UseGuards(LicenseeRateLimitGuard)
@Controller('v1/licensee/webhooks')
export class LicenseeWebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /**
   * Answers with the signing secret, once. The URL must be https on port 443 and resolve to public
   * addresses only (400 for the URL's form, 422 for where it points); 409 beyond the endpoint cap.
   */
  @Post()
  register(@Body() dto: RegisterWebhookDto, @CurrentActor() actor: LicenseeActor) {
    return this.webhooks.registerEndpoint(dto.url, dto.events, actor);
  }

  @Get()
  list(@CurrentActor() actor: LicenseeActor) {
    return this.webhooks.listEndpoints(actor.id);
  }

  @Delete(':id')
  @HttpCode(204)
  disable(@Param('id', UuidPipe) id: string, @CurrentActor() actor: LicenseeActor): Promise<void> {
    return this.webhooks.disableEndpoint(actor.id, id, actor);
  }

  @Get(':id/deliveries')
  deliveries(@Param('id', UuidPipe) id: string, @CurrentActor() actor: LicenseeActor) {
    return this.webhooks.deliveryLog(actor.id, id);
  }
}

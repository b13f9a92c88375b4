import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Omittable } from '../common/omittable';
import { WEBHOOK_EVENTS, WebhookDisabledReason, WebhookEventType } from './webhook.entities';
import { EndpointOverviewRow } from './webhooks.repository';

const STATES = ['active', 'disabled', 'all'] as const;

export class ListWebhookEndpointsQuery {
  @ApiPropertyOptional({ description: 'One licensee only', example: 'OCM-CULT-26-000123' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, { message: 'licenseNumber must be a license number such as OCM-CULT-26-000123' })
  licenseNumber?: string;

  @ApiPropertyOptional({ enum: STATES, default: 'all' })
  @IsOptional()
  @IsIn(STATES, { message: `state must be one of ${STATES.join(', ')}` })
  state?: (typeof STATES)[number];
}

export class DisableWebhookEndpointDto {
  @ApiPropertyOptional({ description: 'Why, for the audit trail', example: 'Receiver answers 500 to every event since Monday' })
  @Omittable()
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(1000)
  reason?: string;
}

export class WebhookEndpointOverviewDto {
  @ApiProperty() id!: string;
  @ApiProperty() licenseNumber!: string;
  @ApiProperty() licenseeName!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: WebhookEventType[];
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) disabledAt!: string | null;
  @ApiProperty({ nullable: true, enum: ['licensee', 'api_key_revoked', 'admin'] }) disabledReason!: WebhookDisabledReason | null;
  @ApiProperty({ nullable: true, type: String, description: 'Prefix of the API key that registered it' }) createdByKeyPrefix!: string | null;
  @ApiProperty({ description: 'Deliveries waiting to be sent or retried' }) pending!: number;
  @ApiProperty({ description: 'Deliveries that ran out of attempts' }) dead!: number;
  @ApiProperty({ nullable: true, type: String }) lastDeliveredAt!: string | null;
}

export function toOverviewDto(r: EndpointOverviewRow): WebhookEndpointOverviewDto {
  return {
    id: r.id,
    licenseNumber: r.licenseNumber,
    licenseeName: r.licenseeName,
    url: r.url,
    events: r.events,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    disabledAt: r.disabledAt?.toISOString() ?? null,
    disabledReason: r.disabledReason,
    createdByKeyPrefix: r.createdByKeyPrefix,
    pending: r.pending,
    dead: r.dead,
    lastDeliveredAt: r.lastDeliveredAt?.toISOString() ?? null,
  };
}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entities';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Endpoints, publishing and delivery records; global because samples and certificates announce events. Licensees' routes live in licensee-api. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpointEntity, WebhookDeliveryEntity])],
  providers: [WebhooksRepository, WebhooksService],
  exports: [WebhooksService, WebhooksRepository],
})
export class WebhooksModule {}

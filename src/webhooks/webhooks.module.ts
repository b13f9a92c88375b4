import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookAdminController } from './webhook-admin.controller';
import { WebhookResolver } from './webhook-resolver';
import { WebhookTargets } from './webhook-targets';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entities';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Endpoints, publishing and delivery records; global because samples and certificates announce events
 * and revoking an API key disables endpoints. Licensees' routes live in licensee-api; the lab admins'
 * overview is here.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpointEntity, WebhookDeliveryEntity])],
  controllers: [WebhookAdminController],
  providers: [WebhooksRepository, WebhooksService, WebhookResolver, WebhookTargets],
  exports: [WebhooksService, WebhooksRepository, WebhookTargets],
})
export class WebhooksModule {}

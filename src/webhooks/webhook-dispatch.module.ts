import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';

/** The worker's half: sending due deliveries (WebhooksModule, global, provides the repository). */
@Module({ providers: [WebhookDispatcher], exports: [WebhookDispatcher] })
export class WebhookDispatchModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { coreModules } from './app.module';
import { AuditChainWorkerModule } from './audit/chain/audit-chain-worker.module';
import { AppConfig } from './config/app-config';
import { LicenseesModule } from './licensees/licensees.module';
import { DeliveryModule } from './traceability/delivery/delivery.module';
import { WebhookDispatchModule } from './webhooks/webhook-dispatch.module';

/** The worker process: the same code base, no HTTP, the queue processors. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [...coreModules(config), LicenseesModule, DeliveryModule, WebhookDispatchModule, AuditChainWorkerModule] };
  }
}

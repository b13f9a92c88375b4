import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CertificatesModule } from './certificates/certificates.module';
import { LoggerModule } from './common/logger.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InstrumentsModule } from './instruments/instruments.module';
import { LicenseeApiModule } from './licensee-api/licensee-api.module';
import { LicenseesModule } from './licensees/licensees.module';
import { ProductionReadinessModule } from './production/production-readiness.module';
import { QueueModule } from './queue/queue.module';
import { ResultsModule } from './results/results.module';
import { RulesModule } from './rules/rules.module';
import { SamplesModule } from './samples/samples.module';
import { stateAdapterModule } from './state-adapter.module';
import { StateSystemModule } from './state-system/state-system.module';
import { OutboxModule } from './traceability/outbox/outbox.module';
import { WEB_DIST } from './web/web-static';
import { WebModule } from './web/web.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Modules shared by the API and the worker, the state port bound to its adapter and hooks among them. */
export function coreModules(config?: AppConfig) {
  return [
    ConfigModule.forRoot(config),
    LoggerModule,
    DatabaseModule,
    ProductionReadinessModule,
    QueueModule,
    AuditModule,
    stateAdapterModule(),
    WebhooksModule,
  ];
}

@Module({})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config),
        AuthModule,
        HealthModule,
        LicenseesModule,
        RulesModule,
        SamplesModule,
        ResultsModule,
        CertificatesModule,
        OutboxModule,
        StateSystemModule,
        LicenseeApiModule,
        InstrumentsModule,
        WebModule.forRoot(config?.webDistDir ?? WEB_DIST),
      ],
    };
  }
}

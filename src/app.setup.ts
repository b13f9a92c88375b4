import type { Server } from 'node:http';
import { HttpServer, INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Application } from 'express';
import { Logger } from 'nestjs-pino';
import { SECURE_COOKIES_SETTING } from './auth/session-cookie';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { applyHttpServerSettings } from './common/http-server-settings';
import { requestBodyMiddleware } from './common/request-body';
import { requestIdMiddleware } from './common/request-id.middleware';
import { securityHeaders } from './common/security-headers';
import { UntrustedInputPipe } from './common/untrusted-input.pipe';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { httpMetricsMiddleware } from './health/http-metrics.middleware';
import { installPollFastPath } from './licensee-api/poll/install-poll-fast-path';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from './traceability/traceability.adapter';

/** Everything main.ts does to the app besides listening; e2e tests call it too so they test the real thing. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  const config = app.get(AppConfig);
  app.use(securityHeaders(config.production));
  // Express settings are per app; session-cookie.ts reads this one to mark the cookie Secure.
  if (config.production) (app.getHttpAdapter() as HttpServer<unknown, unknown, Application>).getInstance().set(SECURE_COOKIES_SETTING, true);
  app.use(requestIdMiddleware);
  app.use(httpMetricsMiddleware);
  // Bodies parsed here (stated limits, errors answered in the house shape), deep or NUL-bearing input refused.
  app.use(...requestBodyMiddleware({ bodyTimeoutMs: config.requestBodyTimeoutMs }));
  applyHttpServerSettings(app.getHttpServer() as Server, {
    keepAliveSeconds: config.keepAliveSeconds,
    bodyDeadlineMs: Math.max(config.requestBodyTimeoutMs, config.uploads.bodyTimeoutMs),
  });
  app.useGlobalPipes(new UntrustedInputPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  const stateSystem = app.get<TraceabilityAdapter>(TRACEABILITY_ADAPTER, { strict: false }).displayName;
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('LabTrace API')
      .setDescription(`Sample intake, results, COAs and reporting to the state traceability system (${stateSystem}) for a NY cannabis testing laboratory`)
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'licensee-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });
  // Licensee status polls are answered on node:http before Express (src/licensee-api/poll).
  installPollFastPath(app);
  return app;
}

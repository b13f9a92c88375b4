import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { requestIdMiddleware } from './common/request-id.middleware';
import { createValidationPipe } from './common/validation';
import { httpMetricsMiddleware } from './health/http-metrics.middleware';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from './traceability/traceability.adapter';

/** Everything main.ts does to the app besides listening; e2e tests call it too so they test the real thing. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(requestIdMiddleware);
  app.use(httpMetricsMiddleware);
  app.useGlobalPipes(createValidationPipe());
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
  return app;
}

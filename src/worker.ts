import 'reflect-metadata';
import { pinRelease } from './common/release-pin';
import { loadConfigOrExit } from './main';

async function bootstrapWorker(): Promise<void> {
  const config = loadConfigOrExit();
  pinRelease();
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('nestjs-pino');
  const { WorkerModule } = await import('./worker.module');
  const { exitOnUnhandledFailure } = await import('./common/unhandled-failures');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // Before the loops start: a failure nothing handled is logged, and the worker exits for its supervisor to restart.
  exitOnUnhandledFailure('LabTrace worker', { fatal: (message) => logger.fatal(message, 'Process') });
  app.enableShutdownHooks();
  await app.init();
  logger.log('LabTrace worker started', 'Bootstrap');
}

bootstrapWorker().catch((e) => {
  process.stderr.write(`LabTrace worker failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { loadConfigOrExit } from './main';

async function bootstrapWorker(): Promise<void> {
  const config = loadConfigOrExit();
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('nestjs-pino');
  const { WorkerModule } = await import('./worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('LabTrace worker started', 'Bootstrap');
}

bootstrapWorker().catch((e) => {
  process.stderr.write(`LabTrace worker failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

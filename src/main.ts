import 'reflect-metadata';
import { pinRelease } from './common/release-pin';
import { AppConfig } from './config/app-config';
import { ConfigValidationError } from './config/env.schema';

/** Config is validated before anything else loads, so a bad variable stops the process with its name. */
export function loadConfigOrExit(): AppConfig {
  try {
    return AppConfig.fromEnvironment();
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      process.stderr.write(`LabTrace cannot start. ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  pinRelease();
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('./app.module');
  const { configureApp } = await import('./app.setup');
  const { exitOnUnhandledFailure } = await import('./common/unhandled-failures');
  const { Logger: PinoLogger } = await import('nestjs-pino');
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  configureApp(app);
  // Written by pino itself, not through Nest's buffer: the line must be out before the process exits.
  const logger = app.get(PinoLogger);
  exitOnUnhandledFailure('LabTrace API', { fatal: (message) => logger.fatal(message, 'Process') });
  await app.listen(config.port, config.listenHost);
  const { Logger } = await import('@nestjs/common');
  new Logger('Bootstrap').log(`LabTrace API listening on ${config.listenHost}:${config.port} (docs at /docs)`);
}

if (require.main === module) {
  bootstrap().catch((e) => {
    process.stderr.write(`LabTrace API failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}

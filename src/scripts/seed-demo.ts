import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfigOrExit } from '../main';
import { DemoInProductionError, refuseDemoInProduction } from './demo-refusal';
import { seedDemo } from './demo-seed';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  refuseDemoInProduction(config, 'The demo seed');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
  try {
    await seedDemo(app, config.demoPassword ?? 'labtrace-demo', config);
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  if (e instanceof DemoInProductionError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`demo seed failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

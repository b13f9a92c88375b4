import type { AppConfig } from '../config/app-config';

/**
 * Demo data has no place in a production database: its users share a published password and its
 * samples are not the lab's records. Every demo entry point calls this before writing anything.
 */
export function refuseDemoInProduction(config: Pick<AppConfig, 'production'>, what: string): void {
  if (!config.production) return;
  throw new DemoInProductionError(
    `${what} refuses to run with LABTRACE_ENV=production: demo users share a published password and demo samples are not lab records. ` +
      'Create the first admin with `npm run admin:create -- --email … --name …` instead.',
  );
}

export class DemoInProductionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoInProductionError';
  }
}

import { DemoInProductionError, refuseDemoInProduction } from './demo-refusal';

describe('demo data in production', () => {
  it('is refused with the reason and the way to the first admin', () => {
    expect(() => refuseDemoInProduction({ production: true }, 'The demo seed')).toThrow(DemoInProductionError);
    expect(() => refuseDemoInProduction({ production: true }, 'The demo seed')).toThrow(
      /^The demo seed refuses to run with LABTRACE_ENV=production: demo users share a published password.*npm run admin:create/,
    );
  });

  it('is allowed in development', () => {
    expect(() => refuseDemoInProduction({ production: false }, 'The demo seed')).not.toThrow();
  });
});

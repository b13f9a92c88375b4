import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetrcAdapterFactory } from './metrc.module';

describe('MetrcAdapterFactory', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  const config = (env: Record<string, string>) => AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), ...env });

  it('refuses to build without the Metrc configuration (a BioTrack run never builds it)', () => {
    expect(() => new MetrcAdapterFactory(config({ TRACEABILITY_ADAPTER: 'biotrack' })).create()).toThrow(/needs METRC_BASE_URL, METRC_VENDOR_KEY/);
  });

  it('builds one adapter from the configuration, with the map in force and Metrc labels', async () => {
    const factory = new MetrcAdapterFactory(
      config({
        TRACEABILITY_ADAPTER: 'metrc',
        // Nothing listens there: the start-up type check fails, and is only logged.
        METRC_BASE_URL: 'http://127.0.0.1:9',
        METRC_VENDOR_KEY: 'v',
        METRC_USER_KEY: 'u',
        METRC_LICENSE: 'OCM-LAB-25-000007',
        METRC_MAX_RETRIES: '0',
      }),
    );
    const adapter = factory.create();
    expect(factory.create()).toBe(adapter);
    expect([adapter.displayName, adapter.receivesInState, adapter.inventoryIds.description]).toEqual([
      'Metrc',
      false,
      'a 24-character Metrc package label (digits and capital letters)',
    ]);
    await new Promise((r) => setTimeout(r, 50));
  });
});

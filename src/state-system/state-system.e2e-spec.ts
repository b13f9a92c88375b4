import { createTestApp, TestContext } from '../../test/support/test-app';
import { BIOTRACK_IDS } from '../biotrack/biotrack-ids';
import { useInventoryIdSyntax } from '../traceability/inventory-id';

/** GET /v1/state-system answers for the adapter chosen at boot, to any signed-in lab user and nobody else. */
describe('GET /v1/state-system', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
    // The active inventory-id syntax is process-wide: leave BioTrack's, the default, behind.
    useInventoryIdSyntax(BIOTRACK_IDS);
  });

  it('names BioTrack by default, and needs a signed-in user', async () => {
    t = await createTestApp({ simulator: false });
    await t.http().get('/v1/state-system').expect(401);
    const tech = await t.userToken('technician');
    const res = await t.http().get('/v1/state-system').set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(res.body).toEqual({
      name: 'BioTrack',
      inventoryIdLabel: '16-digit inventory tag',
      inventoryIdPattern: '^\\d{16}$',
      inventoryIdDescription: 'exactly 16 digits',
      receivesInState: true,
    });
  });

  it('names Metrc with TRACEABILITY_ADAPTER=metrc: 24-character labels, receipt not through its API', async () => {
    // Nothing listens on this port: the adapter only warns that it could not check Metrc's types at start.
    t = await createTestApp({
      simulator: false,
      env: {
        TRACEABILITY_ADAPTER: 'metrc',
        METRC_BASE_URL: 'http://127.0.0.1:9',
        METRC_VENDOR_KEY: 'vendor',
        METRC_USER_KEY: 'user',
        METRC_LICENSE: 'OCM-LAB-25-000007',
        METRC_MAX_RETRIES: '0',
      },
    });
    const manager = await t.userToken('manager');
    const res = await t.http().get('/v1/state-system').set('Authorization', `Bearer ${manager.token}`).expect(200);
    expect(res.body).toEqual({
      name: 'Metrc',
      inventoryIdLabel: '24-character package label',
      inventoryIdPattern: '^[0-9A-Z]{24}$',
      inventoryIdDescription: 'a 24-character Metrc package label (digits and capital letters)',
      receivesInState: false,
    });
  });
});

import { announce, flowerSample, receivedSample, registerLicensee, seedStateSample } from '../support/lab';
import { createTestApp, TestContext } from '../support/test-app';

describe('probe', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  it('probes', async () => {
    const tech = (await t.userToken('technician')).token;
    const admin = (await t.userToken('admin')).token;
    const manager = (await t.userToken('manager')).token;
    const lic = await registerLicensee(t, admin);
    const out: string[] = [];
    const log = (what: string, res: { status: number; text: string }) => out.push(`${what} → ${res.status} ${res.text.slice(0, 200)}`);
    for (const receivedAt of ['2026-02-30T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', '2026-11-30']) {
      const s = flowerSample();
      await seedStateSample(t, lic.licenseNumber, s);
      const { res } = await announce(t, lic, [s]);
      const id = (res.body as { sampleIds: string[] }).sampleIds[0];
      log(`receive receivedAt=${receivedAt}`, await t.http().post(`/v1/samples/${id}/receive`).set('Authorization', `Bearer ${tech}`).send({ receivedQuantity: '7.0', unit: 'g', condition: 'acceptable', receivedAt }));
    }
    for (const collectedAt of ['2026-02-30T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z']) {
      log(`announce collectedAt=${collectedAt}`, (await announce(t, lic, [flowerSample({ collectedAt } as never)])).res);
    }
    const s = await receivedSample(t, tech, lic);
    for (const analysedAt of ['2026-02-30T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', '2026-11-30', '2026-13-01']) {
      log(`results analysedAt=${analysedAt}`, await t.http().put(`/v1/samples/${s.id}/results`).set('Authorization', `Bearer ${tech}`).send({ groups: [{ group: 'metals', analysedAt, analytes: [{ analyte: 'Lead', value: '0.1', unit: 'µg/g', analysedAt }] }] }));
    }
    for (const value of ['999999999999999', '0.000000000000000000000000000001', '00000000000000000001']) {
      log(`results value=${value}`, await t.http().put(`/v1/samples/${s.id}/results`).set('Authorization', `Bearer ${tech}`).send({ groups: [{ group: 'metals', analytes: [{ analyte: 'Lead', value, unit: 'µg/g', lod: value, loq: value, dilution: value }] }] }));
    }
    log('custody huge', await t.http().post(`/v1/samples/${s.id}/custody`).set('Authorization', `Bearer ${tech}`).send({ kind: 'moved', location: 'x'.repeat(199), quantity: '999999999', unit: 'g', note: '🧪'.repeat(300) }));
    log('licensee long', await t.http().post(`/v1/licensees`).set('Authorization', `Bearer ${admin}`).send({ licenseNumber: 'OCM-CULT-26-999999', name: 'x'.repeat(10000) }));
    log('not-tested', await t.http().post(`/v1/samples/${s.id}/not-tested`).set('Authorization', `Bearer ${manager}`).send({ analytes: Array.from({ length: 400 }, () => 'lead'), reason: 'x' }));
    log('qc resolve', await t.http().post(`/v1/samples/${s.id}/results/qc-flags/6f1c2b1e-0000-4000-8000-000000000000/resolve`).set('Authorization', `Bearer ${tech}`).send({ resolution: 'x' }));
    log('mapping', await t.http().put(`/v1/instrument-imports/mappings/instruments/${encodeURIComponent('x'.repeat(81))}`).set('Authorization', `Bearer ${manager}`).send({ sample: 'S', analyte: 'A', value: 'V' }));
    log('mapping2', await t.http().put(`/v1/instrument-imports/mappings/instruments/QQQ-1`).set('Authorization', `Bearer ${manager}`).send({ sample: 'S', analyte: 'A', value: 'V', methodId: 'x'.repeat(80) }));
    log('unlock-address', await t.http().post(`/v1/sign-in-locks/unlock-address`).set('Authorization', `Bearer ${admin}`).send({ address: 'x'.repeat(5000) }));
    log('unlock-address2', await t.http().post(`/v1/sign-in-locks/unlock-address`).set('Authorization', `Bearer ${admin}`).send({ address: '::ffff:999.1.1.1' }));
    log('users long', await t.http().post(`/v1/users`).set('Authorization', `Bearer ${admin}`).send({ email: `${'a'.repeat(64)}@${'b'.repeat(63)}.com`, displayName: 'x', password: 'correct-horse-battery-x', role: 'technician' }));
    log('webhook', await t.http().post(`/v1/licensee/webhooks`).set('X-API-Key', lic.apiKey).send({ url: 'https://' + 'a'.repeat(3000) + '.com/' }));
    process.stdout.write(out.join('\n') + '\n');
  });
});

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
    const edible = (edible: unknown) => announce(t, lic, [flowerSample({ productType: 'edible', edible } as never)]);
    log('edible serving > package', (await edible({ servingsPerPackage: '10', packageNetWeightG: '40', servingWeightG: '50' })).res);
    log('edible claim', (await edible({ servingsPerPackage: '10', packageNetWeightG: '40', labelClaim: { per: 'serving', totalThcMg: '10' } })).res);
    const twin = flowerSample();
    log('same tag twice', (await announce(t, lic, [twin, { ...twin }])).res);
    const lotClash = flowerSample();
    log('tag = lot', (await announce(t, lic, [{ ...lotClash, lotInventoryIds: [lotClash.inventoryId] }])).res);
    const s = await receivedSample(t, tech, lic);
    log('retest same tag', await t.http().post(`/v1/samples/${s.id}/retests`).set('Authorization', `Bearer ${tech}`).send({ sampleInventoryId: s.sampleInventoryId, quantity: '1', unit: 'g' }));
    log('retest lot tag', await t.http().post(`/v1/samples/${s.id}/retests`).set('Authorization', `Bearer ${tech}`).send({ sampleInventoryId: s.inventoryIds[0], quantity: '1', unit: 'g' }));
    log('dup licensee', await t.http().post(`/v1/licensees`).set('Authorization', `Bearer ${admin}`).send({ licenseNumber: lic.licenseNumber, name: 'x' }));
    log('receive edible in receipt', await t.http().post(`/v1/samples/${s.id}/receive`).set('Authorization', `Bearer ${tech}`).send({ receivedQuantity: '1', unit: 'g', condition: 'acceptable' }));
    const e = flowerSample({ productType: 'edible' });
    await seedStateSample(t, lic.licenseNumber, e);
    const eid = ((await announce(t, lic, [e])).res.body as { sampleIds: string[] }).sampleIds[0];
    log('receive edible serving > package', await t.http().post(`/v1/samples/${eid}/receive`).set('Authorization', `Bearer ${tech}`).send({ receivedQuantity: '1', unit: 'g', condition: 'acceptable', edible: { servingsPerPackage: '10', packageNetWeightG: '4', servingWeightG: '5' } }));
    log('user dup email', await t.http().post(`/v1/users`).set('Authorization', `Bearer ${admin}`).send({ email: 'dup@test.lab', displayName: 'x', password: 'correct-horse-battery-x', role: 'technician' }));
    log('user dup email 2', await t.http().post(`/v1/users`).set('Authorization', `Bearer ${admin}`).send({ email: 'DUP@test.lab', displayName: 'x', password: 'correct-horse-battery-x', role: 'technician' }));
    log('not-tested twice', await t.http().post(`/v1/samples/${s.id}/not-tested`).set('Authorization', `Bearer ${manager}`).send({ analytes: ['lead', 'Lead', 'Pb'], reason: 'x' }));
    log('mapping same', await t.http().put(`/v1/instrument-imports/mappings/instruments/QQQ 1`).set('Authorization', `Bearer ${manager}`).send({ sample: 'S', analyte: 'S', value: 'S' }));
    process.stdout.write(out.join('\n') + '\n');
  });
});

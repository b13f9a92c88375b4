import { randomInt } from 'node:crypto';
import { TestContext } from './test-app';

/** A fresh 16-digit inventory tag (first digit non-zero so it never looks shorter). */
export function inventoryId(): string {
  let s = String(randomInt(1, 10));
  while (s.length < 16) s += String(randomInt(0, 10));
  return s;
}

let licenseCounter = 0;
export function licenseNumber(): string {
  return `OCM-CULT-26-${String(100000 + ((++licenseCounter * 7919 + process.pid) % 900000)).padStart(6, '0')}`;
}

export interface LicenseeHandle {
  licenseNumber: string;
  apiKey: string;
  apiKeyId: string;
}

/** Registers a licensee through the admin API and issues it an API key. */
export async function registerLicensee(t: TestContext, adminToken: string, name = 'Test Cultivator LLC', license = licenseNumber()): Promise<LicenseeHandle> {
  await t
    .http()
    .post('/v1/licensees')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({
      licenseNumber: license,
      name,
      contactName: 'QA Desk',
      contactEmail: 'qa@example.com',
      contactPhone: '(518) 555-0100',
      address: '1 Farm Lane, Hudson, NY 12534',
    })
    .expect(201);
  const key = await t.http().post(`/v1/licensees/${license}/api-keys`).set('Authorization', `Bearer ${adminToken}`).send({ label: 'ERP' }).expect(201);
  const issued = key.body as { key: string; id: string };
  return { licenseNumber: license, apiKey: issued.key, apiKeyId: issued.id };
}

export interface AnnouncedSample {
  inventoryId: string;
  lotInventoryIds?: string[];
  productType: string;
  name: string;
  quantity: string;
  unit: string;
  requestedTests?: string[];
}

export function flowerSample(overrides: Partial<AnnouncedSample> = {}): AnnouncedSample {
  const lot = inventoryId();
  return { inventoryId: inventoryId(), lotInventoryIds: [lot], productType: 'flower', name: 'Blue Dream 3.5g', quantity: '7.0', unit: 'g', ...overrides };
}

export async function announce(t: TestContext, licensee: LicenseeHandle, samples: AnnouncedSample[], manifestId = `M-${inventoryId()}`) {
  const res = await t
    .http()
    .post('/v1/sample-transfers')
    .set('X-API-Key', licensee.apiKey)
    .send({ manifestId, licenseNumber: licensee.licenseNumber, samples });
  return { res, manifestId };
}

/**
 * Announces one sample and receives it as acceptable; returns the sample's detail body. `receive.receivedAt`
 * backdates the receipt (e.g. before an instrument file's or a COA's date, which a later receipt QC-flags):
 * the announcement is moved to an hour before it (a receipt before the announcement is refused) and the
 * late entry gives its reason.
 */
export async function receivedSample(
  t: TestContext,
  techToken: string,
  licensee: LicenseeHandle,
  overrides: Partial<AnnouncedSample> = {},
  receive: { receivedAt?: string } = {},
) {
  const sample = flowerSample(overrides);
  if (t.sim) await seedStateSample(t, licensee.licenseNumber, sample);
  const { res } = await announce(t, licensee, [sample]);
  const [id] = (res.body as { sampleIds: string[] }).sampleIds;
  if (receive.receivedAt) {
    await t.sql(`UPDATE samples SET created_at = $2::timestamptz - interval '1 hour' WHERE id = $1`, [id, receive.receivedAt]);
  }
  const late = receive.receivedAt ? { reason: 'Receipt log entered after the fact' } : {};
  const received = await t
    .http()
    .post(`/v1/samples/${id}/receive`)
    .set('Authorization', `Bearer ${techToken}`)
    .send({ receivedQuantity: sample.quantity, unit: sample.unit, condition: 'acceptable', storageLocation: 'Fridge 1', ...receive, ...late })
    .expect(200);
  return received.body as { id: string; labCode: string; panel: string[]; sampleInventoryId: string; inventoryIds: string[] };
}

/** The state system must know a sample before the lab can accept it there. */
export async function seedStateSample(t: TestContext, senderLicense: string, s: AnnouncedSample, manifestId = `SIM-${s.inventoryId}`) {
  await t.sim!.control('/_sim/samples', {
    samples: [
      {
        sampleId: s.inventoryId,
        parentInventoryIds: s.lotInventoryIds ?? [s.inventoryId],
        manifestId,
        senderLicense,
        productType: s.productType,
        name: s.name,
        quantity: s.quantity,
        uom: s.unit,
      },
    ],
  });
}

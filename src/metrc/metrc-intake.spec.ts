import type { MetrcClient } from './client/metrc.client';
import type { MetrcDeliveryPackage, MetrcIncomingTransfer } from './client/metrc.types';
import { MetrcIntake } from './metrc-intake';
import { productTypeOf, quantityOf, sourceLabels } from './metrc-intake.mapping';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const SAMPLE = '1A4060300002199000003445';
const LOT = '1A4060300002199000001111';

const transfer = (over: Partial<MetrcIncomingTransfer> = {}): MetrcIncomingTransfer => ({
  Id: 7,
  ManifestNumber: '0000012345',
  ShipperFacilityLicenseNumber: 'OCM-CULT-24-000123',
  DeliveryId: 70,
  CreatedDateTime: '2026-12-04T09:48:30.000',
  ...over,
});

const pkg = (over: Partial<MetrcDeliveryPackage> = {}): MetrcDeliveryPackage => ({
  PackageId: 501,
  PackageLabel: SAMPLE,
  ItemName: 'Blue Dream flower - lab sample',
  ItemCategoryName: 'Flower',
  ShipmentPackageState: 'Shipped',
  ShippedQuantity: 4.5,
  ShippedUnitOfMeasureName: 'Grams',
  SourcePackageLabels: `${LOT}, 1A4060300002199000002222`,
  ...over,
});

function fakeClient(byWindow: (start: Date, end: Date) => MetrcIncomingTransfer[], packages: Record<number, MetrcDeliveryPackage[]>) {
  const windows: Array<[string, string]> = [];
  const client = {
    listIncomingTransfers: jest.fn(async (start: Date, end: Date) => {
      windows.push([start.toISOString(), end.toISOString()]);
      return byWindow(start, end);
    }),
    listDeliveries: jest.fn(async (transferId: number) => [{ Id: transferId * 10 }]),
    listDeliveryPackages: jest.fn(async (deliveryId: number) => packages[deliveryId] ?? []),
  };
  return { client: client as unknown as MetrcClient, calls: client, windows };
}

describe('MetrcIntake', () => {
  it('walks the look-back in windows of at most 24 hours and makes one sample per package, keyed by label', async () => {
    const { client, windows } = fakeClient((start) => (start.toISOString().startsWith('2026-12-03T12') ? [transfer()] : []), { 70: [pkg()] });
    const intake = new MetrcIntake(client, { lookbackHours: 60, overlapMinutes: 10 }, () => NOW);
    const samples = await intake.pull();
    expect(windows).toEqual([
      ['2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z'],
      ['2026-12-03T00:00:00.000Z', '2026-12-04T00:00:00.000Z'],
      ['2026-12-04T00:00:00.000Z', '2026-12-04T12:00:00.000Z'],
    ]);
    expect(samples).toEqual([]);
    expect(intake.pulledThrough).toEqual(NOW);
  });

  it('follows a transfer to its delivery packages, the sampled lots from SourcePackageLabels', async () => {
    const { client } = fakeClient(() => [transfer()], { 70: [pkg()] });
    const samples = await new MetrcIntake(client, { lookbackHours: 24, overlapMinutes: 10 }, () => NOW).pull();
    expect(samples).toEqual([
      {
        sampleId: SAMPLE,
        parentInventoryIds: [LOT, '1A4060300002199000002222'],
        manifestId: '0000012345',
        senderLicense: 'OCM-CULT-24-000123',
        productType: 'flower',
        name: 'Blue Dream flower - lab sample',
        quantity: '4.5',
        uom: 'g',
        createdAt: '2026-12-04T09:48:30.000Z',
      },
    ]);
  });

  it('asks for deliveries when the row has no DeliveryId, skips voided transfers and rejected packages, and reads each delivery once', async () => {
    const rejected = pkg({ PackageLabel: '1A4060300002199000009999', ShipmentPackageState: 'Rejected' });
    const { client, calls } = fakeClient(
      () => [transfer({ DeliveryId: null, Id: 8 }), transfer({ DeliveryId: null, Id: 8 }), transfer({ Id: 9, IsVoided: true, DeliveryId: 90 })],
      {
        80: [pkg(), rejected],
        90: [pkg({ PackageLabel: '1A4060300002199000008888' })],
      },
    );
    const samples = await new MetrcIntake(client, { lookbackHours: 1, overlapMinutes: 0 }, () => NOW).pull();
    expect(samples.map((s) => s.sampleId)).toEqual([SAMPLE]);
    expect(calls.listDeliveryPackages).toHaveBeenCalledTimes(1);
  });

  it('starts the next pull at the cursor less the overlap, and does not move the cursor past a failed window', async () => {
    let now = NOW;
    let fail = false;
    const { client, windows } = fakeClient(() => {
      if (fail) throw new Error('Metrc is down');
      return [];
    }, {});
    const intake = new MetrcIntake(client, { lookbackHours: 1, overlapMinutes: 10 }, () => now);
    await intake.pull();
    now = new Date('2026-12-05T13:00:00.000Z');
    windows.length = 0;
    fail = true;
    await expect(intake.pull()).rejects.toThrow('Metrc is down');
    expect(windows).toEqual([['2026-12-04T11:50:00.000Z', '2026-12-05T11:50:00.000Z']]);
    expect(intake.pulledThrough).toEqual(NOW);
  });
});

describe('intake mapping', () => {
  it.each([
    ['Flower', 'flower'],
    ['Pre-Roll', 'pre-roll'],
    ['Infused Pre-Roll', 'pre-roll'],
    ['Vape Cartridge', 'vape'],
    ['Concentrate', 'concentrate'],
    ['Edible', 'edible'],
    ['Tincture', 'tincture'],
    ['Topical', 'topical'],
    ['Seeds', 'Seeds'],
  ])('reads the category %s as %s (an unknown one as written, for intake to name)', (category, type) => {
    expect(productTypeOf(category)).toBe(type);
  });

  it('converts Metrc units, ounces to grams exactly', () => {
    expect(quantityOf(1, 'Ounces')).toEqual({ quantity: '28.349523125', uom: 'g' });
    expect(quantityOf('2.50', 'Milliliters')).toEqual({ quantity: '2.5', uom: 'ml' });
    expect(quantityOf(3, 'Each')).toEqual({ quantity: '3', uom: 'each' });
  });

  it('reads source labels from a string or an array, once each', () => {
    expect(sourceLabels(`${LOT},${LOT}; 1A4060300002199000002222`)).toEqual([LOT, '1A4060300002199000002222']);
    expect(sourceLabels([LOT])).toEqual([LOT]);
    expect(sourceLabels(null)).toEqual([]);
  });
});

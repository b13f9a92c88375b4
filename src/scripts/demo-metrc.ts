import { randomInt } from 'node:crypto';

/** A demo product as the demo day describes it (NY product type, LabTrace unit). */
export interface DemoProduct {
  productType: string;
  name: string;
  quantity: string;
  uom: string;
}

/** The Metrc item category and unit the simulator's intake maps back to the demo's product type and unit. */
const CATEGORY_OF_PRODUCT_TYPE: Record<string, string> = {
  flower: 'Flower',
  'pre-roll': 'Pre-Roll',
  concentrate: 'Concentrate',
  vape: 'Vape Cartridge',
  edible: 'Edible',
  tincture: 'Tincture',
  topical: 'Topical',
};
const UNIT_NAME: Record<string, string> = { g: 'Grams', each: 'Each', mg: 'Milligrams', ml: 'Milliliters' };
/** The simulator's required-batch names by category (tools/metrc-simulator README, "Batches"). */
const BATCH_OF_CATEGORY: Record<string, string> = {
  Flower: 'NY Flower Compliance',
  'Pre-Roll': 'NY Flower Compliance',
  Concentrate: 'NY Concentrate Compliance',
  'Vape Cartridge': 'NY Concentrate Compliance',
  Edible: 'NY Infused Product Compliance',
  Tincture: 'NY Infused Product Compliance',
  Topical: 'NY Infused Product Compliance',
};

const LABEL_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A fresh 24-character package label in Metrc's usual `1A4…` form. */
export function demoPackageLabel(): string {
  return `1A4${Array.from({ length: 21 }, () => LABEL_CHARS[randomInt(LABEL_CHARS.length)]).join('')}`;
}

/**
 * One incoming transfer per product from the licensee to the lab in the Metrc simulator
 * (`POST /_sim/transfers`), each a test sample of one sampled lot, already received as if in Metrc's UI.
 * Answers the test samples' package labels in product order, or null with the reason when the
 * simulator refused.
 */
export async function seedMetrcTransfers(
  simulatorUrl: string,
  shipperLicense: string,
  products: readonly DemoProduct[],
): Promise<{ labels: string[] } | { refused: string }> {
  const labels: string[] = [];
  for (const p of products) {
    const category = CATEGORY_OF_PRODUCT_TYPE[p.productType] ?? 'Flower';
    const label = demoPackageLabel();
    const res = await fetch(`${simulatorUrl}/_sim/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        shipperLicense,
        packages: [
          {
            label,
            itemName: p.name,
            itemCategoryName: category,
            // The simulator takes a JSON number; the demo's quantities are short decimals.
            quantity: Number(p.quantity),
            unitOfMeasureName: UNIT_NAME[p.uom] ?? 'Grams',
            sourcePackageLabels: [demoPackageLabel()],
            requiredLabTestBatches: [BATCH_OF_CATEGORY[category]],
          },
        ],
      }),
    });
    if (!res.ok) return { refused: `${res.status} ${await res.text()}` };
    labels.push(label);
  }
  return { labels };
}

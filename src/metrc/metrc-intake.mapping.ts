import Decimal from 'decimal.js';
import type { InboundStateSample } from '../traceability/traceability.adapter';
import { parseMetrcDate } from './client/metrc-dates';
import type { MetrcDeliveryPackage, MetrcIncomingTransfer } from './client/metrc.types';

/**
 * Metrc item categories as NY product types. Categories are per-state configuration [I]; an unknown
 * one is passed on as written, so intake names it in its conflicts rather than guessing a panel.
 */
const PRODUCT_TYPE_OF_CATEGORY: Array<[RegExp, string]> = [
  [/pre-?roll|infused pre/i, 'pre-roll'],
  [/vape|cartridge|disposable/i, 'vape'],
  [/flower|bud|shake|trim|popcorn/i, 'flower'],
  [/concentrate|extract|resin|rosin|wax|shatter|distillate|kief|hash/i, 'concentrate'],
  [/edible|gumm|chocolate|beverage|baked|candy/i, 'edible'],
  [/tincture|oral/i, 'tincture'],
  [/topical|lotion|balm|transdermal/i, 'topical'],
];

export function productTypeOf(category: string | undefined): string {
  const name = (category ?? '').trim();
  return PRODUCT_TYPE_OF_CATEGORY.find(([pattern]) => pattern.test(name))?.[1] ?? (name || 'unknown');
}

/** Metrc units of measure as LabTrace's sample units; ounces and pounds become grams, exactly. */
const UNITS: Record<string, { unit: string; factor?: string }> = {
  grams: { unit: 'g' },
  milligrams: { unit: 'mg' },
  kilograms: { unit: 'kg' },
  milliliters: { unit: 'ml' },
  liters: { unit: 'l' },
  each: { unit: 'each' },
  ounces: { unit: 'g', factor: '28.349523125' },
  pounds: { unit: 'g', factor: '453.59237' },
};

export function quantityOf(quantity: unknown, unitName: string | null | undefined): { quantity: string; uom: string } {
  const known = UNITS[(unitName ?? '').trim().toLowerCase()];
  // JSON numbers arrive as numbers; their shortest text is what Metrc sent.
  const text = typeof quantity === 'number' ? String(quantity) : typeof quantity === 'string' ? quantity.trim() : '0';
  const value = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) ? new Decimal(text) : new Decimal(0);
  if (!known) return { quantity: value.toFixed(), uom: (unitName ?? '').trim().toLowerCase() || 'each' };
  return { quantity: (known.factor ? value.times(known.factor) : value).toFixed(), uom: known.unit };
}

/** `SourcePackageLabels` comes as a comma-separated string or an array. */
export function sourceLabels(value: string | string[] | null | undefined): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;\s]+/) : [];
  return [...new Set(list.map((l) => l.trim()).filter((l) => l !== ''))];
}

// The enum's numbers are not documented [I]; only its names are matched, so a numeric state is kept.
const NOT_AT_THE_LAB = new Set(['rejected', 'returned']);

/** A package still on its way to, or at, the lab (not rejected or returned). */
export function isInbound(p: MetrcDeliveryPackage): boolean {
  return !NOT_AT_THE_LAB.has(String(p.ShipmentPackageState ?? '').toLowerCase());
}

/** One delivered package as a sample keyed by its label; the sampled lots are its source packages. */
export function toInboundSample(transfer: MetrcIncomingTransfer, p: MetrcDeliveryPackage, timeZone = 'UTC'): InboundStateSample {
  const { quantity, uom } = quantityOf(p.ShippedQuantity, p.ShippedUnitOfMeasureName);
  const parents = sourceLabels(p.SourcePackageLabels);
  const createdAt = parseMetrcDate(transfer.CreatedDateTime, timeZone);
  return {
    sampleId: p.PackageLabel,
    parentInventoryIds: parents.length > 0 ? parents : [p.PackageLabel],
    manifestId: transfer.ManifestNumber,
    senderLicense: transfer.ShipperFacilityLicenseNumber,
    productType: productTypeOf(p.ItemCategoryName),
    name: (p.ItemName ?? p.PackageLabel).trim(),
    quantity,
    uom,
    ...(createdAt ? { createdAt } : {}),
  };
}

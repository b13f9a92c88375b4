import Decimal from 'decimal.js';

/** What an incoming announcement says about one sample, in the shape both intake paths share. */
export interface IncomingSample {
  sampleInventoryId: string;
  inventoryIds: string[];
  productType: string;
  name: string;
  quantity: string;
  unit: string;
}

export interface StoredSample extends IncomingSample {
  licenseNumber: string;
  manifestId: string;
}

/**
 * Differences between what is stored and what a repeat announcement says; empty means the repeat is
 * the same transfer. Quantities compare as numbers ("3.50" = "3.5"), lot lists as sets.
 */
export function describeDifferences(stored: StoredSample, incoming: IncomingSample & { licenseNumber: string; manifestId: string }): string[] {
  const diffs: string[] = [];
  const field = (name: string, a: string, b: string) => {
    if (a !== b) diffs.push(`${name}: stored ${a}, announced ${b}`);
  };
  field('manifestId', stored.manifestId, incoming.manifestId);
  field('licenseNumber', stored.licenseNumber, incoming.licenseNumber);
  field('productType', stored.productType, incoming.productType);
  field('name', stored.name, incoming.name);
  field('unit', stored.unit, incoming.unit);
  if (!new Decimal(stored.quantity).eq(incoming.quantity)) diffs.push(`quantity: stored ${stored.quantity}, announced ${incoming.quantity}`);
  const a = [...stored.inventoryIds].sort().join(',');
  const b = [...incoming.inventoryIds].sort().join(',');
  if (a !== b) diffs.push(`lotInventoryIds: stored ${a}, announced ${b}`);
  return diffs.map((d) => `${stored.sampleInventoryId} ${d}`);
}

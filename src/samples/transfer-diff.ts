import Decimal from 'decimal.js';

/** The edible columns an announcement sets, all null when it sent no edible facts. */
export interface EdibleValues {
  servingsPerPackage: string | null;
  packageNetWeightG: string | null;
  servingWeightG: string | null;
  claimTotalThcMg: string | null;
  claimTotalCbdMg: string | null;
  claimBasis: 'serving' | 'package' | null;
}

/**
 * What an announcement says about one sample, in the shape both intake paths share. The optional
 * facts are left undefined by a source that does not state them (the state system's inbound list),
 * and are then not compared; a licensee's announcement states them all (absent means none).
 */
export interface SampleFacts {
  sampleInventoryId: string;
  inventoryIds: string[];
  productType: string;
  name: string;
  quantity: string;
  unit: string;
  requestedTests?: string[];
  solventExtracted?: boolean;
  /** ISO 8601 instant, or null. */
  collectedAt?: string | null;
  collectionSite?: string | null;
  edible?: EdibleValues;
}

export type DiffValue = string | boolean | string[] | null;

/** One field that differs between what is on record and what a repeat announcement sent. */
export interface FieldDifference {
  inventoryId: string;
  /** The announcement's field path (`quantity`, `edible.labelClaim.per`); `samples` for a sample added or left off. */
  field: string;
  stored: DiffValue;
  sent: DiffValue;
}

const EDIBLE_FIELDS: ReadonlyArray<[keyof EdibleValues, string, 'decimal' | 'text']> = [
  ['servingsPerPackage', 'edible.servingsPerPackage', 'decimal'],
  ['packageNetWeightG', 'edible.packageNetWeightG', 'decimal'],
  ['servingWeightG', 'edible.servingWeightG', 'decimal'],
  ['claimTotalThcMg', 'edible.labelClaim.totalThcMg', 'decimal'],
  ['claimTotalCbdMg', 'edible.labelClaim.totalCbdMg', 'decimal'],
  ['claimBasis', 'edible.labelClaim.per', 'text'],
];

export const NO_EDIBLE_FACTS: EdibleValues = {
  servingsPerPackage: null,
  packageNetWeightG: null,
  servingWeightG: null,
  claimTotalThcMg: null,
  claimTotalCbdMg: null,
  claimBasis: null,
};

const sameDecimal = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Decimal(a).eq(b));
const sameSet = (a: readonly string[], b: readonly string[]) => [...new Set(a)].sort().join(',') === [...new Set(b)].sort().join(',');
const sameInstant = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Date(a).getTime() === new Date(b).getTime());
const blankToNull = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s);

/**
 * Every field in which `sent` differs from `stored` (complete facts of the same sample). Written
 * differently is not different: quantities compare as numbers ("3.50" = "3.5"), lot and test lists
 * as sets, instants as instants. A fact `sent` leaves undefined is not compared.
 */
export function sampleDifferences(stored: Required<SampleFacts>, sent: SampleFacts): FieldDifference[] {
  const diffs: FieldDifference[] = [];
  const push = (field: string, a: DiffValue, b: DiffValue) => diffs.push({ inventoryId: stored.sampleInventoryId, field, stored: a, sent: b });
  if (!sameSet(stored.inventoryIds, sent.inventoryIds)) push('lotInventoryIds', [...stored.inventoryIds].sort(), [...sent.inventoryIds].sort());
  for (const field of ['productType', 'name', 'unit'] as const) if (stored[field] !== sent[field]) push(field, stored[field], sent[field]);
  if (!sameDecimal(stored.quantity, sent.quantity)) push('quantity', stored.quantity, sent.quantity);
  if (sent.requestedTests !== undefined && !sameSet(stored.requestedTests, sent.requestedTests))
    push('requestedTests', [...stored.requestedTests].sort(), [...sent.requestedTests].sort());
  if (sent.solventExtracted !== undefined && stored.solventExtracted !== sent.solventExtracted)
    push('solventExtracted', stored.solventExtracted, sent.solventExtracted);
  if (sent.collectedAt !== undefined && !sameInstant(stored.collectedAt, sent.collectedAt)) push('collectedAt', stored.collectedAt, sent.collectedAt);
  if (sent.collectionSite !== undefined && blankToNull(stored.collectionSite) !== blankToNull(sent.collectionSite))
    push('collectionSite', stored.collectionSite, sent.collectionSite);
  if (sent.edible !== undefined) {
    for (const [key, field, kind] of EDIBLE_FIELDS) {
      const a = stored.edible[key];
      const b = sent.edible[key];
      if (kind === 'decimal' ? !sameDecimal(a, b) : a !== b) push(field, a, b);
    }
  }
  return diffs;
}

/** A sample on record that a repeat leaves off, and one it adds. */
export const sampleLeftOff = (inventoryId: string): FieldDifference => ({ inventoryId, field: 'samples', stored: inventoryId, sent: null });
export const sampleAdded = (inventoryId: string): FieldDifference => ({ inventoryId, field: 'samples', stored: null, sent: inventoryId });

const show = (v: DiffValue) => (v === null ? 'none' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

/** "1111222233334444 quantity: stored 3.50, sent 4", or what happened to a whole sample. */
export function describeDifference(d: FieldDifference): string {
  if (d.field === 'samples')
    return d.sent === null ? `${d.inventoryId} is on the manifest but not in this announcement` : `${d.inventoryId} is new to the manifest`;
  return `${d.inventoryId} ${d.field}: stored ${show(d.stored)}, sent ${show(d.sent)}`;
}

import { PRODUCT_TYPES, ProductType } from './product-types';

/**
 * Names the rules file uses for sets of product types, as a limit row may say them.
 * - inhaled products: flower, pre-roll, concentrate, vape (what is smoked or vaporised).
 * - other products: everything not inhaled (edible, tincture, topical, other).
 * - extracted products: concentrate, vape, tincture, edible, topical, and 'other', NY's catch-all
 *   for infused products: those are made from extracts, and applying the extract limits is the
 *   safer reading until OCM's table says otherwise.
 * A stored limit set always holds the expanded list, so the set a result was judged by never
 * depends on this table.
 */
export const PRODUCT_TYPE_SETS: Readonly<Record<string, readonly ProductType[]>> = {
  all: PRODUCT_TYPES,
  'all products': PRODUCT_TYPES,
  'inhaled products': ['flower', 'pre-roll', 'concentrate', 'vape'],
  'other products': ['edible', 'tincture', 'topical', 'other'],
  'extracted products': ['concentrate', 'vape', 'tincture', 'edible', 'topical', 'other'],
};

export function isProductType(value: string): value is ProductType {
  return (PRODUCT_TYPES as readonly string[]).includes(value);
}

/**
 * Expands product types and set names into product types in the vocabulary's order; names it
 * does not know come back in `unknown`.
 */
export function expandProductTypes(entries: readonly string[]): { productTypes: ProductType[]; unknown: string[] } {
  const chosen = new Set<ProductType>();
  const unknown: string[] = [];
  for (const entry of entries) {
    const name = entry.trim().toLowerCase();
    const expanded = isProductType(name) ? [name] : PRODUCT_TYPE_SETS[name];
    if (expanded) expanded.forEach((type) => chosen.add(type));
    else unknown.push(entry);
  }
  return { productTypes: PRODUCT_TYPES.filter((type) => chosen.has(type)), unknown };
}

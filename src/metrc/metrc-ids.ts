import type { InventoryIdSyntax } from '../traceability/inventory-id';

/**
 * Metrc package labels (tags): 24 characters, digits and capital letters. Metrc's own examples use
 * `ABCDEF012345670000010042`, so no `1A4` prefix is required (shared/metrc-ny-api.md §3); otherwise opaque.
 */
export const METRC_LABELS: InventoryIdSyntax = {
  pattern: /^[0-9A-Z]{24}$/,
  description: 'a 24-character Metrc package label (digits and capital letters)',
};

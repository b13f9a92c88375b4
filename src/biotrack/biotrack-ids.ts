import type { InventoryIdSyntax } from '../traceability/inventory-id';

/** BioTrack-NY's ids (inventory tags, sample ids, result ids) are 16-digit strings. */
export const BIOTRACK_IDS: InventoryIdSyntax = { pattern: /^\d{16}$/, description: 'exactly 16 digits' };

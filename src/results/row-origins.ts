/** Where a stored (not computed) row of a sample's current version came from. */
export interface StoredRowOrigin {
  sampleId: string;
  analyte: string;
  analyteGroup: string;
  sourceType: string;
  sourceId: string | null;
  /** UTC ISO, or null. */
  analysedAt: string | null;
  /** What the row reports (read for the reason rule, see handRowsChanged; absent where only the origin was read). */
  value?: string | null;
  qualifier?: string | null;
  unit?: string;
  /** Who wrote it (their label), or null. */
  analyst?: string | null;
}

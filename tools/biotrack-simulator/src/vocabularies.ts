/** Fixed vocabularies of the working NY-API contract (shared/biotrack-ny-api.md). */
export const CATEGORIES = [
  'potency',
  'terpenes',
  'metals',
  'pesticides',
  'mycotoxins',
  'microbials',
  'solvents',
  'moisture',
  'water_activity',
  'foreign_matter',
] as const;
export const STATUSES = ['pass', 'fail', 'na'] as const;
export const ANALYTE_UOMS = ['%', 'mg/g', 'ug/g', 'ppm', 'ug/kg', 'ppb', 'cfu/g', 'aw'] as const;
/** The empty string means "no qualifier": a plain measured value. */
export const QUALIFIERS = ['ND', '<LOQ', '>ULOQ', ''] as const;
/** Units a received quantity may be given in. */
export const QUANTITY_UOMS = ['g', 'mg', 'kg', 'ml', 'l', 'each'] as const;
export const SAMPLE_STATUSES = ['pending', 'accepted', 'rejected'] as const;

export type Category = (typeof CATEGORIES)[number];
export type TestStatus = (typeof STATUSES)[number];
export type AnalyteUom = (typeof ANALYTE_UOMS)[number];
export type Qualifier = (typeof QUALIFIERS)[number];
export type QuantityUom = (typeof QUANTITY_UOMS)[number];
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

export const TAG_PATTERN = /^\d{16}$/;
export const DECIMAL_PATTERN = /^\d+(\.\d+)?$/;
export const UTC_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** New York's product type vocabulary, as the state system uses it. */
export const PRODUCT_TYPES = ['flower', 'pre-roll', 'concentrate', 'vape', 'edible', 'tincture', 'topical', 'other'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

/** LabTrace's canonical analyte groups (the state's categories are mapped in the BioTrack adapter). */
export const ANALYTE_GROUPS = [
  'cannabinoids',
  'terpenes',
  'metals',
  'pesticides',
  'mycotoxins',
  'microbials',
  'residual_solvents',
  'moisture',
  'water_activity',
  'foreign_matter',
] as const;
export type AnalyteGroup = (typeof ANALYTE_GROUPS)[number];

import type { components } from '../api/schema';
import { groupName } from './display-names';

type Schemas = components['schemas'];

/** Enumerations as the OpenAPI document states them (the arrays are checked against the generated unions). */
export const PRODUCT_TYPES = [
  'flower',
  'pre-roll',
  'concentrate',
  'vape',
  'edible',
  'tincture',
  'topical',
  'other',
] as const satisfies readonly Schemas['AnnouncedSampleDto']['productType'][];
export const QUANTITY_UNITS = ['g', 'mg', 'kg', 'ml', 'l', 'each'] as const satisfies readonly Schemas['ReceiveSampleDto']['unit'][];
export const QUALIFIERS = ['ND', '<LOQ', '>ULOQ'] as const satisfies readonly NonNullable<Schemas['AnalyteEntryDto']['qualifier']>[];
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
] as const satisfies readonly Schemas['GroupEntryDto']['group'][];
export const ROLES = ['technician', 'manager', 'admin'] as const satisfies readonly Schemas['CreateUserDto']['role'][];

/** One mapping of group ids to names, in display-names.ts. */
export function groupLabel(group: string): string {
  return groupName(group);
}

import { InvalidInput } from './errors';
/** A lab test type as `/labtests/v2/types` lists it (enums held as names, printed per `enumStyle`). */
export interface LabTestType {
  Id: number;
  Name: string;
  RequiresTestResult: boolean;
  InformationalOnly: boolean;
  ResearchAndDevelopment: boolean;
  AlwaysPasses: boolean;
  MaxAllowedFailureCount: number;
  LabTestResultMode: 'Default' | 'PassFail';
  LabTestResultMinimum: number | null;
  LabTestResultMaximum: number | null;
  LabTestResultExpirationDays: number | null;
  DependencyMode: 'RequiresAll' | 'RequiresOne';
}

export interface LabTestBatch {
  Id: number;
  Name: string;
  typeNames: string[];
  itemCategories: string[];
}

const type = (Id: number, Name: string, extra: Partial<LabTestType> = {}): LabTestType => ({
  Id,
  Name,
  RequiresTestResult: true,
  InformationalOnly: false,
  ResearchAndDevelopment: false,
  AlwaysPasses: false,
  MaxAllowedFailureCount: 0,
  LabTestResultMode: 'Default',
  LabTestResultMinimum: null,
  LabTestResultMaximum: null,
  LabTestResultExpirationDays: 365,
  DependencyMode: 'RequiresAll',
  ...extra,
});

const informational: Partial<LabTestType> = { InformationalOnly: true, AlwaysPasses: true, RequiresTestResult: false, LabTestResultExpirationDays: null };
const passFail: Partial<LabTestType> = { LabTestResultMode: 'PassFail', DependencyMode: 'RequiresOne' };

/**
 * NY's real test-type names are not public (contract §5, [I]): these follow Metrc's `Analyte (unit)` pattern
 * without a matrix. Maxima are set only where one limit holds for every NY product (so a correct LIMS never
 * meets a refusal for a matrix the list cannot name).
 */
export const DEFAULT_LAB_TEST_TYPES: readonly LabTestType[] = [
  type(1, 'THC (%)', informational),
  type(2, 'THCA (%)', informational),
  type(3, 'Total THC (%)', informational),
  type(4, 'CBD (%)', informational),
  type(5, 'CBDA (%)', informational),
  type(6, 'Total CBD (%)', informational),
  type(7, 'Total Terpenes (%)', informational),
  type(8, 'Arsenic (µg/g)'),
  type(9, 'Cadmium (µg/g)'),
  type(10, 'Lead (µg/g)'),
  type(11, 'Mercury (µg/g)'),
  type(12, 'Nickel (µg/g)', { LabTestResultMaximum: 5 }),
  type(13, 'Chromium (µg/g)', { LabTestResultMaximum: 100 }),
  type(14, 'Copper (µg/g)', { LabTestResultMaximum: 30 }),
  type(15, 'Antimony (µg/g)', { LabTestResultMaximum: 2 }),
  type(16, 'Total Aflatoxins (µg/kg)'),
  type(17, 'Ochratoxin A (µg/kg)'),
  type(18, 'Total Yeast and Mold (CFU/g)'),
  type(19, 'Total Aerobic Count (CFU/g)'),
  type(20, 'Salmonella (presence in 1 g)', { LabTestResultMinimum: 0, LabTestResultMaximum: 0 }),
  type(21, 'STEC (presence in 1 g)', { LabTestResultMinimum: 0, LabTestResultMaximum: 0 }),
  type(22, 'Aspergillus (presence in 1 g)', { LabTestResultMinimum: 0, LabTestResultMaximum: 0 }),
  type(23, 'Pesticides (pass/fail)', passFail),
  type(24, 'Residual Solvents (pass/fail)', passFail),
  type(25, 'Moisture Content (%)', { LabTestResultMaximum: 15 }),
  type(26, 'Water Activity (Aw)', { LabTestResultMaximum: 0.65 }),
  type(27, 'Foreign Matter (pass/fail)', passFail),
];

const CORE = [
  'THC (%)',
  'THCA (%)',
  'Total THC (%)',
  'CBD (%)',
  'CBDA (%)',
  'Total CBD (%)',
  'Arsenic (µg/g)',
  'Cadmium (µg/g)',
  'Lead (µg/g)',
  'Mercury (µg/g)',
  'Nickel (µg/g)',
  'Chromium (µg/g)',
  'Copper (µg/g)',
  'Antimony (µg/g)',
  'Total Aflatoxins (µg/kg)',
  'Ochratoxin A (µg/kg)',
  'Total Yeast and Mold (CFU/g)',
  'Total Aerobic Count (CFU/g)',
  'Salmonella (presence in 1 g)',
  'STEC (presence in 1 g)',
  'Aspergillus (presence in 1 g)',
  'Pesticides (pass/fail)',
];

export const DEFAULT_LAB_TEST_BATCHES: readonly LabTestBatch[] = [
  {
    Id: 1,
    Name: 'NY Flower Compliance',
    typeNames: [...CORE, 'Total Terpenes (%)', 'Moisture Content (%)', 'Water Activity (Aw)', 'Foreign Matter (pass/fail)'],
    itemCategories: ['Flower', 'Pre-Roll'],
  },
  {
    Id: 2,
    Name: 'NY Concentrate Compliance',
    typeNames: [...CORE, 'Total Terpenes (%)', 'Residual Solvents (pass/fail)'],
    itemCategories: ['Concentrate', 'Vape Cartridge'],
  },
  { Id: 3, Name: 'NY Infused Product Compliance', typeNames: [...CORE, 'Residual Solvents (pass/fail)'], itemCategories: ['Edible', 'Tincture', 'Topical'] },
];

export const ITEM_CATEGORIES: Record<string, 'Buds' | 'Concentrate' | 'InfusedEdible' | 'InfusedNonEdible'> = {
  Flower: 'Buds',
  'Pre-Roll': 'Buds',
  Concentrate: 'Concentrate',
  'Vape Cartridge': 'Concentrate',
  Edible: 'InfusedEdible',
  Tincture: 'InfusedEdible',
  Topical: 'InfusedNonEdible',
};

const FIELDS: Record<keyof LabTestType, (v: unknown) => boolean> = {
  Id: (v) => Number.isInteger(v) && (v as number) > 0,
  Name: (v) => typeof v === 'string' && v.trim() !== '',
  RequiresTestResult: (v) => typeof v === 'boolean',
  InformationalOnly: (v) => typeof v === 'boolean',
  ResearchAndDevelopment: (v) => typeof v === 'boolean',
  AlwaysPasses: (v) => typeof v === 'boolean',
  MaxAllowedFailureCount: (v) => Number.isInteger(v),
  LabTestResultMode: (v) => v === 'Default' || v === 'PassFail',
  LabTestResultMinimum: (v) => v === null || typeof v === 'number',
  LabTestResultMaximum: (v) => v === null || typeof v === 'number',
  LabTestResultExpirationDays: (v) => v === null || Number.isInteger(v),
  DependencyMode: (v) => v === 'RequiresAll' || v === 'RequiresOne',
};

/**
 * Reads a replacement type list (env file or `/_sim/lab-test-types`): Metrc field names, enums as names;
 * missing fields take the defaults of `type()`. Throws with every problem listed.
 */
export function readLabTestTypes(value: unknown): LabTestType[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidInput('types must be a non-empty array');
  const problems: string[] = [];
  const types = (value as unknown[]).map((item, i) => {
    if (typeof item !== 'object' || item === null) {
      problems.push(`types[${i}]: must be an object`);
      return undefined;
    }
    const merged = { ...type(0, ''), ...(item as Partial<LabTestType>) };
    for (const key of Object.keys(item)) if (!(key in FIELDS)) problems.push(`types[${i}].${key}: is not a lab test type field`);
    for (const [key, ok] of Object.entries(FIELDS)) if (!ok(merged[key as keyof LabTestType])) problems.push(`types[${i}].${key}: is invalid`);
    return merged;
  });
  const names = types.map((t) => t?.Name);
  const ids = types.map((t) => t?.Id);
  if (new Set(names).size !== names.length) problems.push('types: names must be unique');
  if (new Set(ids).size !== ids.length) problems.push('types: ids must be unique');
  if (problems.length) throw new InvalidInput(problems.join('; '));
  return types as LabTestType[];
}

import { SimConfig } from './config';

/** Numeric values Metrc gives these enums [I]: only the names are documented. */
const ENUMS = {
  DependencyMode: ['RequiresAll', 'RequiresOne'],
  LabTestResultMode: ['Default', 'PassFail'],
  ShipmentLicenseType: ['Licensed', 'Unlicensed'],
  ProductCategoryType: ['Plants', 'Buds', 'Concentrate', 'InfusedEdible', 'InfusedNonEdible', 'Other'],
  QuantityType: ['CountBased', 'WeightBased', 'VolumeBased'],
} as const;

export type EnumName = keyof typeof ENUMS;

/**
 * Metrc prints the same enum as a number in one row and a string in the next; `mixed` does the same,
 * numbers on even rows and names on odd rows, so a client must accept both.
 */
export function enumValue<E extends EnumName>(name: E, value: (typeof ENUMS)[E][number], row: number, style: SimConfig['enumStyle']): number | string {
  const index = (ENUMS[name] as readonly string[]).indexOf(value);
  if (style === 'number' || (style === 'mixed' && row % 2 === 0)) return index;
  return value;
}

export const enumNames = (name: EnumName): readonly string[] => ENUMS[name];

import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The syntax of the state system's inventory ids (BioTrack: 16-digit tags). It belongs to the adapter
 * in use; everything else asks here rather than writing the pattern out.
 */
export interface InventoryIdSyntax {
  readonly pattern: RegExp;
  /** How a message finishes "inventoryId must be …". */
  readonly description: string;
}

let active: InventoryIdSyntax = { pattern: /^\d{16}$/, description: 'exactly 16 digits' };

/** Set once at boot from the adapter chosen by configuration. */
export function useInventoryIdSyntax(syntax: InventoryIdSyntax): void {
  active = syntax;
}

export function inventoryIdSyntax(): InventoryIdSyntax {
  return active;
}

export function isInventoryId(value: unknown): boolean {
  return typeof value === 'string' && active.pattern.test(value);
}

/** class-validator: the property (or each element, with `each`) is an inventory id of the state system in use. */
export function IsInventoryId(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInventoryId',
      validator: {
        validate: (value) => isInventoryId(value),
        defaultMessage: (args) => `${options.each ? 'each of ' : ''}${args?.property ?? 'value'} must be ${active.description}`,
      },
    },
    options,
  );
}

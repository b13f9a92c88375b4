import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The syntax of the state system's inventory ids. It belongs to the adapter in use (its
 * `inventoryIds`), which makes it the active one at boot; everything else asks here rather than
 * writing the pattern out.
 */
export interface InventoryIdSyntax {
  readonly pattern: RegExp;
  /** How a message finishes "inventoryId must be …". */
  readonly description: string;
}

let active: InventoryIdSyntax | null = null;

/** Set at boot from the adapter chosen by configuration; a unit test or script that never boots sets it itself. */
export function useInventoryIdSyntax(syntax: InventoryIdSyntax): void {
  active = syntax;
}

/** The active syntax. There is none before boot: asking then is a mistake, not a reason to guess. */
export function inventoryIdSyntax(): InventoryIdSyntax {
  if (!active) {
    throw new Error('No inventory-id syntax is set: the state adapter sets it at boot; code that runs without booting must call useInventoryIdSyntax first');
  }
  return active;
}

export function isInventoryId(value: unknown): boolean {
  return typeof value === 'string' && inventoryIdSyntax().pattern.test(value);
}

/** class-validator: the property (or each element, with `each`) is an inventory id of the state system in use. */
export function IsInventoryId(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInventoryId',
      validator: {
        validate: (value) => isInventoryId(value),
        defaultMessage: (args) => `${options.each ? 'each of ' : ''}${args?.property ?? 'value'} must be ${inventoryIdSyntax().description}`,
      },
    },
    options,
  );
}

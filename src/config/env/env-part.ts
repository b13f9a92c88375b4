/** Numeric variables: unset or empty stays undefined, so the field's default applies. */
export const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * One concern's variables: a class whose decorated fields give each one's type and default. Variables
 * without a default may be no key of a fresh instance, so the class also names them in `withoutDefault`.
 */
export interface EnvPart {
  new (): object;
  readonly prototype: object;
  readonly withoutDefault: readonly string[];
}

/** Every variable a part reads: the keys of a fresh instance and the ones without a default. */
export function partVariables(part: EnvPart): string[] {
  return [...Object.keys(new part()), ...part.withoutDefault];
}

import { ResultCell } from './cell-values';
import { ParsedRow } from './parser.types';

/**
 * Pieces of a `ParsedRow` built by spreading: a field is left out, not set to undefined, when the
 * file does not give it, so rows compare equal to what the file holds.
 */

/** Value (when a number), qualifier (when not) and the verbatim cell. */
export function resultFields(read: ResultCell): Pick<ParsedRow, 'value' | 'qualifier' | 'raw'> {
  return {
    ...(read.value !== undefined ? { value: read.value } : {}),
    ...(read.qualifier ? { qualifier: read.qualifier } : {}),
    raw: read.raw,
  };
}

/** `{ [key]: value }` when the value is a non-empty string, else nothing. */
export function presentField<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value ? ({ [key]: value } as { [P in K]?: string }) : {};
}

/** The row's flags when there are any. */
export function flagsField(flags: string[]): Pick<ParsedRow, 'flags'> {
  return flags.length ? { flags } : {};
}

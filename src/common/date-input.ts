import { ValidateBy, ValidationOptions } from 'class-validator';

/** Years a lab date can fall in: PostgreSQL and JavaScript both hold them exactly (year 0 and "+275760" they do not). */
export const DATE_INPUT_YEARS = { min: 1900, max: 9999 } as const;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether `text` is an ISO 8601 date or date-time on a real calendar day (no 30 February, which
 * JavaScript would roll into March) with a real clock time, in DATE_INPUT_YEARS.
 */
export function isDateTimeInput(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (year < DATE_INPUT_YEARS.min || year > DATE_INPUT_YEARS.max || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  return hour <= 23 && minute <= 59 && second <= 59 && Number.isFinite(Date.parse(text));
}

/** class-validator's face of isDateTimeInput, the message naming the field. */
export function IsDateTimeInput(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTimeInput',
      validator: {
        validate: (value: unknown) => isDateTimeInput(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an ISO 8601 date-time on a real calendar day, years ${DATE_INPUT_YEARS.min} to ${DATE_INPUT_YEARS.max}, e.g. "2026-11-30T14:00:00Z"`,
      },
    },
    options,
  );
}

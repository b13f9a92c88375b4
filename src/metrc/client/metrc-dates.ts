/**
 * Metrc's own examples mix date formats (shared/metrc-ny-api.md §4): `2015-12-15T00:00:00Z`, date-only
 * `2014-11-29`, explicit offsets, no offset at all, seven-digit fractions and the .NET sentinel
 * `0001-01-01T00:00:00+00:00` meaning "none". A time without an offset is read as UTC [I].
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The instant as ISO 8601 UTC with milliseconds, or null for an empty value or the sentinel. */
export function parseMetrcDate(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  if (Number(y) < 1900) return null;
  const millis = (fraction + '000').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${offset}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** What Metrc is sent: ISO 8601 with an explicit offset (UTC), to the second. */
export function metrcTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

import { isDecimalString, toDecimal } from '../../rules/judgement/decimal';

/** What a row reports, as stored or as about to be stored. */
export interface ReportedRow {
  analyteGroup: string;
  analyte: string;
  analyteName: string;
  value: string | null;
  qualifier: string | null;
  unit: string;
  computed: boolean;
}

/** A recorded row a write would change (value, qualifier or unit) or remove. */
export interface RowCorrection {
  group: string;
  analyte: string;
  name: string;
  /** The reported result as recorded, e.g. "0.12 µg/g" or "ND". */
  before: string;
  /** The new reported result; null: the row is removed. */
  after: string | null;
}

/**
 * The recorded rows of the `touched` groups that `next` changes or drops. Computed totals follow
 * their components and are left out; a row only added, or sent again as recorded, is no correction.
 */
export function correctionsOf(recorded: readonly ReportedRow[], next: readonly ReportedRow[], touched: ReadonlySet<string>): RowCorrection[] {
  const written = new Map(next.filter((r) => !r.computed && touched.has(r.analyteGroup)).map((r) => [r.analyte, r]));
  const corrections: RowCorrection[] = [];
  for (const old of recorded) {
    if (old.computed || !touched.has(old.analyteGroup)) continue;
    const now = written.get(old.analyte);
    if (now && sameReport(old, now)) continue;
    corrections.push({ group: old.analyteGroup, analyte: old.analyte, name: old.analyteName, before: reported(old), after: now ? reported(now) : null });
  }
  return corrections;
}

const LISTED = 5;

/** The `reason` field's message: which recorded rows the write would change or remove (the first few). */
export function reasonRequiredMessage(corrections: readonly RowCorrection[]): string {
  const listed = corrections.slice(0, LISTED).map((c) => (c.after === null ? `remove ${c.name} (${c.before})` : `change ${c.name} (${c.before} → ${c.after})`));
  const more = corrections.length > LISTED ? ` and ${corrections.length - LISTED} more` : '';
  return `reason is required to ${listed.join(', ')}${more}: results already recorded change only with a reason`;
}

/** Whether a reason says anything (blank or whitespace is no reason). */
export function hasReason(reason: string | null | undefined): reason is string {
  return typeof reason === 'string' && reason.trim().length > 0;
}

function sameReport(a: ReportedRow, b: ReportedRow): boolean {
  return a.qualifier === b.qualifier && a.unit === b.unit && sameValue(a.value, b.value);
}

/**
 * Equal as PostgreSQL numeric stores them: the same number written to the same places ("0.120" is
 * not "0.12": the COA prints the places), whatever blanks or leading zeros were typed.
 */
function sameValue(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.trim() === b.trim()) return true;
  if (!isDecimalString(a) || !isDecimalString(b)) return false;
  return toDecimal(a).eq(toDecimal(b)) && places(a) === places(b);
}

function places(value: string): number {
  const written = value.trim();
  const point = written.indexOf('.');
  return point < 0 ? 0 : written.length - point - 1;
}

function reported(r: ReportedRow): string {
  if (r.value === null) return r.qualifier ?? '';
  return `${r.qualifier === '>ULOQ' ? '>ULOQ ' : ''}${r.value} ${r.unit}`;
}

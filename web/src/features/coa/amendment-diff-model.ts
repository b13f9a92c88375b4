import type { AnalyteChange, AnalyteSide } from './amendments-api';

/**
 * One side of a change. Its LOD, method, registry method id, analysed day and reportedBy (null: this
 * laboratory's result; else the other lab whose COA it was imported from) are optional: amendments
 * requested before the diff covered them (2026-12-06) do not carry them.
 */
export type DiffSide = AnalyteSide;

/** The table's cells and the diffed fields each shows. */
export const CELL_FIELDS = {
  value: ['value', 'qualifier', 'unit'],
  facts: ['lod', 'loq', 'limit'],
  analysis: ['method', 'methodId', 'analysedDay'],
  provenance: ['reportedBy'],
  status: ['status'],
} as const;
export type DiffCell = keyof typeof CELL_FIELDS;

/** The fields that differ (older answers name fewer). */
function fieldsOf(change: AnalyteChange): readonly string[] {
  return change.fields;
}

/** Whether the cell shows a field a changed analyte changed (added and removed rows are marked whole). */
export function cellChanged(change: AnalyteChange, cell: DiffCell): boolean {
  const fields = fieldsOf(change);
  return change.change === 'changed' && (CELL_FIELDS[cell] as readonly string[]).some((f) => fields.includes(f));
}

/** The LOD (only where it changed: most rows keep theirs), LOQ and limit a result was reported and judged with. */
export function factsLine(side: DiffSide | null, change: AnalyteChange): string | null {
  if (!side) return null;
  const lodShown = fieldsOf(change).includes('lod') && change.change === 'changed';
  const parts = [lodShown ? `LOD ${side.lod ?? 'none'}` : null, side.loq ? `LOQ ${side.loq}` : null, side.limit ? `limit ${side.limit}` : null];
  const shown = parts.filter((p) => p !== null);
  return shown.length > 0 ? shown.join(' · ') : null;
}

/**
 * How and when the result was measured, only where the amendment changes it (the method as printed,
 * with its registry id; the lab day analysed), or for an added or removed analyte. Null otherwise.
 */
export function analysisLine(side: DiffSide | null, change: AnalyteChange): string | null {
  if (!side || change.change === 'unchanged' || change.computed) return null;
  const fields = fieldsOf(change);
  const whole = change.change !== 'changed';
  // An added or removed analyte of an amendment requested before these facts were kept has none to show.
  if (whole && side.method === undefined && side.analysedDay === undefined) return null;
  const parts: string[] = [];
  if (whole || fields.includes('method') || fields.includes('methodId')) {
    const method = side.method ?? 'not recorded';
    parts.push(`Method: ${side.methodId ? `${method} [${side.methodId}]` : method}`);
  }
  if (whole || fields.includes('analysedDay')) parts.push(`Analysed: ${side.analysedDay ?? 'not recorded'}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * Whose result it is, for a changed row of another lab's COA or one that becomes this lab's: a re-test
 * (reportedBy changes: "Reported by SC Labs" → "Reported by this laboratory (re-test)") or a
 * transcription correction (reportedBy stays: "Reported by SC Labs" → "… (transcription corrected)").
 * Null for this lab's own rows, unchanged rows, and amendments older than the field.
 */
export function provenanceLine(side: DiffSide | null, change: AnalyteChange, which: 'before' | 'after'): string | null {
  if (!side || change.change !== 'changed' || change.computed || side.reportedBy === undefined) return null;
  const moved = fieldsOf(change).includes('reportedBy');
  if (!moved && side.reportedBy === null) return null;
  const who = `Reported by ${side.reportedBy ?? 'this laboratory'}`;
  if (which === 'before') return who;
  if (moved) return side.reportedBy === null ? `${who} (re-test)` : who;
  return `${who} (transcription corrected by this laboratory)`;
}

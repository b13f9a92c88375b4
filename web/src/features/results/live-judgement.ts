import {
  canConvert,
  canonicalUnit,
  convert,
  getAnalyte,
  isDecimalString,
  judgeGroup,
  type Analyte,
  type AnalyteResultInput,
  type AnalyteStatus,
  type GroupStatus,
  type Qualifier,
} from '@labtrace/rules';
import { groupLabel } from '../../lib/vocabulary';
import type { EntryTemplate, TemplateMethod } from './entry-template';
import { analyteOfRow, qualifierOf, type Column, type GridRow } from './grid-model';

/** What the grid shows on a row while values are typed, judged by the server's own rules. */
export interface LiveRow {
  /** The judged status; 'missing' for a required analyte with no value yet; undefined for a blank optional row. */
  status?: AnalyteStatus | 'missing';
  limit: string | null;
  reason?: string;
  /** What keeps the row from being judged (and from being saved), on the cell it is about. */
  problem?: { column: Column; message: string };
  /** The unit Save sends: the row's, or for a blank unit the method's (else the analyte's usual one). */
  unit: string;
}

export interface LiveGroup {
  status: GroupStatus;
  reason: string;
  /** Required analytes with neither a value nor a not-tested mark (the judgement's missingAnalytes). */
  missing: string[];
  required: number;
  /** Rows with a problem: the group cannot be judged as typed. */
  problems: number;
  /** Totals LabTrace computes (total THC, total aflatoxins), judged too. */
  totals: { analyte: string; name: string; value: string | null; qualifier: Qualifier | null; unit: string; status: AnalyteStatus; limit: string | null }[];
  /** A message when the group could not be judged at all. */
  error?: string;
}

export interface LiveJudgement {
  rows: Map<string, LiveRow>;
  groups: Map<string, LiveGroup>;
}

/** The method picked for a group, from the template. */
export function methodOf(template: EntryTemplate | null, group: string, methodId: string | undefined): TemplateMethod | undefined {
  return template?.groups.find((g) => g.group === group)?.methods.find((m) => m.methodId === methodId);
}

/** A blank unit means the method's reporting unit for the analyte, else the limit's, else the analyte's usual one. */
export function defaultUnit(template: EntryTemplate | null, group: string, analyteId: string, method: TemplateMethod | undefined): string {
  return (
    method?.analytes.find((a) => a.analyte === analyteId)?.unit ??
    template?.limits.find((l) => l.analyte === analyteId && l.group === group)?.unit ??
    getAnalyte(analyteId)?.defaultUnit ??
    ''
  );
}

const isBlank = (r: GridRow) => !r.value.trim() && !r.qualifier.trim();

/**
 * Judges every group as typed with judgeGroup, the function Save runs on the server, against the limits,
 * panel list and not-tested marks of the template. Rows are checked first as the server checks them
 * (analyte, unit, number); a row with a problem is left out and named, so the rest is still judged.
 * A blank LOD or LOQ takes the method's figure, as the server fills it.
 */
export function judgeLive(rows: readonly GridRow[], template: EntryTemplate | null, methodIdOf: (group: string) => string | undefined): LiveJudgement {
  const live: LiveJudgement = { rows: new Map(), groups: new Map() };
  const groups = [...new Set([...(template?.groups.map((g) => g.group) ?? []), ...rows.map((r) => r.group)])];
  for (const group of groups) {
    const tg = template?.groups.find((g) => g.group === group);
    const method = methodOf(template, group, methodIdOf(group));
    const limitOf = (id: string | undefined) => (id ? template?.limits.find((l) => l.analyte === id && l.group === group) : undefined);
    const inputs: AnalyteResultInput[] = [];
    const keyOf = new Map<string, string>();
    let problems = 0;
    for (const row of rows.filter((r) => r.group === group)) {
      const analyte = analyteOfRow(row);
      const unit = row.unit.trim() || (analyte ? defaultUnit(template, group, analyte.id, method) : '');
      const limit = limitOf(analyte?.id)?.limit ?? row.limit ?? null;
      if (isBlank(row)) {
        live.rows.set(row.key, { limit, unit });
        continue;
      }
      const problem = checkRow(row, analyte, unit, group, keyOf, limitOf(analyte?.id)?.unit ?? null);
      if (problem || !analyte) {
        problems++;
        live.rows.set(row.key, { limit, unit, problem: problem ?? { column: 'analyte', message: 'name the analyte' } });
        continue;
      }
      keyOf.set(analyte.id, row.key);
      const figures = method?.analytes.find((a) => a.analyte === analyte.id);
      const figure = (own: string, validated: string | null | undefined) =>
        own.trim() || (validated && figures && canConvert(figures.unit, unit) ? convert(validated, figures.unit, unit) : null);
      const valueQualifier = qualifierOf(row.value);
      inputs.push({
        analyte: analyte.id,
        value: valueQualifier ? null : row.value.trim(),
        qualifier: valueQualifier ?? qualifierOf(row.qualifier),
        unit: canonicalUnit(unit)!,
        lod: figure(row.lod, figures?.lod),
        loq: figure(row.loq, figures?.loq),
      });
      live.rows.set(row.key, { limit, unit });
    }
    try {
      const judged = judgeGroup(
        group,
        inputs,
        template?.limits ?? [],
        { requiredAnalytes: tg?.panelAnalytes ?? null, notTested: tg?.notTested ?? [] },
        { edible: template?.edible ?? null },
      );
      for (const a of judged.analytes) {
        const key = keyOf.get(a.analyte);
        if (key) live.rows.set(key, { ...live.rows.get(key)!, status: a.status, limit: a.limitText, reason: a.reason });
      }
      const missing = new Set(judged.missingAnalytes);
      for (const row of rows.filter((r) => r.group === group && isBlank(r))) {
        const id = analyteOfRow(row)?.id;
        if (id && missing.has(id)) live.rows.set(row.key, { ...live.rows.get(row.key)!, status: 'missing', reason: 'Required: no value yet.' });
      }
      live.groups.set(group, {
        status: judged.status,
        reason: judged.reason,
        missing: judged.missingAnalytes,
        required: tg?.requiredAnalytes.length ?? 0,
        problems,
        totals: judged.analytes
          .filter((a) => a.computed)
          .map((a) => ({ analyte: a.analyte, name: a.name, value: a.value, qualifier: a.qualifier, unit: a.unit, status: a.status, limit: a.limitText })),
      });
    } catch (error) {
      live.groups.set(group, {
        status: 'incomplete',
        reason: '',
        missing: [],
        required: tg?.requiredAnalytes.length ?? 0,
        problems,
        totals: [],
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return live;
}

/** The server's row checks (check-entries.ts), in the words a technician needs, on the cell at fault. */
function checkRow(
  row: GridRow,
  analyte: Analyte | undefined,
  unit: string,
  group: string,
  seen: Map<string, string>,
  limitUnit: string | null,
): LiveRow['problem'] {
  const name = row.analyte.trim();
  if (!name) return { column: 'analyte', message: 'name the analyte' };
  if (!analyte) return { column: 'analyte', message: `unknown analyte "${name}"` };
  if (analyte.computed) return { column: 'analyte', message: `${analyte.name} is computed by LabTrace from its components` };
  if (analyte.group !== group) return { column: 'analyte', message: `${analyte.name} belongs to ${groupLabel(analyte.group)}, not ${groupLabel(group)}` };
  if (seen.has(analyte.id)) return { column: 'analyte', message: `${analyte.name} is already in this group` };
  const valueQualifier = qualifierOf(row.value);
  const typedQualifier = row.qualifier.trim();
  if (typedQualifier && !qualifierOf(typedQualifier)) return { column: 'qualifier', message: 'ND, <LOQ or >ULOQ' };
  const value = valueQualifier ? '' : row.value.trim();
  if (value) {
    if (value.startsWith('-')) return { column: 'value', message: 'cannot be negative; report ND or <LOQ' };
    if (!isDecimalString(value)) return { column: 'value', message: 'a number such as 0.82, or ND, <LOQ, >ULOQ' };
    const q = qualifierOf(typedQualifier);
    if (q === 'ND' || q === '<LOQ') return { column: 'qualifier', message: `${q} replaces the value; give one or the other` };
  }
  if (!unit) return { column: 'unit', message: 'a unit is required' };
  const canonical = canonicalUnit(unit);
  if (!canonical) return { column: 'unit', message: `unknown unit "${unit}"` };
  if (limitUnit && !canConvert(canonical, limitUnit))
    return { column: 'unit', message: `${canonical} cannot be converted to ${limitUnit}, the unit of the limit` };
  for (const column of ['lod', 'loq'] as const) {
    const text = row[column].trim();
    if (text && (!isDecimalString(text) || text.startsWith('-'))) return { column, message: 'a number such as 0.05' };
  }
  return undefined;
}

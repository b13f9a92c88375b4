import { canConvert, convert, getAnalyte } from '@labtrace/rules';
import type { AnalyteGroup, SampleResults } from '../../api/types';
import type { EntryTemplate, TemplateGroup, TemplateMethod } from './entry-template';
import { analyteOfRow, blankRow, type GridRow } from './grid-model';
import { defaultUnit, methodOf } from './live-judgement';

/**
 * The analytes a group's grid opens with: the panel's list in its order, then the other analytes a
 * pass/fail limit requires. A group whose panel names none (terpenes: any reported profile) opens with
 * every analyte its method is validated for.
 */
export function templateAnalyteIds(tg: TemplateGroup, method: TemplateMethod | undefined): string[] {
  const required = new Set(tg.requiredAnalytes);
  const listed = (tg.panelAnalytes ?? []).filter((id) => required.has(id));
  const rest = tg.requiredAnalytes.filter((id) => !listed.includes(id)).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const ids = [...listed, ...rest];
  return ids.length > 0 ? ids : (method?.analytes.map((a) => a.analyte) ?? []);
}

/** The method's other analytes (a full cannabinoid profile, report-only counts): offered, not required. */
export function optionalAnalyteIds(tg: TemplateGroup, method: TemplateMethod | undefined, rows: readonly GridRow[]): string[] {
  const present = new Set(rows.filter((r) => r.group === tg.group).map((r) => analyteOfRow(r)?.id));
  return (method?.analytes ?? []).map((a) => a.analyte).filter((id) => !present.has(id) && !getAnalyte(id)?.computed);
}

const nameOf = (id: string) => getAnalyte(id)?.name ?? id;

/** A row the technician only types a value into: the analyte named, its unit, LOD and LOQ from the method. */
export function prefilledRow(template: EntryTemplate, group: AnalyteGroup, id: string, method: TemplateMethod | undefined, required: boolean): GridRow {
  const figures = method?.analytes.find((a) => a.analyte === id);
  return {
    ...blankRow(group, { analyte: nameOf(id), unit: defaultUnit(template, group, id, method), lod: figures?.lod ?? '', loq: figures?.loq ?? '' }),
    analyteId: id,
    fixedAnalyte: true,
    required,
  };
}

/**
 * The grid of a sample from its template: per group, every analyte the panel requires in the method's
 * unit with the method's LOD and LOQ, a stored result in its place where there is one (shown as it is),
 * then stored results the template does not name; a group with nothing at all gets one free row.
 */
export function rowsFromTemplate(results: SampleResults, template: EntryTemplate, methodIdOf: (group: string) => string | undefined): GridRow[] {
  const groups = [
    ...new Set<string>([...results.requiredGroups, ...template.groups.map((g) => g.group), ...results.groups.map((g) => g.group)]),
  ] as AnalyteGroup[];
  const rows: GridRow[] = [];
  for (const group of groups) {
    const tg = template.groups.find((g) => g.group === group);
    const method = methodOf(template, group, methodIdOf(group));
    const required = new Set(tg?.requiredAnalytes ?? []);
    const entered = (results.groups.find((g) => g.group === group)?.analytes ?? []).filter((a) => !a.computed);
    const byId = new Map(entered.map((a) => [a.analyte, a]));
    const ofGroup: GridRow[] = [];
    for (const id of tg ? templateAnalyteIds(tg, method) : []) {
      const a = byId.get(id);
      byId.delete(id);
      ofGroup.push(a ? storedRow(group, a, required.has(id)) : prefilledRow(template, group, id, method, required.has(id)));
    }
    for (const a of byId.values()) ofGroup.push(storedRow(group, a, required.has(a.analyte)));
    rows.push(...(ofGroup.length > 0 ? ofGroup : [blankRow(group)]));
  }
  return rows;
}

function storedRow(group: AnalyteGroup, a: SampleResults['groups'][number]['analytes'][number], required: boolean): GridRow {
  const cells = { analyte: a.name, value: a.value ?? '', qualifier: a.qualifier ?? '', unit: a.unit, lod: a.lod ?? '', loq: a.loq ?? '' };
  return {
    ...blankRow(group, cells),
    analyteId: a.analyte,
    fixedAnalyte: true,
    required,
    original: { ...cells },
    status: a.status,
    limit: a.limit,
    source: a.sourceType,
  };
}

/**
 * Another method brings its own validated figures: a row's LOD or LOQ that is the old method's figure
 * (or blank) becomes the new method's, in the row's unit; one the technician raised is kept.
 */
export function refigure(rows: readonly GridRow[], group: string, from: TemplateMethod | undefined, to: TemplateMethod | undefined): GridRow[] {
  return rows.map((r) => {
    const id = r.group === group ? analyteOfRow(r)?.id : undefined;
    if (!id) return r;
    const old = from?.analytes.find((a) => a.analyte === id);
    const next = to?.analytes.find((a) => a.analyte === id);
    const unit = r.unit.trim() || next?.unit || '';
    const inUnit = (value: string | null | undefined, figuresUnit: string | undefined) =>
      value && figuresUnit && unit && canConvert(figuresUnit, unit) ? convert(value, figuresUnit, unit) : '';
    const swap = (column: 'lod' | 'loq') => {
      const own = r[column].trim();
      return !own || own === inUnit(old?.[column], old?.unit) ? inUnit(next?.[column], next?.unit) : own;
    };
    return { ...r, unit, lod: swap('lod'), loq: swap('loq') };
  });
}

/** Rows as Save sends them: a blank unit (a microbial "ND" pasted alone) takes the method's unit. */
export function withDefaultUnits(rows: readonly GridRow[], template: EntryTemplate | null, methodIdOf: (group: string) => string | undefined): GridRow[] {
  return rows.map((r) => {
    if (r.unit.trim()) return r;
    const id = analyteOfRow(r)?.id;
    return id ? { ...r, unit: defaultUnit(template, r.group, id, methodOf(template, r.group, methodIdOf(r.group))) } : r;
  });
}

import { getAnalyte, isDecimalString, resolveAnalyte, type Analyte } from '@labtrace/rules';
import type { FieldError } from '../../api/errors';
import type { AnalyteGroup, EnterResults, Qualifier, SampleResults } from '../../api/types';
import { ANALYTE_GROUPS, groupLabel, QUALIFIERS } from '../../lib/vocabulary';

/** The editable columns, in the order Tab and a pasted row walk through them. */
export const COLUMNS = ['analyte', 'value', 'qualifier', 'unit', 'lod', 'loq'] as const;
export type Column = (typeof COLUMNS)[number];
type Cells = Record<Column, string>;

export interface GridRow extends Cells {
  key: string;
  group: AnalyteGroup;
  /** Existing analytes keep their name; rows the technician adds take any name or alias the API knows. */
  fixedAnalyte: boolean;
  /** The canonical analyte id, for rows the template or the results named. */
  analyteId?: string;
  /** The sample's panel requires this analyte: left blank, it is missing. */
  required?: boolean;
  original: Cells | null;
  status?: string;
  limit?: string | null;
  source?: string;
}

/** Up to this many analytes the limit set still expects become blank rows; a longer list waits behind a button. */
export const MISSING_ROWS_SHOWN = 10;

export interface VocabularyAnalyte {
  id: string;
  name: string;
  group: string;
  defaultUnit: string;
  computed?: boolean;
}

let nextKey = 0;
const newKey = () => `r${++nextKey}`;
const BLANK: Cells = { analyte: '', value: '', qualifier: '', unit: '', lod: '', loq: '' };

export function blankRow(group: AnalyteGroup, cells: Partial<Cells> = {}): GridRow {
  return { key: newKey(), group, fixedAnalyte: false, original: null, ...BLANK, ...cells };
}

/**
 * One row per entered analyte (computed totals are LabTrace's, not typed), then the analytes the limit
 * set still expects, then, for a group with nothing at all, one free row.
 */
export function rowsFromResults(results: SampleResults, vocabulary: VocabularyAnalyte[] | null): GridRow[] {
  const groups = [...new Set<string>([...results.requiredGroups, ...results.groups.map((g) => g.group)])] as AnalyteGroup[];
  const rows: GridRow[] = [];
  for (const group of groups) {
    const judged = results.groups.find((g) => g.group === group);
    const entered = (judged?.analytes ?? []).filter((a) => !a.computed);
    for (const a of entered) {
      const cells: Cells = { analyte: a.name, value: a.value ?? '', qualifier: a.qualifier ?? '', unit: a.unit, lod: a.lod ?? '', loq: a.loq ?? '' };
      rows.push({ key: newKey(), group, fixedAnalyte: true, original: { ...cells }, ...cells, status: a.status, limit: a.limit, source: a.sourceType });
    }
    const missing = judged?.missingAnalytes ?? [];
    if (missing.length <= MISSING_ROWS_SHOWN) rows.push(...missingRows(group, missing, vocabulary));
    if (!judged || entered.length + judged.missingAnalytes.length === 0) {
      // One free row: names come from the instrument sheet or the suggestions (a pre-filled list of
      // every analyte of the group would invite duplicates of what is typed or pasted).
      rows.push(blankRow(group));
    }
  }
  return rows;
}

/** Blank rows for analytes the limit set expects in a group, named as the vocabulary names them when known. */
export function missingRows(group: AnalyteGroup, ids: string[], vocabulary: VocabularyAnalyte[] | null): GridRow[] {
  return ids.map((id) => {
    const known = vocabulary?.find((v) => v.id === id);
    return blankRow(group, { analyte: known?.name ?? id, unit: known?.defaultUnit ?? '' });
  });
}

const isBlank = (r: GridRow) => !r.value.trim() && !r.qualifier.trim();

/** The canonical analyte a row is about: its id when the template or results named it, else its typed name resolved. */
export function analyteOfRow(row: GridRow): Analyte | undefined {
  return row.analyteId ? getAnalyte(row.analyteId) : resolveAnalyte(row.analyte.trim());
}

function rowChanged(r: GridRow): boolean {
  if (!r.original) return !isBlank(r);
  return COLUMNS.some((c) => r[c].trim() !== r.original![c].trim());
}

/** Groups to send: any row changed, added with a value, or an entered row removed. */
export function dirtyGroups(rows: GridRow[], initial: GridRow[]): Set<AnalyteGroup> {
  const dirty = new Set<AnalyteGroup>();
  for (const r of rows) if (rowChanged(r)) dirty.add(r.group);
  const kept = new Set(rows.filter((r) => r.original).map((r) => `${r.group}:${r.original!.analyte}`));
  for (const r of initial) if (r.original && !kept.has(`${r.group}:${r.original.analyte}`)) dirty.add(r.group);
  return dirty;
}

/** What a row reports, as the API reads it: a qualifier typed into the value cell is the qualifier. */
function reportOf(cells: Cells): string {
  const valueQualifier = qualifierOf(cells.value);
  const qualifier = qualifierOf(cells.qualifier) ?? valueQualifier ?? cells.qualifier.trim();
  return [valueQualifier ? '' : cells.value.trim(), qualifier, cells.unit.trim()].join('|');
}

/**
 * The saved analytes whose value, qualifier or unit the grid changes, or which it clears or deletes:
 * the API saves such a correction only with a reason (a first entry, or new rows, need none).
 */
export function correctedAnalytes(rows: GridRow[], initial: GridRow[]): string[] {
  const corrected: string[] = [];
  for (const r of rows) if (r.original && (isBlank(r) || reportOf(r) !== reportOf(r.original))) corrected.push(r.original.analyte);
  const kept = new Set(rows.filter((r) => r.original).map((r) => `${r.group}:${r.original!.analyte}`));
  for (const r of initial) if (r.original && !isBlank(r) && !kept.has(`${r.group}:${r.original.analyte}`)) corrected.push(r.original.analyte);
  return corrected;
}

/** Rows from another page load (a restored draft) get keys of this one, so new rows never collide. */
export function rekey(rows: GridRow[]): GridRow[] {
  return rows.map((r) => ({ ...r, key: newKey() }));
}

/** "nd", "<loq", "> uloq" typed or pasted into the value cell mean the qualifier. */
export function qualifierOf(text: string): Qualifier | null {
  const t = text.trim().replace(/\s+/g, '').toUpperCase();
  return QUALIFIERS.find((q) => q.toUpperCase() === t) ?? null;
}

/**
 * The PUT body for the changed groups (with each group's method and analysed time when given), and which grid row each `groups[i].analytes[j]` of it came
 * from, so the API's field errors land on the right cell. Values stay strings exactly as typed.
 */
export function buildPayload(
  rows: GridRow[],
  groups: Set<AnalyteGroup>,
  reason: string,
  meta?: Map<AnalyteGroup, { methodId?: string; analysedAt?: string }>,
): { body: EnterResults; rowAt: Map<string, string>; groupAt: Map<string, AnalyteGroup> } {
  const rowAt = new Map<string, string>();
  const groupAt = new Map<string, AnalyteGroup>();
  const body: EnterResults = { groups: [] };
  [...groups].forEach((group, gi) => {
    groupAt.set(`groups[${gi}]`, group);
    const analytes = rows
      .filter((r) => r.group === group && !isBlank(r))
      .map((r, ai) => {
        rowAt.set(`groups[${gi}].analytes[${ai}]`, r.key);
        const valueQualifier = qualifierOf(r.value);
        const qualifier = qualifierOf(r.qualifier) ?? valueQualifier ?? (r.qualifier.trim() ? (r.qualifier.trim() as Qualifier) : null);
        const value = valueQualifier ? '' : r.value.trim();
        return {
          analyte: r.analyteId ?? r.analyte.trim(),
          unit: r.unit.trim(),
          ...(value ? { value } : {}),
          ...(qualifier ? { qualifier } : {}),
          ...(r.lod.trim() ? { lod: r.lod.trim() } : {}),
          ...(r.loq.trim() ? { loq: r.loq.trim() } : {}),
        };
      });
    const { methodId, analysedAt } = meta?.get(group) ?? {};
    body.groups.push({ group, analytes, ...(methodId ? { methodId } : {}), ...(analysedAt ? { analysedAt } : {}) });
  });
  if (reason.trim()) body.reason = reason.trim();
  return { body, rowAt, groupAt };
}

export interface PlacedErrors {
  cells: Map<string, Partial<Record<Column | 'row', string>>>;
  groups: Map<AnalyteGroup, string>;
  other: string[];
}

/** Puts each `groups[0].analytes[3].value` message on its row and column; the rest is shown above the grid. */
export function placeErrors(errors: FieldError[], rowAt: Map<string, string>, groupAt: Map<string, AnalyteGroup>): PlacedErrors {
  const placed: PlacedErrors = { cells: new Map(), groups: new Map(), other: [] };
  for (const e of errors) {
    const m = /^(groups\[\d+\])(?:\.analytes\[\d+\])?(?:\.(\w+))?$/.exec(e.field);
    const rowPath = /^groups\[\d+\]\.analytes\[\d+\]/.exec(e.field)?.[0];
    const rowKey = rowPath ? rowAt.get(rowPath) : undefined;
    if (rowKey) {
      const field = e.field.slice(rowPath!.length + 1);
      const column: Column | 'row' = (COLUMNS as readonly string[]).includes(field) ? (field as Column) : 'row';
      const cell = placed.cells.get(rowKey) ?? {};
      const message = withoutPath(e.message);
      cell[column] = cell[column] ? `${cell[column]}; ${message}` : message;
      placed.cells.set(rowKey, cell);
    } else if (m && groupAt.has(m[1])) {
      placed.groups.set(groupAt.get(m[1])!, humanGroups(e.message));
    } else {
      placed.other.push(`${e.field}: ${e.message}`);
    }
  }
  return placed;
}

/** On its cell a message needs no field path: "groups.1.analytes.0.value must be…" reads "must be…". */
function withoutPath(message: string): string {
  return humanGroups(message.replace(/^(?:groups|results)(?:\.\d+|\[\d+\])\.analytes(?:\.\d+|\[\d+\])\.\w+:?\s+/, ''));
}

/** "belongs to water_activity" reads "belongs to Water activity": the API's group ids in people's words. */
export function humanGroups(message: string): string {
  return message.replace(new RegExp(`\\b(${ANALYTE_GROUPS.join('|')})\\b`, 'g'), (g) => groupLabel(g));
}

/** Tab-separated lines from a spreadsheet (Excel adds a trailing newline; CRLF from Windows). */
export function parseClipboard(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t'));
}

/**
 * Pastes a block at (row, column): down the rows of the same group, across the editable columns.
 * Rows past the group's last one are added (their analyte cell editable) so a pasted list fits. A block
 * that names its analytes drops the group's empty rows of the same names, so nothing is listed twice.
 */
export function pasteBlock(rows: GridRow[], rowKey: string, column: Column, block: string[][]): GridRow[] {
  const start = rows.findIndex((r) => r.key === rowKey);
  if (start < 0) return rows;
  const group = rows[start].group;
  const out = [...rows];
  const firstCol = COLUMNS.indexOf(column);
  let at = start;
  for (const line of block) {
    if (at >= out.length || out[at].group !== group) {
      out.splice(at, 0, blankRow(group));
    }
    const row = { ...out[at] };
    line.forEach((text, i) => {
      const col = COLUMNS[firstCol + i];
      if (!col || (col === 'analyte' && row.fixedAnalyte)) return;
      row[col] = text.trim();
    });
    out[at] = row;
    at++;
  }
  if (firstCol !== 0) return out;
  // A pasted analyte takes the place of its empty placeholder row (the analytes the limit set still expects).
  const pasted = new Set(out.slice(start, at).map((r) => r.analyte.trim().toLowerCase()));
  return out.filter((r, i) => (i >= start && i < at) || r.group !== group || r.original || !isBlank(r) || !pasted.has(r.analyte.trim().toLowerCase()));
}

const isReading = (text: string) => isDecimalString(text) || qualifierOf(text) !== null;

/**
 * A block is "name, value[, unit]" lines when it has two or more columns and most of its lines name an
 * analyte of the group in the first (a header line of column titles aside).
 */
export function namesAnalytes(block: string[][], group: AnalyteGroup): boolean {
  const lines = block.filter((l) => l.some((c) => c.trim()));
  if (lines.length === 0 || lines.some((l) => l.length < 2)) return false;
  const named = lines.filter((l) => resolveAnalyte(l[0].trim())?.group === group).length;
  return named > 0 && named * 2 >= lines.length - 1;
}

/**
 * Pastes "name, value[, unit]" lines into a group by name, in any order: each fills the row of its
 * analyte (wherever it stands); a name without a row gets a new one at the group's end, an unknown
 * name too, so it shows as a problem instead of vanishing. A first line of column titles is skipped.
 */
export function pasteNamed(rows: GridRow[], group: AnalyteGroup, block: string[][]): GridRow[] {
  const out = [...rows];
  block.forEach((line, i) => {
    const { analyte: name, ...cells } = namedCells(line);
    if (!name && !cells.value) return;
    const analyte = resolveAnalyte(name);
    if (i === 0 && !analyte && !isReading(cells.value)) return;
    const given = Object.fromEntries(Object.entries(cells).filter(([c, text]) => text || c === 'value' || c === 'qualifier'));
    const at = analyte ? out.findIndex((r) => r.group === group && analyteOfRow(r)?.id === analyte.id) : -1;
    if (at >= 0) {
      out[at] = { ...out[at], ...given };
      return;
    }
    const ours = analyte?.group === group ? analyte : undefined;
    const last = out.map((r) => r.group).lastIndexOf(group);
    const added = { ...blankRow(group, { ...given, analyte: ours?.name ?? name }), ...(ours ? { analyteId: ours.id } : {}) };
    out.splice(last < 0 ? out.length : last + 1, 0, added);
  });
  return out;
}

/**
 * A pasted line's cells: four or more columns are the grid's own order (analyte, value, qualifier, unit,
 * LOD, LOQ); three are name, value and a unit (or a qualifier); two are name and value.
 */
function namedCells(line: string[]): Cells {
  const t = line.map((c) => c.trim());
  if (t.length >= 4) return { analyte: t[0], value: t[1], qualifier: t[2], unit: t[3], lod: t[4] ?? '', loq: t[5] ?? '' };
  const third = t[2] ?? '';
  const isQualifier = third !== '' && qualifierOf(third) !== null;
  return { analyte: t[0], value: t[1] ?? '', qualifier: isQualifier ? third : '', unit: isQualifier ? '' : third, lod: '', loq: '' };
}

/** A paste into a group: by name when the block names analytes, else down and across from the cell. */
export function pasteIntoGroup(rows: GridRow[], rowKey: string, column: Column, block: string[][]): GridRow[] {
  const row = rows.find((r) => r.key === rowKey);
  if (!row) return rows;
  return namesAnalytes(block, row.group) ? pasteNamed(rows, row.group, block) : pasteBlock(rows, rowKey, column, block);
}

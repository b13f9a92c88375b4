import { CoaDraft } from '../coa-draft';
import { CoaParseError } from '../coa-layout.types';
import { CoaCell, isResultToken, readDecimal, readResultCell, readVerdict } from '../coa-values';

/**
 * Kaycha Labs result sections: "<Group> PASSED" then a table whose header order differs by group
 * ("LOD Units Action Level Pass/Fail Result" for pesticides, "LOD Units Result Pass / Fail Action Level"
 * elsewhere), ending at the "Analyzed by:" block. Cannabinoids are a transposed grid instead.
 */

export const KAYCHA_GROUPS: Record<string, string> = {
  cannabinoid: 'cannabinoids',
  cannabinoids: 'cannabinoids',
  terpenes: 'terpenes',
  pesticides: 'pesticides',
  microbial: 'microbials',
  microbials: 'microbials',
  mycotoxins: 'mycotoxins',
  'heavy metals': 'metals',
  'filth/foreign material': 'foreign_matter',
  filth: 'foreign_matter',
  'water activity': 'water_activity',
  moisture: 'moisture',
  'residuals solvents': 'residual_solvents',
  'residual solvents': 'residual_solvents',
};

const TABLE_HEADER = /^(?:Pesticide|Analyte|Metal|Terpenes) LOD\b/;
const TABLE_END = /^Analyzed by:/;
const MAX_NAME_FRAGMENTS = 2;
const NUMBER = String.raw`\d[\d.,]*`;
const UNIT = String.raw`(?:ppm|ppb|%|cfu\/g|aw|mg\/g|mg\/kg|[µμ]g\/kg|[µμ]g\/g)`;
const RESULT = String.raw`(?:ND|Not Present|Present|Absent|Detected|<\s?${NUMBER}|>\s?${NUMBER}|${NUMBER})`;

type ColumnKind = 'lod' | 'unit' | 'limit' | 'status' | 'result';

interface Column {
  kind: ColumnKind;
  /** Result columns whose header names a unit (the terpene table's "mg/unit" and "% Result (%)"). */
  unit?: string;
}

export function sectionHeading(line: string, previous: string | undefined): { group: string; verdict?: string } | undefined {
  const match = line.match(/^(.+?) (PASSED|FAILED|TESTED)$/);
  if (!match) return undefined;
  const label = match[1].toLowerCase();
  const group = KAYCHA_GROUPS[label] ?? (previous ? KAYCHA_GROUPS[`${previous} ${match[1]}`.toLowerCase()] : undefined);
  return group ? { group, verdict: match[2] } : undefined;
}

export function readSections(lines: string[], draft: CoaDraft): void {
  let group: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const heading = sectionHeading(lines[i], lines[i - 1]);
    if (heading) {
      group = heading.group;
      draft.reportGroup(group, readVerdict(heading.verdict), 'section');
      continue;
    }
    if (group && group !== 'cannabinoids' && TABLE_HEADER.test(lines[i])) i = readTable(lines, i, group, draft);
  }
}

function readTable(lines: string[], start: number, group: string, draft: CoaDraft): number {
  const headerLines = [lines[start]];
  let i = start + 1;
  while (i < lines.length && !looksLikeRow(lines[i]) && !TABLE_END.test(lines[i])) headerLines.push(lines[i++]);
  const columns = headerColumns(headerLines.join(' '));
  const row = rowPattern(columns);
  let fragments: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (TABLE_END.test(line) || TABLE_HEADER.test(line) || sectionHeading(line, lines[i - 1])) break;
    const match = [...fragments, line].join(' ').match(row);
    if (match?.groups) {
      addRow(match.groups, columns, group, draft);
      fragments = [];
      continue;
    }
    if (fragments.length >= MAX_NAME_FRAGMENTS) {
      draft.warn(`${group}: lines "${fragments.join(' / ')}" could not be read as a result row; skipped.`);
      fragments = [];
    }
    fragments.push(line);
  }
  if (fragments.length > 0) draft.warn(`${group}: lines "${fragments.join(' / ')}" could not be read as a result row; skipped.`);
  return i - 1;
}

/** Header lines hold no numbers, ND or verdict words; every row does. */
function looksLikeRow(line: string): boolean {
  return /\d|\bND\b|\bPASS\b|\bFAIL\b|Not Present/.test(line.replace(/\(%\)/g, ''));
}

function headerColumns(header: string): Column[] {
  const pattern = /LOD(?: \([^)]*\))?|Units|Action Level|Pass ?\/ ?Fail|P\/F|mg\/unit|% Result(?: \(%\))?|Result/g;
  return [...header.matchAll(pattern)].map(([token]): Column => {
    if (token.startsWith('LOD')) return { kind: 'lod' };
    if (token === 'Units') return { kind: 'unit' };
    if (token === 'Action Level') return { kind: 'limit' };
    if (/^(Pass|P\/F)/.test(token)) return { kind: 'status' };
    if (token === 'mg/unit') return { kind: 'result', unit: 'mg/unit' };
    if (token.startsWith('% Result')) return { kind: 'result', unit: '%' };
    return { kind: 'result' };
  });
}

/**
 * Cells in header order, each optional except the results (pdf-parse drops empty cells); the name is
 * the shortest prefix that leaves a valid row, so wrapped names joined back read correctly.
 */
function rowPattern(columns: Column[]): RegExp {
  const cell = (column: Column, n: number): string => {
    switch (column.kind) {
      case 'lod':
        return `(?: (?<lod>${NUMBER}))?`;
      case 'unit':
        return `(?: (?<unit>${UNIT}))?`;
      case 'limit':
        return `(?: (?<limit>${NUMBER}))?`;
      case 'status':
        return '(?: (?<status>PASS|FAIL))?';
      case 'result':
        return ` (?<result${n}>${RESULT})`;
    }
  };
  let results = 0;
  const cells = columns.map((c) => cell(c, c.kind === 'result' ? results++ : 0)).join('');
  return new RegExp(`^(?<name>[^|]*?\\p{L}[^|]*?)${cells}$`, 'iu');
}

function addRow(cells: Record<string, string | undefined>, columns: Column[], group: string, draft: CoaDraft): void {
  const rowUnit = cells.unit;
  const resultColumns = columns.filter((c) => c.kind === 'result');
  const lodColumnUnit = resultColumns.some((c) => c.unit === '%') ? '%' : undefined;
  draft.addRow({
    group,
    analyte: cells.name as string,
    results: resultColumns.map((column, n) => ({
      cell: readResultCell(cells[`result${n}`] as string) as CoaCell,
      unit: column.unit ?? rowUnit,
    })),
    preferUnit: lodColumnUnit ?? rowUnit,
    limit: readDecimal(cells.limit),
    limitUnit: rowUnit,
    status: readVerdict(cells.status),
  });
}

/**
 * The cannabinoid grid: a line of analyte names, wrapped "TOTAL ... (DRY)" headers, then rows
 * "% <values>", "mg/unit <values>", "LOD <values>" and a line of LOD units.
 */
export function readCannabinoidGrid(lines: string[], draft: CoaDraft): void {
  const percentRow = lines.findIndex((l, i) => /^% /.test(l) && /^mg\/unit /.test(lines[i + 1] ?? ''));
  if (percentRow < 0) {
    draft.warn('cannabinoids: the potency grid was not found; no cannabinoid rows read.');
    return;
  }
  let namesRow = percentRow - 1;
  while (namesRow >= 0 && !/^[A-Z0-9]+(?:-[A-Z0-9]+)?(?: [A-Z0-9]+(?:-[A-Z0-9]+)?){4,}$/.test(lines[namesRow])) namesRow--;
  if (namesRow < 0) throw new CoaParseError('Kaycha COA: the cannabinoid grid has no line of analyte names.');
  const names = lines[namesRow].split(' ');
  const totals = lines.slice(namesRow + 1, percentRow).filter((l) => /\(DRY\)$/.test(l)).length;
  const values = lines[percentRow].split(' ').slice(1);
  if (values.length !== names.length + totals || !values.every(isResultToken)) {
    throw new CoaParseError(
      `Kaycha COA: the cannabinoid grid has ${names.length} analytes and ${totals} totals but ${values.length} values; the text may be scrambled.`,
    );
  }
  names.forEach((name, n) => {
    draft.addRow({ group: 'cannabinoids', analyte: name, results: [{ cell: readResultCell(values[n]) as CoaCell, unit: '%' }] });
  });
  if (totals > 0) {
    draft.warn(
      `cannabinoids: ${totals} dry-weight total columns were not imported (their wrapped headers cannot be named reliably; LabTrace computes totals).`,
    );
  }
}

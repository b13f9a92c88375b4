import { CoaDraft, DraftRow } from '../coa-draft';
import { usDateToIso } from '../coa-text';
import { CoaCell, isDecimal, isResultToken, readDecimal, readResultCell, readVerdict } from '../coa-values';

/**
 * The results sections of Confident Cannabis COAs (both the "Regulatory Compliance Testing" and the
 * "Certificate of Analysis" templates): a heading naming the group, optionally a verdict, then one or
 * more tables "Analyte <columns>" with a units line under the header.
 */

const SECTION_GROUPS: Record<string, string> = {
  cannabinoids: 'cannabinoids',
  terpenes: 'terpenes',
  pesticides: 'pesticides',
  'heavy metals': 'metals',
  microbials: 'microbials',
  mycotoxins: 'mycotoxins',
  'residual solvents': 'residual_solvents',
};

/** A heading starts with the group; the summary rows ("Pesticides 06/21/2022 Pass") and method lines ("... by ICP-MS") do not count. */
const SECTION_HEADING = /^(Cannabinoids|Terpenes|Pesticides|Heavy Metals|Microbials|Mycotoxins|Residual Solvents)(?: (?!\d|by |Footnotes)(.*))?$/;
const UNIT_TOKEN = /^(?:%|aw|ppm|ppb|[a-zµμ]+\/[a-z]+)$/i;
const PRESENCE_ROW = /^(.+?) (Not Detected|Detected|Not Present|Present) in (\S+)$/;

type ColumnKind = 'lod' | 'loq' | 'limit' | 'result' | 'status';

interface Column {
  kind: ColumnKind;
  unit?: string;
}

export interface CcSectionsResult {
  testDates: string[];
}

export function readCcSections(lines: string[], draft: CoaDraft): CcSectionsResult {
  const testDates: string[] = [];
  let group: string | undefined;
  let tableSeen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = line.match(SECTION_HEADING);
    // A bare group name straight above "Pass" is the certificate template's verdict panel, not a section.
    const panelEntry = heading !== null && heading[2] === undefined && /^(Pass|Fail)$/.test(lines[i + 1] ?? '');
    if (heading && !panelEntry) {
      group = SECTION_GROUPS[heading[1].toLowerCase()];
      tableSeen = false;
      const rest = heading[2] ?? '';
      const verdict = rest.match(/^(?:Lab Results )?(Pass|Fail)\b/)?.[1];
      draft.reportGroup(group, readVerdict(verdict), 'section');
    }
    const tested = usDateToIso(line.match(/Date Tested: (\d\d\/\d\d\/\d{4})/)?.[1]);
    if (tested) testDates.push(tested);
    if (group === undefined) continue;
    if (!tableSeen && /^(Pass|Fail)$/.test(line)) draft.reportGroup(group, readVerdict(line), 'section');
    if (/^Analyte\b/.test(line)) {
      tableSeen = true;
      i = readTable(lines, i, group, draft);
    }
  }
  return { testDates };
}

/** Reads the table whose header is at `start`; returns the index of its last line. */
function readTable(lines: string[], start: number, group: string, draft: CoaDraft): number {
  const names = lines[start].split(' ').slice(1);
  if (names.includes('Analyte')) return skipSideBySide(lines, start, group, draft);
  const columns: Column[] = names.map((name) => ({ kind: columnKind(name) }));
  if (!columns.some((c) => c.kind === 'result')) {
    draft.warn(`${group}: a table header "${lines[start]}" names no result column; its rows were skipped.`);
    return start;
  }
  let i = start;
  const unitTokens = lines[i + 1]?.split(' ') ?? [];
  if (unitTokens.length > 0 && unitTokens.every((t) => UNIT_TOKEN.test(t))) {
    columns.filter((c) => c.kind !== 'status').forEach((c, n) => (c.unit = unitTokens[n]));
    i++;
  }
  let shortRows = false;
  while (i + 1 < lines.length) {
    const read = readRow(lines[i + 1], columns, group);
    if (!read) break;
    if (read.short) shortRows = true;
    if (read.warning) draft.warn(read.warning);
    draft.addRow(read.row);
    i++;
  }
  if (shortRows) {
    const pre = columns.filter((c) => c.kind === 'lod' || c.kind === 'loq' || c.kind === 'limit').map((c) => c.kind.toUpperCase());
    draft.warn(
      `${group}: some rows print fewer numbers than the ${pre.join('/')} columns; ` +
        'the last was read as the limit when the row has a pass/fail verdict, otherwise they were read from the left.',
    );
  }
  return i;
}

function skipSideBySide(lines: string[], start: number, group: string, draft: CoaDraft): number {
  const next = lines[start + 1] ?? '';
  if (/\d|\bND\b/.test(next) && !/^Date Tested:/.test(next)) {
    draft.warn(`${group}: a two-column table could not be split reliably and was skipped.`);
  }
  return start;
}

function columnKind(name: string): ColumnKind {
  switch (name.toLowerCase()) {
    case 'lod':
      return 'lod';
    case 'loq':
      return 'loq';
    case 'limit':
      return 'limit';
    case 'status':
      return 'status';
    default:
      return 'result';
  }
}

interface ReadRow {
  row: DraftRow;
  short: boolean;
  warning?: string;
}

function readRow(line: string, columns: Column[], group: string): ReadRow | undefined {
  const presence = line.match(PRESENCE_ROW);
  if (presence && columns.length === 1 && columns[0].kind === 'result') {
    const detected = !/^Not /.test(presence[2]);
    const cell: CoaCell = detected ? {} : { qualifier: 'ND' };
    const warning = detected ? `${group}: "${presence[1]}" is reported as ${presence[2]} (no amount printed).` : undefined;
    return { row: { group, analyte: presence[1], results: [{ cell, unit: `per ${presence[3]}` }] }, short: false, warning };
  }
  const tokens = line.split(' ');
  const statusColumn = columns.some((c) => c.kind === 'status');
  const status = statusColumn ? readVerdict(tokens[tokens.length - 1]) : undefined;
  if (statusColumn) {
    if (status === undefined) return undefined;
    tokens.pop();
  }
  const resultColumns = columns.filter((c) => c.kind === 'result');
  const resultTokens = tokens.splice(tokens.length - resultColumns.length, resultColumns.length);
  if (resultTokens.length !== resultColumns.length || !resultTokens.every(isResultToken)) return undefined;
  const preColumns = columns.filter((c) => c.kind === 'lod' || c.kind === 'loq' || c.kind === 'limit');
  const numbers: string[] = [];
  while (numbers.length < preColumns.length && tokens.length > 1 && isDecimal(tokens[tokens.length - 1])) {
    numbers.unshift(tokens.pop() as string);
  }
  const analyte = tokens.join(' ');
  if (!/\p{L}/u.test(analyte)) return undefined;
  const filled = fillColumns(preColumns, numbers, status === 'pass' || status === 'fail');
  const loqColumn = preColumns.find((c) => c.kind === 'loq');
  const limitColumn = preColumns.find((c) => c.kind === 'limit');
  return {
    row: {
      group,
      analyte,
      results: resultTokens.map((token, n) => ({ cell: readResultCell(token) as CoaCell, unit: resultColumns[n].unit })),
      loq: readDecimal(filled.get('loq')),
      loqUnit: loqColumn?.unit,
      limit: readDecimal(filled.get('limit')),
      limitUnit: limitColumn?.unit,
      status,
    },
    short: numbers.length > 0 && numbers.length < preColumns.length,
  };
}

/**
 * pdf-parse drops empty cells, so a row may print fewer numbers than there are LOD/LOQ/Limit columns.
 * A row with a pass/fail verdict was judged against a limit, so its last number is the limit.
 */
function fillColumns(columns: Column[], numbers: string[], judged: boolean): Map<ColumnKind, string> {
  const filled = new Map<ColumnKind, string>();
  const pending = [...numbers];
  let targets = [...columns];
  if (pending.length < columns.length && judged && columns.some((c) => c.kind === 'limit')) {
    const last = pending.pop();
    if (last !== undefined) filled.set('limit', last);
    targets = targets.filter((c) => c.kind !== 'limit');
  }
  for (const column of targets) {
    const next = pending.shift();
    if (next === undefined) break;
    filled.set(column.kind, next);
  }
  return filled;
}

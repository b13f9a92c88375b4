import { canConvert, canonicalUnit, convert } from '../../../rules/judgement/units';
import { CoaDraft } from '../coa-draft';
import { CoaCell, CoaVerdict, isDecimal, readDecimal, readResultCell } from '../coa-values';

/**
 * LabTrace's own result tables (src/results/coa/coa-pdf-table.ts): per group a heading "<Title> <STATUS>",
 * an optional "Method: … · Analysed: …" line, then "Analyte Result Unit LOQ Limit Status" and one line per
 * analyte. pdf-parse gives each row as its cells joined by single spaces; a name that wraps comes first
 * as lines of its own, and the row's line then starts with the result.
 */

export const STATUS_WORDS: Record<string, CoaVerdict> = {
  PASS: 'pass',
  FAIL: 'fail',
  'REPORT ONLY': 'tested',
  'NO LIMIT': 'tested',
  TESTED: 'tested',
  INCOMPLETE: 'na',
};
const STATUS = Object.keys(STATUS_WORDS).join('|');

export const TABLE_HEADER = /^Analyte Result Unit LOQ Limit Status$/;
const HEADING = new RegExp(`^(.+?) (${STATUS})$`);
const STATUS_AT_END = new RegExp(`(?:^| )(${STATUS})$`);
const GROUP_META = /^(?:Method|Analysed): /;
const NO_ROWS = /^No analytes reported for this group\.$/;
const CONTINUED = /^.+ \(continued\)$/;
/** The footer every page carries ("… · Version 2 Page 1 of 3"). */
const FOOTER = /(?:^|\s)Page \d+ of \d+$/;
export const RELEASE_SECTION = /^RELEASE AND VERIFICATION$/;

/** Group titles as the renderer prints them (coa-view.builder GROUP_TITLES) and plainer variants. */
const GROUP_TITLES: Array<[RegExp, string]> = [
  [/^(?:cannabinoids?|potency)\b/i, 'cannabinoids'],
  [/^terpenes?\b/i, 'terpenes'],
  [/^(?:heavy )?metals\b/i, 'metals'],
  [/^pesticides?\b/i, 'pesticides'],
  [/^mycotoxins?\b/i, 'mycotoxins'],
  [/^microbials?\b|^microbiology\b/i, 'microbials'],
  [/^residual[ _]solvents?\b/i, 'residual_solvents'],
  [/^moisture\b/i, 'moisture'],
  [/^water[ _]activity\b/i, 'water_activity'],
  [/^foreign[ _](?:matter|material)\b/i, 'foreign_matter'],
];

export function groupOfTitle(title: string): string | undefined {
  return GROUP_TITLES.find(([pattern]) => pattern.test(title.trim()))?.[1];
}

/** A group heading is "<Title> <STATUS>" directly followed by the group's meta line, table or "no analytes". */
export function headingAt(lines: string[], i: number): { title: string; status: string } | undefined {
  const match = lines[i].match(HEADING);
  const next = lines[i + 1];
  if (!match || next === undefined) return undefined;
  if (!GROUP_META.test(next) && !TABLE_HEADER.test(next) && !NO_ROWS.test(next)) return undefined;
  return { title: match[1], status: match[2] };
}

/** "Cannabinoids REPORT ONLY Metals PASS …": every chip of one summary line, or undefined when it is not one. */
export function readChips(line: string): Array<{ title: string; status: string }> | undefined {
  const chips = [...line.matchAll(new RegExp(`(.+?) (${STATUS})(?= |$) ?`, 'g'))];
  if (chips.length === 0 || chips.map((m) => m[0]).join('') !== line) return undefined;
  return chips.map((m) => ({ title: m[1], status: m[2] }));
}

interface PrintedLimit {
  /** The maximum of a "≤ X" limit; ranges and words carry no single decimal. */
  max?: string;
  unit?: string;
}

const LIMITS: Array<{ pattern: RegExp; read: (m: RegExpMatchArray) => PrintedLimit }> = [
  { pattern: /(?:^| )(?:<=|≤|<) ?(\d[\d.,]*)(?: (\S+))?$/, read: (m) => ({ max: readDecimal(m[1]), unit: m[2] }) },
  { pattern: /(?:^| )\d[\d.,]* ?[–—-] ?\d[\d.,]*(?: (\S+))?$/, read: (m) => ({ unit: m[1] }) },
  { pattern: /(?:^| )(?:Not detected|ND|Report only|None|n\/a|—|-)$/i, read: () => ({}) },
];

export interface LabTraceRow {
  /** Empty when the printed name wrapped onto lines of its own above the row. */
  name: string;
  cell: CoaCell;
  unit: string;
  loq?: string;
  limit: PrintedLimit;
  status: CoaVerdict;
}

/** One table line read from the right: status, limit, LOQ, unit, result; what is left is the name. */
export function parseRowLine(line: string): LabTraceRow | undefined {
  const status = line.match(STATUS_AT_END);
  if (!status || status.index === undefined) return undefined;
  let body = line.slice(0, status.index);
  let limit: PrintedLimit = {};
  for (const { pattern, read } of LIMITS) {
    const match = body.match(pattern);
    if (match && match.index !== undefined) {
      limit = read(match);
      body = body.slice(0, match.index);
      break;
    }
  }
  // Since session 24 an ND prints the LOD it is below, "ND (<LOD 0.01)": the qualifier is what is read.
  const tokens = body
    .replace(/(^| )ND \(<LOD [^\s)]+\)(?= |$)/, '$1ND')
    .split(' ')
    .filter((t) => t !== '');
  const loq = tokens.length >= 3 && isDecimal(tokens[tokens.length - 1]) ? readDecimal(tokens.pop()) : undefined;
  const split = splitResultAndUnit(tokens);
  if (!split) return undefined;
  return { name: split.name, cell: split.cell, unit: split.unit, loq, limit, status: STATUS_WORDS[status[1]] };
}

interface ResultSplit {
  name: string;
  cell: CoaCell;
  unit: string;
}

/** A known unit at the end fixes the result just before it; otherwise the first result followed by a unit. */
function splitResultAndUnit(tokens: string[]): ResultSplit | undefined {
  for (let k = 1; k <= 3 && k < tokens.length; k++) {
    if (!canonicalUnit(tokens.slice(-k).join(' '))) continue;
    const result = resultEndingAt(tokens, tokens.length - k - 1);
    if (result) return { name: tokens.slice(0, result.start).join(' '), cell: result.cell, unit: tokens.slice(-k).join(' ') };
  }
  for (let i = 0; i < tokens.length - 1; i++) {
    const result = resultStartingAt(tokens, i);
    if (!result) continue;
    const unit = tokens.slice(result.end);
    if (unit.length === 0 || unit.some(isQualifierToken)) continue;
    return { name: tokens.slice(0, i).join(' '), cell: result.cell, unit: unit.join(' ') };
  }
  return undefined;
}

/** ">ULOQ 50.0" is one result of two tokens: above the calibrated range, with the highest calibrated value. */
function resultEndingAt(tokens: string[], at: number): { cell: CoaCell; start: number } | undefined {
  if (at < 0) return undefined;
  if (tokens[at - 1] === '>ULOQ' && isDecimal(tokens[at])) return { cell: { qualifier: '>ULOQ', value: readDecimal(tokens[at]) }, start: at - 1 };
  const cell = readResultCell(tokens[at]);
  return cell && (cell.value !== undefined || cell.qualifier !== undefined) ? { cell, start: at } : undefined;
}

function resultStartingAt(tokens: string[], at: number): { cell: CoaCell; end: number } | undefined {
  if (tokens[at] === '>ULOQ' && isDecimal(tokens[at + 1])) return { cell: { qualifier: '>ULOQ', value: readDecimal(tokens[at + 1]) }, end: at + 2 };
  const cell = readResultCell(tokens[at]);
  return cell && (cell.value !== undefined || cell.qualifier !== undefined) ? { cell, end: at + 1 } : undefined;
}

function isQualifierToken(token: string): boolean {
  return readResultCell(token)?.qualifier !== undefined;
}

/** Reads every group section; returns the analysed dates the group meta lines print. */
export function readGroups(lines: string[], draft: CoaDraft): string[] {
  const dates: string[] = [];
  let group: string | undefined;
  let inTable = false;
  let fragments: string[] = [];

  const dropFragments = () => {
    if (fragments.length > 0) draft.warn(`Text "${fragments.join(' ')}" in the ${group ?? 'unknown'} table was not a result row; skipped.`);
    fragments = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (RELEASE_SECTION.test(line)) break;
    const heading = headingAt(lines, i);
    if (heading) {
      dropFragments();
      inTable = false;
      group = groupOfTitle(heading.title);
      if (group) draft.reportGroup(group, STATUS_WORDS[heading.status], 'section');
      else draft.warn(`Section "${heading.title}" is not a known group; its rows were skipped.`);
      continue;
    }
    if (TABLE_HEADER.test(line)) {
      dropFragments();
      inTable = true;
      continue;
    }
    if (FOOTER.test(line) || (CONTINUED.test(line) && TABLE_HEADER.test(lines[i + 1] ?? ''))) {
      dropFragments();
      inTable = false;
      continue;
    }
    if (GROUP_META.test(line) && !inTable) {
      for (const date of line.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)) dates.push(date[1]);
      continue;
    }
    if (!inTable || group === undefined) continue;

    const alone = parseRowLine(line);
    if (alone && alone.name !== '') {
      dropFragments();
      addRow(draft, group, alone);
    } else if (alone) {
      if (fragments.length === 0) draft.warn(`A ${group} row has no analyte name ("${line}"); skipped.`);
      else addRow(draft, group, { ...alone, name: joinWrapped(fragments) });
      fragments = [];
    } else {
      // A cell other than the name wrapped: the row's line is cut short and finishes on the lines after it.
      const joined = fragments.length > 0 ? parseRowLine(`${fragments.join(' ')} ${line}`) : undefined;
      if (joined && joined.name !== '') {
        fragments = [];
        addRow(draft, group, joined);
      } else {
        fragments.push(line);
      }
    }
  }
  dropFragments();
  return dates;
}

/** pdfkit breaks long names at spaces and after hyphens ("Kresoxim-" / "methyl"). */
function joinWrapped(parts: string[]): string {
  return parts.reduce((name, part) => (name === '' ? part : name.endsWith('-') ? `${name}${part}` : `${name} ${part}`), '');
}

function addRow(draft: CoaDraft, group: string, row: LabTraceRow): void {
  const limit = limitInResultUnit(row.limit, row.unit);
  draft.addRow({
    group,
    analyte: row.name,
    results: [{ cell: row.cell, unit: row.unit }],
    loq: row.loq,
    limit: limit.max,
    limitUnit: limit.unit,
    status: row.status,
  });
}

/**
 * The renderer prints a limit in the limit set's unit ("≤ 20 µg/kg") beside a result that may be in
 * another ("ppb"); an exact power-of-ten conversion keeps the limit instead of dropping it.
 */
function limitInResultUnit(limit: PrintedLimit, resultUnit: string): PrintedLimit {
  if (limit.max === undefined || limit.unit === undefined) return limit;
  const from = canonicalUnit(limit.unit);
  const to = canonicalUnit(resultUnit);
  if (!from || !to || !canConvert(from, to)) return limit;
  return { max: from === to ? limit.max : convert(limit.max, from, to), unit: resultUnit };
}

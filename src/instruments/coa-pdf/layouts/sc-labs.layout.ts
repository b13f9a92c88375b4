import { textBeforeBar } from '../../parsing/linear-headers';
import { CoaDraft, DraftRow, ResultColumn } from '../coa-draft';
import { CoaLayout, CoaParseError, ParsedCoa } from '../coa-layout.types';
import { assertReadableText, capture, findInventoryIds, latestIsoDate, nyProductType, textLines, usDateToIso } from '../coa-text';
import { CoaCell, readDecimal, readResultCell, readVerdict } from '../coa-values';

/**
 * SC Labs COAs: page 1 carries the sample detail and a safety summary; later pages one section per
 * group ("HEAVY METALS TEST RESULTS - 11/17/2021 PASS") with a table whose header is wrapped over
 * several lines ("COMPOUND LOD/LOQ (µg/g) ACTION LIMIT (µg/g) MEASUREMENT UNCERTAINTY ...").
 */

const SECTION_HEADING = /^(.+?) TEST RESULTS - (\d{2}\/\d{2}\/\d{4})(?: (PASS|FAIL))?(?: continued)?$/;
const FOOTER = /^(?:SC Laboratories|©)/;
const MAX_HEADER_LINES = 12;

const SECTION_GROUPS: Array<[RegExp, string]> = [
  [/^CANNABINOID/, 'cannabinoids'],
  [/^TERPEN/, 'terpenes'],
  [/PESTICIDE/, 'pesticides'],
  [/^MYCOTOXIN/, 'mycotoxins'],
  [/^HEAVY METAL/, 'metals'],
  [/^MICROBIOLOGY|^MICROBIAL/, 'microbials'],
  [/^FOREIGN MATERIAL|^FILTH/, 'foreign_matter'],
  [/^WATER ACTIVITY/, 'water_activity'],
  [/^RESIDUAL SOLVENT/, 'residual_solvents'],
  [/^MOISTURE/, 'moisture'],
];

const SUMMARY_GROUPS: Record<string, string> = {
  Pesticides: 'pesticides',
  Mycotoxins: 'mycotoxins',
  'Heavy Metals': 'metals',
  Microbiology: 'microbials',
  'Foreign Material': 'foreign_matter',
  'Water Activity': 'water_activity',
  'Residual Solvents': 'residual_solvents',
};

const NUMBER = String.raw`\d[\d.,]*`;
/**
 * One table row, cells right of the name each optional because pdf-parse drops empty cells; every cell
 * kind has its own shape ("0.02 / 0.1", "±0.01" or "N/A", "≥ LOD"), which is what keeps this unambiguous.
 */
const ROW = new RegExp(
  String.raw`^(?<name>[^|]+?)` +
    String.raw`(?: (?<lodloq>${NUMBER} ?\/ ?${NUMBER}))?` +
    String.raw`(?: (?<limit>≥ ?LOD|${NUMBER}|Not Detected in \S+|> ?${NUMBER}%|> ?\d+ per \d+ grams?))?` +
    String.raw`(?: (?<unc>± ?${NUMBER}|N\/A))?` +
    String.raw`(?: (?<res>ND|<LOQ|>ULOQ|Detected|${NUMBER}))?` +
    String.raw`(?: (?<res2>ND|<LOQ|>ULOQ|Detected|${NUMBER}))?` +
    String.raw`(?: (?<status>PASS|FAIL))?$`,
);

interface HeaderColumn {
  name: string;
  unit?: string;
}

export const scLabsCoaLayout: CoaLayout = {
  name: 'sc-labs',
  recognise: (text) => /\bSC Lab(?:s|oratories)\b/.test(text) && /OVERALL BATCH RESULT: (?:PASS|FAIL)/.test(text),
  parse(text: string): ParsedCoa {
    assertReadableText(text);
    const sampleId = capture(text, /^Sample ID: ?(\S+)/m);
    if (!sampleId) throw new CoaParseError('SC Labs COA recognised, but no "Sample ID:" line was found.');
    const coaId = capture(text, /CoA ID: (\S+)/);
    const draft = new CoaDraft();
    const lines = textLines(text);
    const testDates = readSections(lines, draft);
    readSummary(text, draft);
    readMoisture(text, draft);
    const overall = capture(text, /OVERALL BATCH RESULT: (PASS|FAIL)/);
    const sampleNameLine = lines.findIndex((l) => /^SAMPLE NAME:/.test(l));
    return draft.finish({
      layout: 'sc-labs',
      // /^(SC Laboratories[^|]*?)\.? \|/m, found in linear time (the expression scanned on from every line).
      labName: textBeforeBar(text, 'SC Laboratories')?.trim() || 'SC Labs',
      labCode: capture(text, /\| ([A-Z]\d+-\d+-LIC) \|/),
      sampleIds: coaId && coaId !== sampleId ? [sampleId, coaId] : [sampleId],
      inventoryIds: findInventoryIds(text),
      productName: capture(text, /^SAMPLE NAME: (.+)$/m),
      productType: nyProductType(sampleNameLine >= 0 ? lines[sampleNameLine + 1] : undefined),
      collectedAt: usDateToIso(capture(text, /^Date Collected: (\S+)/m)),
      receivedAt: usDateToIso(capture(text, /^Date Received: (\S+)/m)),
      testedAt: latestIsoDate(testDates),
      releasedAt: usDateToIso(capture(text, /DATE ISSUED (\d{2}\/\d{2}\/\d{4})/)),
      reportedOverall: overall ? (readVerdict(overall) as 'pass' | 'fail') : undefined,
    });
  },
};

function readSections(lines: string[], draft: CoaDraft): string[] {
  const testDates: string[] = [];
  let group: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const heading = lines[i].match(SECTION_HEADING);
    if (heading) {
      group = SECTION_GROUPS.find(([pattern]) => pattern.test(heading[1]))?.[1];
      if (!group) draft.warn(`Section "${heading[1]}" is not a known group; its rows were skipped.`);
      const date = usDateToIso(heading[2]);
      if (date) testDates.push(date);
      if (group) draft.reportGroup(group, readVerdict(heading[3]), 'section');
      continue;
    }
    if (group && /^COMPOUND\b/.test(lines[i])) i = readTable(lines, i, group, draft);
  }
  return testDates;
}

/** Reads the header starting at `start` and the rows under it; returns the index of the last line used. */
function readTable(lines: string[], start: number, group: string, draft: CoaDraft): number {
  const headerLines = [lines[start]];
  let i = start + 1;
  while (i < lines.length && headerLines.length < MAX_HEADER_LINES && !isRow(lines[i])) headerLines.push(lines[i++]);
  const columns = headerColumns(headerLines.join(' '));
  let fragment: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (SECTION_HEADING.test(line) || FOOTER.test(line) || /^COMPOUND\b/.test(line)) break;
    const joined = fragment === undefined ? line : joinWrapped(fragment, line);
    const match = joined.match(ROW);
    if (match?.groups && isRowMatch(match.groups)) {
      addRow(match.groups, columns, group, draft);
      fragment = undefined;
      continue;
    }
    // A name wrapped over two lines leaves one fragment; a second non-row line ends the table.
    if (fragment !== undefined) break;
    fragment = line;
  }
  return i - 1;
}

function isRow(line: string): boolean {
  const groups = line.match(ROW)?.groups;
  return groups !== undefined && isRowMatch(groups);
}

function isRowMatch(groups: Record<string, string | undefined>): boolean {
  return groups.res !== undefined || groups.status !== undefined;
}

/** "Chlorantranilip-" + "role ..." is a hyphenated wrap; "DDVP" + "(Dichlorvos) ..." a plain one. */
function joinWrapped(fragment: string, line: string): string {
  if (/[a-z]-$/.test(fragment) && /^[a-z]/.test(line)) return fragment.slice(0, -1) + line;
  return `${fragment} ${line}`;
}

function headerColumns(header: string): HeaderColumn[] {
  return [...header.matchAll(/(LOD\/LOQ|ACTION LIMIT|MEASUREMENT UNCERTAINTY|RESULT)(?: \(([^)]*)\))?/g)].map((m) => ({
    name: m[1],
    unit: m[2],
  }));
}

function addRow(cells: Record<string, string | undefined>, columns: HeaderColumn[], group: string, draft: CoaDraft): void {
  const name = cells.name as string;
  const lodLoq = cells.lodloq?.split('/').map((part) => readDecimal(part.trim()));
  const unitOf = (column: string) => columns.find((c) => c.name === column)?.unit;
  const resultUnits = columns.filter((c) => c.name === 'RESULT' && c.unit !== undefined).map((c) => c.unit);
  const results: ResultColumn[] = [];
  for (const [n, token] of [cells.res, cells.res2].entries()) {
    if (token === undefined) continue;
    results.push({ cell: readResultCell(token) ?? {}, unit: resultUnits[n] });
  }
  if (cells.res2 !== undefined && resultUnits.length < 2) {
    draft.warn(`${group}: row "${name}" has more result cells than its header; skipped.`);
    return;
  }
  const limit = readLimit(cells.limit, lodLoq?.[0]);
  if (limit.presenceBasis && results.length === 1) results[0].unit = `per ${limit.presenceBasis}`;
  if (limit.text) draft.warn(`${group}: limits printed as text (such as ">25%") are not carried over; the rows keep their printed verdicts.`);
  const row: DraftRow = {
    group,
    analyte: name,
    results,
    loq: lodLoq?.[1],
    loqUnit: unitOf('LOD/LOQ'),
    limit: limit.value,
    limitUnit: unitOf('ACTION LIMIT'),
    status: readVerdict(cells.status),
  };
  draft.addRow(row);
}

interface Limit {
  value?: string;
  /** "Not Detected in 1g": a presence test, judged per that amount. */
  presenceBasis?: string;
  /** A limit with no decimal form (">25%", "> 1 per 3 grams"). */
  text?: string;
}

/** "≥ LOD" (category 1 pesticides: any detection fails) is the row's own LOD. */
function readLimit(printed: string | undefined, lod: string | undefined): Limit {
  if (printed === undefined) return {};
  if (/^≥ ?LOD$/.test(printed)) return { value: lod };
  const presence = printed.match(/^Not Detected in (\S+)$/);
  if (presence) return { presenceBasis: presence[1] };
  const value = readDecimal(printed);
  return value !== undefined ? { value } : { text: printed };
}

function readSummary(text: string, draft: CoaDraft): void {
  for (const match of text.matchAll(/\b(Pesticides|Mycotoxins|Heavy Metals|Microbiology|Foreign Material|Water Activity|Residual Solvents): (PASS|FAIL)\b/g)) {
    draft.reportGroup(SUMMARY_GROUPS[match[1]], readVerdict(match[2]), 'summary');
  }
}

/** Moisture has no table: "MOISTURE TEST RESULT" then the value on its own line. */
function readMoisture(text: string, draft: CoaDraft): void {
  const printed = capture(text, /^MOISTURE TEST RESULT\n(.+)$/m);
  if (printed === undefined) return;
  const value = readDecimal(printed.match(/^(\S+?)%$/)?.[1]);
  if (value === undefined) {
    draft.warn(`moisture: result "${printed}" could not be read; skipped.`);
    return;
  }
  const cell: CoaCell = { value };
  draft.addRow({ group: 'moisture', analyte: 'Moisture', results: [{ cell, unit: '%' }] });
}

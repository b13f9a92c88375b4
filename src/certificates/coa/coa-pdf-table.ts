import { chipWidth, COLORS, CONTENT, drawChip, drawText, fillRect, hRule, measureText, PageFlow, STATUS_COLORS, TextStyle } from './coa-pdf-draw';
import { drawNotTested } from './coa-pdf-not-tested';
import { displayDay, displayDayRange, STATUS_LABELS } from './coa-pdf-text';
import type { CoaAnalyteLine, CoaGroup } from './coa-view';

interface Column {
  header: string;
  width: number;
  cell: (line: CoaAnalyteLine) => string;
}

/** Widths add up to the content width (532 pt). */
const COLUMNS: Column[] = [
  { header: 'Analyte', width: 176, cell: (line) => `${line.analyte}${line.marks?.join('') ?? ''}` },
  { header: 'Result', width: 84, cell: resultCell },
  { header: 'Unit', width: 58, cell: (line) => line.unit },
  { header: 'LOQ', width: 58, cell: (line) => line.loq ?? '' },
  { header: 'Limit', width: 88, cell: (line) => line.limit },
  { header: 'Status', width: 68, cell: (line) => STATUS_LABELS[line.status] },
];

/** An ND prints the LOD it is below, so the record's basis for "not detected" is on the page, LOQ or none. */
function resultCell(line: CoaAnalyteLine): string {
  return line.result === 'ND' && line.lod ? `ND (<LOD ${line.lod})` : line.result;
}

const CELL_PAD_X = 5;
/** Glyphs sit high in pdfkit's line box (its top is the ascender), so rows get more room above. */
const CELL_PAD_TOP = 5.5;
const CELL_PAD_BOTTOM = 1.5;
const HEADER_ROW_HEIGHT = 16;
const ROW_SIZE = 8;

function cellStyle(line: CoaAnalyteLine, columnIndex: number, width: number): TextStyle {
  const failed = line.status === 'fail';
  const isStatus = columnIndex === COLUMNS.length - 1;
  const emphasised = isStatus || (failed && columnIndex <= 1);
  return {
    font: emphasised ? 'Helvetica-Bold' : 'Helvetica',
    size: ROW_SIZE,
    color: isStatus || (failed && columnIndex === 1) ? STATUS_COLORS[line.status].ink : COLORS.ink,
    width: width - 2 * CELL_PAD_X,
  };
}

function rowHeight(flow: PageFlow, line: CoaAnalyteLine): number {
  const heights = COLUMNS.map((column, index) => measureText(flow.doc, column.cell(line), cellStyle(line, index, column.width)).height);
  return Math.max(...heights) + CELL_PAD_TOP + CELL_PAD_BOTTOM;
}

function drawHeaderRow(flow: PageFlow): void {
  const { doc } = flow;
  fillRect(doc, CONTENT.left, flow.y, CONTENT.width, HEADER_ROW_HEIGHT, COLORS.tableHead);
  let x = CONTENT.left;
  for (const column of COLUMNS) {
    drawText(doc, column.header, x + CELL_PAD_X, flow.y + 5, { font: 'Helvetica-Bold', size: 7.5, color: '#FFFFFF' });
    x += column.width;
  }
  flow.y += HEADER_ROW_HEIGHT;
}

function drawRow(flow: PageFlow, line: CoaAnalyteLine, height: number, zebra: boolean): void {
  const { doc } = flow;
  if (line.status === 'fail') {
    fillRect(doc, CONTENT.left, flow.y, CONTENT.width, height, STATUS_COLORS.fail.fill);
    fillRect(doc, CONTENT.left, flow.y, 2.5, height, STATUS_COLORS.fail.ink);
  } else if (zebra) {
    fillRect(doc, CONTENT.left, flow.y, CONTENT.width, height, COLORS.zebra);
  }
  let x = CONTENT.left;
  COLUMNS.forEach((column, index) => {
    drawText(doc, column.cell(line), x + CELL_PAD_X, flow.y + CELL_PAD_TOP, cellStyle(line, index, column.width));
    x += column.width;
  });
  flow.y += height;
  hRule(doc, flow.y, COLORS.rule, 0.5);
}

/**
 * "Method: … · Analysed: …" for this laboratory's lines, then one such line per other laboratory whose
 * certificate reported lines here, with its own test dates: never one list or one date for both.
 */
function metaLine(group: CoaGroup, timeZone?: string): string | undefined {
  const otherMarks = new Set((group.otherLabs ?? []).map((o) => o.mark));
  const ownLines = group.lines.filter((line) => !line.calculated && !line.marks?.some((m) => otherMarks.has(m)));
  // §130.23 asks for the methods: a tested group without one says so rather than stay silent.
  const method = group.method ?? (ownLines.length > 0 ? 'not recorded' : undefined);
  const own = [method && `Method: ${method}`, group.analysedAt && `Analysed: ${displayDay(group.analysedAt, timeZone)}`].filter(Boolean).join('   ·   ');
  const others = (group.otherLabs ?? []).map((o) => {
    const tested = displayDayRange(o.testedFrom, o.testedTo, timeZone) ?? 'not stated';
    return `Method: ${o.method} (lines marked ${o.mark})   ·   Tested by that laboratory: ${tested}`;
  });
  const text = [own, ...others].filter(Boolean).join('\n');
  return text || undefined;
}

const NOTE_STYLE = { size: 7, color: COLORS.muted, width: CONTENT.width } as const;

/** Under the table: how calculated lines are computed, totals over two labs' rows. */
function drawNotes(flow: PageFlow, group: CoaGroup): void {
  for (const note of group.notes ?? []) {
    flow.ensure(measureText(flow.doc, note, NOTE_STYLE).height + 2);
    flow.y += 3 + drawText(flow.doc, note, CONTENT.left, flow.y + 3, NOTE_STYLE);
  }
}

const TITLE_SIZE = 12;

function headingHeight(flow: PageFlow, group: CoaGroup, timeZone?: string): number {
  const meta = metaLine(group, timeZone);
  const metaHeight = meta ? measureText(flow.doc, meta, { size: 8, width: CONTENT.width }).height + 2 : 0;
  return 20 + metaHeight + 4;
}

function drawHeading(flow: PageFlow, group: CoaGroup, timeZone?: string): void {
  const { doc } = flow;
  const top = flow.y;
  fillRect(doc, CONTENT.left, top, 3, 15, STATUS_COLORS[group.status].ink);
  drawText(doc, group.title, CONTENT.left + 9, top + 2, { font: 'Helvetica-Bold', size: TITLE_SIZE });
  drawChip(doc, CONTENT.right - chipWidth(doc, group.status), top, group.status);
  flow.y = top + 20;
  const meta = metaLine(group, timeZone);
  if (meta) flow.y += drawText(doc, meta, CONTENT.left, flow.y, { size: 8, color: COLORS.muted, width: CONTENT.width }) + 2;
  flow.y += 4;
}

/**
 * One analyte group: heading with status, method and analysed date, then its table. The heading never
 * sits alone at a page foot, a table that runs over repeats its header row on the next page, and no
 * page holds a table's last row alone.
 */
export function drawGroup(flow: PageFlow, group: CoaGroup, timeZone?: string): void {
  const { doc } = flow;
  // At least two rows stay with the heading; a table of three stays whole (see the last-row rule below).
  const leadRows = group.lines.slice(0, group.lines.length <= 3 ? 3 : 2).reduce((sum, line) => sum + rowHeight(flow, line), 0);
  flow.ensure(headingHeight(flow, group, timeZone) + HEADER_ROW_HEIGHT + Math.max(leadRows, 16));
  drawHeading(flow, group, timeZone);
  if (group.lines.length === 0) {
    flow.y += drawText(doc, 'No analytes reported for this group.', CONTENT.left, flow.y, { font: 'Helvetica-Oblique', size: 8, color: COLORS.muted }) + 2;
    drawNotTested(flow, group);
    flow.y += 12;
    return;
  }
  drawHeaderRow(flow);
  group.lines.forEach((line, index) => {
    const height = rowHeight(flow, line);
    // The last row never goes over alone under a "(continued)" header: the row before it goes with it.
    const last = index === group.lines.length - 2 ? rowHeight(flow, group.lines[index + 1]) : 0;
    if (flow.ensure(height + last)) {
      flow.y += drawText(doc, `${group.title} (continued)`, CONTENT.left, flow.y, { font: 'Helvetica-Bold', size: 9, color: COLORS.muted }) + 4;
      drawHeaderRow(flow);
    }
    drawRow(flow, line, height, index % 2 === 1);
  });
  drawNotes(flow, group);
  drawNotTested(flow, group);
  flow.y += 16;
}

import { POTENCY_TOTALS } from '../../rules/judgement/totals';
import { CHIP_HEIGHT, chipWidth, COLORS, CONTENT, drawChip, drawText, fillRect, hRule, measureText, PageFlow, STATUS_COLORS, strokeRect } from './coa-pdf-draw';
import { displayDate, displayDayRange, displayProductType } from './coa-pdf-text';
import { mixedTotalNote, otherLabTotalNotes, ZERO_TERMS_NOTE } from './coa-sources';
import type { CoaView } from './coa-view';

const TOTAL_NAMES: Record<string, string> = { 'total-thc': 'Total THC', 'total-cbd': 'Total CBD' };
const LAB_COLUMN_WIDTH = 320;
const BADGE = { width: 150, height: 52 };

/** Lab identity on the left, its OCM permit and ISO/IEC 17025 accreditation on the right. */
export function drawLabHeader(flow: PageFlow, view: CoaView): void {
  const { doc } = flow;
  const { lab } = view;
  const top = flow.y;
  let left = top;
  left += drawText(doc, lab.name, CONTENT.left, left, { font: 'Helvetica-Bold', size: 15, width: LAB_COLUMN_WIDTH }) + 2;
  left += drawText(doc, lab.address, CONTENT.left, left, { size: 8.5, color: COLORS.muted, width: LAB_COLUMN_WIDTH });
  left += drawText(doc, `Tel. ${lab.phone}  ·  ${lab.email}`, CONTENT.left, left, { size: 8.5, color: COLORS.muted, width: LAB_COLUMN_WIDTH });

  let right = top + 2;
  const ids: Array<[string, string]> = [
    ['NY OCM laboratory permit', lab.ocmPermitId],
    ['ISO/IEC 17025 accreditation', lab.isoAccreditationId],
  ];
  for (const [label, value] of ids) {
    right += drawText(doc, label, CONTENT.right, right, { size: 7, color: COLORS.muted, anchor: 'right' });
    right += drawText(doc, value, CONTENT.right, right, { font: 'Helvetica-Bold', size: 9.5, anchor: 'right' }) + 3;
  }
  // The accreditation covers this laboratory's work only: lines another lab reported are the exception, said where it is stated.
  if (view.otherLabs?.length) {
    const marks = view.otherLabs.map((l) => l.mark).join(' ');
    right += drawText(doc, `except lines marked ${marks} (reported by other laboratories)`, CONTENT.right, right - 2, {
      size: 7,
      color: COLORS.ink,
      anchor: 'right',
    });
  }
  flow.y = Math.max(left, right) + 8;
  hRule(doc, flow.y, COLORS.ink, 1.25);
  flow.y += 12;
}

/** The title, version line and, on the right, the overall PASS/FAIL badge. */
export function drawTitle(flow: PageFlow, view: CoaView): void {
  const { doc } = flow;
  const top = flow.y;
  let y = top;
  y += drawText(doc, 'Certificate of Analysis', CONTENT.left, y, { font: 'Helvetica-Bold', size: 20 }) + 2;
  const versionLine = `Version ${view.version}  ·  Released ${displayDate(view.releasedAt, view.timeZone)}  ·  Sample ${view.sample.labCode}`;
  y += drawText(doc, versionLine, CONTENT.left, y, { size: 9, color: COLORS.muted });
  if (view.retestOf) {
    y += 2;
    y += drawText(doc, `Retest of sample ${view.retestOf.labCode}`, CONTENT.left, y, { font: 'Helvetica-Bold', size: 9, color: COLORS.ink });
  }
  if (view.amendment) {
    y += 2;
    y += drawText(doc, `AMENDED: supersedes version ${view.amendment.supersedesVersion}`, CONTENT.left, y, {
      font: 'Helvetica-Bold',
      size: 9,
      color: COLORS.amendInk,
    });
  }

  const badgeX = CONTENT.right - BADGE.width;
  const colors = STATUS_COLORS[view.overall];
  fillRect(doc, badgeX, top, BADGE.width, BADGE.height, colors.ink, 6);
  const centre = badgeX + BADGE.width / 2;
  drawText(doc, 'OVERALL RESULT', centre, top + 7, { font: 'Helvetica-Bold', size: 7, color: '#FFFFFF', anchor: 'center' });
  // INCOMPLETE is twice as long as PASS: a smaller size keeps it inside the badge.
  const verdictSize = view.overall === 'incomplete' ? 17 : 26;
  drawText(doc, view.overall.toUpperCase(), centre, top + 18, {
    font: 'Helvetica-Bold',
    size: verdictSize,
    color: '#FFFFFF',
    anchor: 'center',
  });
  flow.y = Math.max(y, top + BADGE.height) + 14;
}

type Field = [label: string, value: string];

/** §130.23 asks for these facts; a gap is printed as a gap rather than left out silently. */
const NOT_RECORDED = 'not recorded';

const BOX_PAD = 7;
const BOX_TITLE_HEIGHT = 16;

interface FieldBox {
  title: string;
  fields: Field[];
  x: number;
  width: number;
  labelWidth: number;
}

function fieldsHeight(flow: PageFlow, box: FieldBox): number {
  const valueWidth = box.width - 2 * BOX_PAD - box.labelWidth;
  return box.fields.reduce((sum, [, value]) => sum + measureText(flow.doc, value, { size: 8.5, width: valueWidth }).height + 3, 0);
}

function drawFieldBox(flow: PageFlow, { title, fields, x, width, labelWidth }: FieldBox, height: number): void {
  const { doc } = flow;
  const top = flow.y;
  fillRect(doc, x, top, width, BOX_TITLE_HEIGHT, COLORS.panel);
  strokeRect(doc, x, top, width, height, COLORS.rule);
  drawText(doc, title, x + BOX_PAD, top + 5, { font: 'Helvetica-Bold', size: 7.5, color: COLORS.muted });
  let y = top + BOX_TITLE_HEIGHT + 5;
  const valueX = x + BOX_PAD + labelWidth;
  const valueWidth = width - 2 * BOX_PAD - labelWidth;
  for (const [label, value] of fields) {
    drawText(doc, label, x + BOX_PAD, y + 1, { size: 7.5, color: COLORS.muted });
    y += drawText(doc, value, valueX, y, { size: 8.5, width: valueWidth }) + 3;
  }
}

/** Client and sample side by side, boxes of equal height. */
export function drawClientAndSample(flow: PageFlow, view: CoaView): void {
  const { client, sample } = view;
  const clientFields: Field[] = [
    ['Licensee', client.name],
    ['License no.', client.licenseNumber],
    ['Address', client.address ?? NOT_RECORDED],
    ['Contact', client.contact ?? NOT_RECORDED],
  ];
  const zone = view.timeZone;
  const collected = [sample.collectionSite, sample.collectedAt && displayDate(sample.collectedAt, zone)].filter(Boolean).join(', ');
  const sampleFields: Field[] = [
    ['Description', sample.description],
    ['Lab sample code', sample.labCode],
    ['Product type', displayProductType(sample.productType)],
    ['Sample inventory id', sample.sampleInventoryId],
    [sample.sampledInventoryIds.length > 1 ? 'Sampled lots' : 'Sampled lot', sample.sampledInventoryIds.join(', ')],
    ['Collected', collected || NOT_RECORDED],
    ['Received', displayDate(sample.receivedAt, zone)],
    ...analysedFields(view),
  ];
  const gap = 10;
  const clientWidth = 230;
  const clientBox: FieldBox = { title: 'CLIENT', fields: clientFields, x: CONTENT.left, width: clientWidth, labelWidth: 54 };
  const sampleBox: FieldBox = {
    title: 'SAMPLE',
    fields: sampleFields,
    x: CONTENT.left + clientWidth + gap,
    width: CONTENT.width - clientWidth - gap,
    labelWidth: 84,
  };
  const height = BOX_TITLE_HEIGHT + 5 + Math.max(fieldsHeight(flow, clientBox), fieldsHeight(flow, sampleBox)) + 4;
  drawFieldBox(flow, clientBox, height);
  drawFieldBox(flow, sampleBox, height);
  flow.y += height + 14;
}

/**
 * "Analysed" is this laboratory's own analysis days. Lines another lab reported were tested on that
 * lab's days, which print on a line of their own: merged into one range they would stretch this
 * laboratory's analysis back to the other lab's test and hide whose date is whose.
 */
function analysedFields(view: CoaView): Field[] {
  const { sample, otherLabs = [] } = view;
  const own = displayDayRange(sample.analysedFrom, sample.analysedTo, view.timeZone);
  const fields: Field[] = [['Analysed', own ?? (otherLabs.length > 0 ? 'no line was analysed by this laboratory' : NOT_RECORDED)]];
  if (otherLabs.length === 0) return fields;
  const tested = otherLabs.map((l) => `${l.lab}${l.mark}, tested ${displayDayRange(l.testedFrom, l.testedTo, view.timeZone) ?? 'on a date not stated'}`);
  return [...fields, ['Other labs', tested.join('; ')]];
}

/** One chip per analyte group, wrapping onto more rows when there are many. */
export function drawSummary(flow: PageFlow, view: CoaView): void {
  const { doc } = flow;
  flow.y += drawText(doc, 'RESULTS BY GROUP', CONTENT.left, flow.y, { font: 'Helvetica-Bold', size: 7.5, color: COLORS.muted }) + 3;
  let x = CONTENT.left;
  for (const group of view.groups) {
    const width = chipWidth(doc, group.status, group.title);
    if (x + width > CONTENT.right) {
      x = CONTENT.left;
      flow.y += CHIP_HEIGHT + 5;
    }
    x += drawChip(doc, x, flow.y, group.status, group.title) + 6;
  }
  flow.y += CHIP_HEIGHT + 14;
}

/** Total THC and total CBD, large, with how they are computed. */
export function drawTotals(flow: PageFlow, view: CoaView): void {
  if (!view.totals) return;
  const { doc } = flow;
  const { totals } = view;
  const height = 46;
  const half = CONTENT.width / 2;
  const top = flow.y;
  fillRect(doc, CONTENT.left, top, CONTENT.width, height, COLORS.panel, 4);
  // A total of one other lab's values takes its mark, a total over two labs' values the mixed flag: never read as ours alone.
  const mark = (name: string) => view.otherLabTotals?.find((t) => t.total === name)?.mark ?? view.mixedTotals?.find((m) => m.total === name)?.mark ?? '';
  const cells: Array<[string, string]> = [
    [`TOTAL THC${mark('Total THC')}`, totals.totalThc],
    [`TOTAL CBD${mark('Total CBD')}`, totals.totalCbd],
  ];
  cells.forEach(([label, value], index) => {
    const x = CONTENT.left + index * half + 12;
    drawText(doc, label, x, top + 8, { font: 'Helvetica-Bold', size: 7.5, color: COLORS.muted });
    const valueWidth = drawValue(flow, value, x, top + 19);
    drawText(doc, totals.unit, x + valueWidth + 4, top + 26, { size: 10, color: COLORS.muted });
  });
  doc
    .lineWidth(0.75)
    .moveTo(CONTENT.left + half, top + 8)
    .lineTo(CONTENT.left + half, top + height - 8)
    .stroke(COLORS.rule);
  flow.y = top + height + 4;
  const formulas = POTENCY_TOTALS.map((total) => `${TOTAL_NAMES[total.analyte] ?? total.analyte} = ${total.formula}`);
  flow.y += drawText(doc, `${formulas.join(';  ')}.  ${ZERO_TERMS_NOTE}`, CONTENT.left, flow.y, { size: 7, color: COLORS.muted, width: CONTENT.width }) + 2;
  // The panel's totals of one other lab's values, in the panel's order (THC, then CBD).
  const ofOtherLab = Object.values(TOTAL_NAMES).flatMap((name) => view.otherLabTotals?.filter((t) => t.total === name) ?? []);
  const notes = [...(view.mixedTotals ?? []).map((mixed) => mixedTotalNote(mixed, view.otherLabs ?? [])), ...otherLabTotalNotes(ofOtherLab)];
  for (const note of notes) {
    flow.y += drawText(doc, note, CONTENT.left, flow.y, { font: 'Helvetica-Bold', size: 7.5, color: STATUS_COLORS.incomplete.ink, width: CONTENT.width }) + 2;
  }
  flow.y += 10;
}

function drawValue(flow: PageFlow, value: string, x: number, y: number): number {
  drawText(flow.doc, value, x, y, { font: 'Helvetica-Bold', size: 18 });
  return measureText(flow.doc, value, { font: 'Helvetica-Bold', size: 18 }).width;
}

import { printable, STATUS_LABELS } from './coa-pdf-text';
import type { CoaStatus } from './coa-view';

export type Doc = PDFKit.PDFDocument;

/** US Letter with 40 pt margins; the bottom strip above the margin is kept for the footer. */
export const PAGE = { width: 612, height: 792, margin: 40 } as const;
export const FOOTER_HEIGHT = 24;
export const CONTENT = {
  left: PAGE.margin,
  right: PAGE.width - PAGE.margin,
  width: PAGE.width - 2 * PAGE.margin,
  top: PAGE.margin,
  bottom: PAGE.height - PAGE.margin - FOOTER_HEIGHT,
} as const;

export const COLORS = {
  ink: '#1F2933',
  muted: '#5F6B76',
  rule: '#CBD2D9',
  panel: '#F3F5F7',
  zebra: '#F8F9FA',
  tableHead: '#37474F',
  link: '#1A5FB4',
  amendInk: '#8A4B00',
  amendFill: '#FFF4E0',
} as const;

export const STATUS_COLORS: Record<CoaStatus, { ink: string; fill: string }> = {
  pass: { ink: '#1B7F3B', fill: '#E6F4EA' },
  fail: { ink: '#C62828', fill: '#FDECEA' },
  report_only: { ink: '#455A64', fill: '#ECEFF1' },
  incomplete: { ink: '#9A5B00', fill: '#FFF4E0' },
  no_limit: { ink: '#616161', fill: '#F1F1F1' },
};

export type FontName = 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique';

export interface TextStyle {
  font?: FontName;
  size?: number;
  color?: string;
  /** Wraps within this width; without it the text is one line. */
  width?: number;
  /** For one-line text: x is the left edge, the right edge or the centre. */
  anchor?: 'left' | 'right' | 'center';
  lineGap?: number;
}

function applyStyle(doc: Doc, style: TextStyle): void {
  doc
    .font(style.font ?? 'Helvetica')
    .fontSize(style.size ?? 8.5)
    .fillColor(style.color ?? COLORS.ink);
}

/**
 * Draws text at an exact position and returns its height. One-line text is written with lineBreak
 * off, so pdfkit never adds a page on its own; the layout decides where pages break.
 */
export function drawText(doc: Doc, text: string, x: number, y: number, style: TextStyle = {}): number {
  const safe = printable(text);
  applyStyle(doc, style);
  if (style.width !== undefined) {
    doc.text(safe, x, y, { width: style.width, lineGap: style.lineGap ?? 1 });
    return doc.heightOfString(safe, { width: style.width, lineGap: style.lineGap ?? 1 });
  }
  const width = doc.widthOfString(safe);
  const left = style.anchor === 'right' ? x - width : style.anchor === 'center' ? x - width / 2 : x;
  doc.text(safe, left, y, { lineBreak: false });
  return doc.currentLineHeight(true);
}

export function measureText(doc: Doc, text: string, style: TextStyle = {}): { width: number; height: number } {
  const safe = printable(text);
  applyStyle(doc, style);
  if (style.width !== undefined) {
    return { width: style.width, height: doc.heightOfString(safe, { width: style.width, lineGap: style.lineGap ?? 1 }) };
  }
  return { width: doc.widthOfString(safe), height: doc.currentLineHeight(true) };
}

export function fillRect(doc: Doc, x: number, y: number, width: number, height: number, color: string, radius = 0): void {
  (radius > 0 ? doc.roundedRect(x, y, width, height, radius) : doc.rect(x, y, width, height)).fill(color);
}

export function strokeRect(doc: Doc, x: number, y: number, width: number, height: number, color: string, radius = 0): void {
  doc.lineWidth(0.75);
  (radius > 0 ? doc.roundedRect(x, y, width, height, radius) : doc.rect(x, y, width, height)).stroke(color);
}

export function hRule(doc: Doc, y: number, color: string = COLORS.rule, width = 0.75): void {
  doc.lineWidth(width).moveTo(CONTENT.left, y).lineTo(CONTENT.right, y).stroke(color);
}

const CHIP_SIZE = 7.5;
const CHIP_PAD_X = 6;
export const CHIP_HEIGHT = 15;

/** Width of a status chip "<label>  PASS"; the label part is optional. */
export function chipWidth(doc: Doc, status: CoaStatus, label?: string): number {
  const statusWidth = measureText(doc, STATUS_LABELS[status], { font: 'Helvetica-Bold', size: CHIP_SIZE }).width;
  const labelWidth = label ? measureText(doc, label, { size: CHIP_SIZE }).width + 5 : 0;
  return statusWidth + labelWidth + 2 * CHIP_PAD_X;
}

/** A rounded chip tinted by status; returns its width. */
export function drawChip(doc: Doc, x: number, y: number, status: CoaStatus, label?: string): number {
  const colors = STATUS_COLORS[status];
  const width = chipWidth(doc, status, label);
  fillRect(doc, x, y, width, CHIP_HEIGHT, colors.fill, 3);
  strokeRect(doc, x, y, width, CHIP_HEIGHT, colors.ink, 3);
  let textX = x + CHIP_PAD_X;
  if (label) {
    drawText(doc, label, textX, y + 4.5, { size: CHIP_SIZE, color: COLORS.ink });
    textX += measureText(doc, label, { size: CHIP_SIZE }).width + 5;
  }
  drawText(doc, STATUS_LABELS[status], textX, y + 4.5, { font: 'Helvetica-Bold', size: CHIP_SIZE, color: colors.ink });
  return width;
}

/** Where the next block goes; breaks pages when a block would run into the footer. */
export class PageFlow {
  y: number = CONTENT.top;

  constructor(readonly doc: Doc) {}

  fits(height: number): boolean {
    return this.y + height <= CONTENT.bottom;
  }

  /** Starts a new page unless `height` still fits; true when it did break. */
  ensure(height: number): boolean {
    if (this.fits(height)) return false;
    this.newPage();
    return true;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = CONTENT.top;
  }
}

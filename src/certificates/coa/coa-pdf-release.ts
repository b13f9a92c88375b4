import { signatureStatement } from '../signatures/signature-meanings';
import { AMENDED_MARK, amendedAnalyteText } from './coa-amended';
import { COLORS, CONTENT, Doc, drawText, fillRect, FOOTER_HEIGHT, hRule, measureText, PAGE, PageFlow, strokeRect, TextStyle } from './coa-pdf-draw';
import { displayDate } from './coa-pdf-text';
import type { CoaView } from './coa-view';

export const QR_SIZE = 88;

const LABEL_WIDTH = 96;
const VALUE_STYLE: TextStyle = { size: 8.5, width: CONTENT.width - LABEL_WIDTH };
/**
 * What the results cover (ISO/IEC 17025 7.8.2.1). Lines another laboratory reported were tested on the
 * portion that lab received, not on the sample this laboratory received: the statement says so of them.
 */
export function closingStatement(view: Pick<CoaView, 'otherLabs'>): string {
  const others = (view.otherLabs ?? []).map((l) => {
    const license = l.license ? ` (license ${l.license})` : '';
    return `lines marked ${l.mark}, which ${l.lab}${license} reported for the sample it tested`;
  });
  const except = others.length > 0 ? `, except ${others.join('; and ')}` : '';
  return (
    `The results in this certificate relate only to the sample as received and tested${except}. This certificate shall not be ` +
    'reproduced except in full without the written approval of the laboratory.'
  );
}
const STATEMENT_STYLE: TextStyle = { font: 'Helvetica-Oblique', size: 7.5, color: COLORS.muted, width: CONTENT.width };

function releaseFields(view: CoaView): Array<[string, string]> {
  const { limitSet } = view;
  return [
    ['Limit set', `${limitSet.name} (effective ${displayDate(limitSet.effectiveFrom, view.timeZone)})`],
    ['Limit set source', limitSet.source],
    ['Version', String(view.version)],
    ['Released', displayDate(view.releasedAt, view.timeZone)],
    ['Released by', view.releasedBy],
    ...(view.signature
      ? [
          [
            'Electronic signature',
            `${signatureStatement({ signerName: view.signature.signer, meaning: view.signature.meaning }, displayDate(view.signature.signedAt, view.timeZone))}`,
          ] as [string, string],
        ]
      : []),
  ];
}

function amendmentText(view: CoaView): string | undefined {
  const { amendment } = view;
  if (!amendment) return undefined;
  const changed = amendment.changes?.length
    ? `\nChanged in this version (lines marked ${AMENDED_MARK}): ${amendment.changes.map((a) => amendedAnalyteText(a)).join('; ')}.`
    : '';
  const text = `This version supersedes version ${amendment.supersedesVersion}. Reason for amendment: ${amendment.reason}${changed}`;
  // Beside the approver printed above: the manager who asked for the change and typed the new values.
  if (!amendment.requestedBy) return text;
  const on = amendment.requestedAt ? ` on ${displayDate(amendment.requestedAt, view.timeZone)}` : '';
  return `${text}\nAmendment requested by ${amendment.requestedBy}${on}`;
}

const AMEND_STYLE: TextStyle = { size: 8.5, color: COLORS.amendInk, width: CONTENT.width - 16 };

function sectionHeight(flow: PageFlow, view: CoaView): number {
  const fields = releaseFields(view).reduce((sum, [, value]) => sum + measureText(flow.doc, value, VALUE_STYLE).height + 3, 0);
  const amendment = amendmentText(view);
  const amendHeight = amendment ? measureText(flow.doc, amendment, AMEND_STYLE).height + 22 : 0;
  return 22 + fields + amendHeight + 8 + QR_SIZE + 10 + measureText(flow.doc, closingStatement(view), STATEMENT_STYLE).height;
}

/**
 * The closing section, kept on one page: the limit set results were judged by, version and release,
 * any amendment, the verification QR code with its URL, and the statement on what results cover.
 */
export function drawRelease(flow: PageFlow, view: CoaView, qrPng: Buffer): void {
  const { doc } = flow;
  flow.ensure(sectionHeight(flow, view));
  flow.y += drawText(doc, 'RELEASE AND VERIFICATION', CONTENT.left, flow.y, { font: 'Helvetica-Bold', size: 9, color: COLORS.muted }) + 3;
  hRule(doc, flow.y, COLORS.ink, 1);
  flow.y += 7;
  for (const [label, value] of releaseFields(view)) {
    drawText(doc, label, CONTENT.left, flow.y + 1, { size: 7.5, color: COLORS.muted });
    flow.y += drawText(doc, value, CONTENT.left + LABEL_WIDTH, flow.y, VALUE_STYLE) + 3;
  }

  const amendment = amendmentText(view);
  if (amendment) {
    flow.y += 6;
    const height = measureText(doc, amendment, AMEND_STYLE).height + 16;
    fillRect(doc, CONTENT.left, flow.y, CONTENT.width, height, COLORS.amendFill, 4);
    strokeRect(doc, CONTENT.left, flow.y, CONTENT.width, height, COLORS.amendInk, 4);
    drawText(doc, amendment, CONTENT.left + 8, flow.y + 8, AMEND_STYLE);
    flow.y += height;
  }

  flow.y += 8;
  drawVerification(doc, view.verifyUrl, qrPng, flow.y);
  flow.y += QR_SIZE + 10;
  flow.y += drawText(doc, closingStatement(view), CONTENT.left, flow.y, STATEMENT_STYLE);
}

function drawVerification(doc: Doc, url: string, qrPng: Buffer, top: number): void {
  doc.image(qrPng, CONTENT.left, top, { width: QR_SIZE, height: QR_SIZE });
  doc.link(CONTENT.left, top, QR_SIZE, QR_SIZE, url);
  const x = CONTENT.left + QR_SIZE + 14;
  const width = CONTENT.right - x;
  let y = top + 14;
  y += drawText(doc, 'Verify this certificate', x, y, { font: 'Helvetica-Bold', size: 11 }) + 3;
  y +=
    drawText(doc, 'Scan the code or open this address to see the certificate as the laboratory holds it:', x, y, {
      size: 8.5,
      color: COLORS.muted,
      width,
    }) + 3;
  const urlHeight = drawText(doc, url, x, y, { size: 9, color: COLORS.link, width });
  doc.link(x, y, width, urlHeight, url);
}

/** "Page X of N" and the certificate's identity on every page, written once the page count is known. */
export function drawFooters(doc: Doc, view: CoaView): void {
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let index = 0; index < total; index += 1) {
    doc.switchToPage(range.start + index);
    const y = PAGE.height - PAGE.margin - FOOTER_HEIGHT + 8;
    hRule(doc, y, COLORS.rule, 0.75);
    drawText(doc, footerIdentity(doc, view), CONTENT.left, y + 6, { size: 7.5, color: COLORS.muted });
    drawText(doc, `Page ${index + 1} of ${total}`, CONTENT.right, y + 6, { font: 'Helvetica-Bold', size: 7.5, color: COLORS.ink, anchor: 'right' });
  }
}

/** Room is kept for "Page X of N"; a lab name too long to share the line is left to the header. */
function footerIdentity(doc: Doc, view: CoaView): string {
  const identity = `Certificate of Analysis  ·  Sample ${view.sample.labCode}  ·  Version ${view.version}`;
  const withLab = `${view.lab.name}  ·  ${identity}`;
  return measureText(doc, withLab, { size: 7.5 }).width <= CONTENT.width - 80 ? withLab : identity;
}

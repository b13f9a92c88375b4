import PDFDocument from 'pdfkit';
import { toBuffer as qrPng } from 'qrcode';
import { PAGE, PageFlow } from './coa-pdf-draw';
import { drawEdiblePotency } from './coa-pdf-edible';
import { drawClientAndSample, drawLabHeader, drawSummary, drawTitle, drawTotals } from './coa-pdf-header';
import { drawPartialNotice, drawScopeNotes } from './coa-pdf-not-tested';
import { drawFooters, drawRelease, QR_SIZE } from './coa-pdf-release';
import { drawOtherLabs } from './coa-pdf-sources';
import { drawGroup } from './coa-pdf-table';
import type { CoaView } from './coa-view';

export { printable } from './coa-pdf-text';

/** Rendered at three times its printed size so the code stays sharp when the PDF is printed. */
const QR_PIXELS = QR_SIZE * 3;

/**
 * The Certificate of Analysis as a PDF (9 NYCRR §130.23), from a view the release service gathered.
 * Pure: no I/O beyond memory. With the same view it gives the same bytes, because the document's
 * creation date is the release time rather than the clock.
 */
export async function renderCoaPdf(view: CoaView): Promise<Buffer> {
  const qr = await qrPng(view.verifyUrl, { type: 'png', margin: 1, width: QR_PIXELS, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: PAGE.margin,
    bufferPages: true,
    info: documentInfo(view),
  });
  const done = collect(doc);

  const flow = new PageFlow(doc);
  drawLabHeader(flow, view);
  drawTitle(flow, view);
  drawPartialNotice(flow, view);
  drawClientAndSample(flow, view);
  drawSummary(flow, view);
  drawScopeNotes(flow, view);
  drawOtherLabs(flow, view);
  drawTotals(flow, view);
  drawEdiblePotency(flow, view);
  for (const group of view.groups) drawGroup(flow, group, view.timeZone);
  drawRelease(flow, view, qr);
  drawFooters(doc, view);

  doc.end();
  return done;
}

function documentInfo(view: CoaView): PDFKit.DocumentInfo {
  const released = new Date(view.releasedAt);
  return {
    Title: `Certificate of Analysis ${view.sample.labCode} v${view.version}`,
    Author: view.lab.name,
    Subject: `${view.sample.description} (${view.sample.sampleInventoryId})`,
    Creator: 'LabTrace',
    ...(Number.isNaN(released.getTime()) ? {} : { CreationDate: released }),
  };
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

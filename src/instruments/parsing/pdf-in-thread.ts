import type { PDFParse as PdfParser } from 'pdf-parse';
import { CoaParseError } from '../coa-pdf/coa-layout.types';
import { assertReadableText } from '../coa-pdf/coa-text';
import { nativeBuiltins, pdfParseWarmUp } from '../coa-pdf/pdf-natives';
import { assertPdfBytes, DEFAULT_PDF_TEXT_LIMITS, PdfText, PdfTextExtractor, PdfTextLimits, toCoaParseError } from '../coa-pdf/pdf-text';

/*
 * pdf-parse's bundles (its own and pdf.js's worker module, which pdf.js imports on the first document)
 * carry core-js polyfills that replace Array.prototype.push, JSON.parse and Function.prototype.toString
 * with script versions for the whole thread, though Node has them natively; pdf.js pushes in its hottest
 * loops. The natives are noted before pdf-parse loads (hence require, not an import, which would be
 * hoisted above this), both modules are loaded now, on a blank page, and the natives are put back.
 */
const natives = nativeBuiltins();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- must run after nativeBuiltins(), see above
const { PDFParse } = require('pdf-parse') as { PDFParse: typeof PdfParser };
/** Settles once pdf.js's worker module is loaded and the natives are back; every extraction waits for it. */
const warm: Promise<void> = pdfParseWarmUp(PDFParse).finally(() => natives.restore());

/**
 * pdf-parse in the calling thread: only ever a parsing thread (the pool gives the time budget and
 * heap cap PdfParseTextExtractor's own thread gave). Same checks, messages and text as that extractor.
 */
export class InThreadPdfTextExtractor implements PdfTextExtractor {
  private readonly limits: PdfTextLimits;

  constructor(limits: Partial<PdfTextLimits> = {}) {
    this.limits = { ...DEFAULT_PDF_TEXT_LIMITS, ...limits };
  }

  async extract(bytes: Buffer): Promise<PdfText> {
    assertPdfBytes(bytes, this.limits);
    await warm;
    // No code generated from the file (PostScript functions are interpreted): the text is the same, the upload untrusted.
    const parser = new PDFParse({ data: ownedBytes(bytes), verbosity: 0, isEvalSupported: false });
    let read: PdfText;
    try {
      // The document is loaded once, here; selecting no page gives the page count without reading a page.
      const { total } = await parser.getText({ partial: [0] });
      if (total > this.limits.maxPages) throw toCoaParseError({ ok: false, name: 'PageLimit', message: '', pages: total }, this.limits);
      const result = await parser.getText();
      read = { text: result.text, pages: result.total };
    } catch (error) {
      if (error instanceof CoaParseError) throw error;
      const e = error as { name?: unknown; message?: unknown } | undefined;
      throw toCoaParseError({ ok: false, name: String(e?.name), message: String(e?.message) }, this.limits);
    } finally {
      await parser.destroy().catch(() => undefined);
    }
    assertReadableText(read.text);
    return read;
  }
}

/**
 * The file's bytes as pdf.js takes them. A Buffer would be copied by pdf-parse; a view of the whole
 * buffer the pool moved to this thread is handed over as it is (pdf.js moves it on to its worker side).
 */
function ownedBytes(bytes: Buffer): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
}

import { PDFParse } from 'pdf-parse';
import { CoaParseError } from '../coa-pdf/coa-layout.types';
import { assertReadableText } from '../coa-pdf/coa-text';
import { assertPdfBytes, DEFAULT_PDF_TEXT_LIMITS, PdfText, PdfTextExtractor, PdfTextLimits, toCoaParseError } from '../coa-pdf/pdf-text';

/**
 * pdf-parse in the calling thread: only ever a parsing thread (the pool gives the time budget and
 * heap cap PdfParseTextExtractor's own thread gave). Same checks and messages as that extractor.
 */
export class InThreadPdfTextExtractor implements PdfTextExtractor {
  private readonly limits: PdfTextLimits;

  constructor(limits: Partial<PdfTextLimits> = {}) {
    this.limits = { ...DEFAULT_PDF_TEXT_LIMITS, ...limits };
  }

  async extract(bytes: Buffer): Promise<PdfText> {
    assertPdfBytes(bytes, this.limits);
    const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
    let read: PdfText;
    try {
      const info = await parser.getInfo();
      if (info.total > this.limits.maxPages) throw toCoaParseError({ ok: false, name: 'PageLimit', message: '', pages: info.total }, this.limits);
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

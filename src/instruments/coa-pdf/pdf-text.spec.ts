import { readFileSync } from 'fs';
import { join } from 'path';
import { CoaParseError } from './coa-layout.types';
import { assertPdfBytes, PdfParseTextExtractor } from './pdf-text';

const FIXTURES = join(__dirname, '../../../test/fixtures/coa-pdfs');
const scLabsPdf = readFileSync(join(FIXTURES, 'sc-labs_Cherry_Punch.pdf'));

describe('PdfParseTextExtractor', () => {
  const extractor = new PdfParseTextExtractor();

  it('extracts the text and page count of a real (owner-password encrypted) COA', async () => {
    const { text, pages } = await extractor.extract(scLabsPdf);
    expect(pages).toBe(4);
    expect(text).toContain('OVERALL BATCH RESULT: PASS');
    expect(text).toContain('Sample ID: 211116M007');
  });

  it('gives up on a PDF that takes longer than the time limit', async () => {
    const impatient = new PdfParseTextExtractor({ timeoutMs: 1 });
    await expect(impatient.extract(scLabsPdf)).rejects.toThrow(/took longer than 1 ms/);
  });

  it('rejects bytes that are not a PDF', async () => {
    await expect(extractor.extract(Buffer.from('Sample,Analyte,Result\nS1,THC,12.3\n'))).rejects.toThrow(
      new CoaParseError('The file is not a PDF (no %PDF- header).'),
    );
  });

  it('rejects an empty file', async () => {
    await expect(extractor.extract(Buffer.alloc(0))).rejects.toThrow('The file is empty.');
  });

  it('rejects a truncated PDF as damaged', async () => {
    const truncated = scLabsPdf.subarray(0, Math.floor(scLabsPdf.length / 2));
    await expect(extractor.extract(truncated)).rejects.toThrow(/damaged or truncated/);
  });

  it('rejects a PDF with more pages than the limit', async () => {
    const strict = new PdfParseTextExtractor({ maxPages: 3 });
    await expect(strict.extract(scLabsPdf)).rejects.toThrow('The PDF has 4 pages; a COA may have at most 3.');
  });

  it('rejects a file over the size limit before parsing it', () => {
    expect(() => assertPdfBytes(scLabsPdf, { maxBytes: 1000 })).toThrow(/at most 1000 bytes/);
  });

  it('accepts a %PDF- header after leading junk (allowed within the first 1024 bytes)', () => {
    expect(() => assertPdfBytes(Buffer.concat([Buffer.from('\r\n  '), scLabsPdf]))).not.toThrow();
  });
});

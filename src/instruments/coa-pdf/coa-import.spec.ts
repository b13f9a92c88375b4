import PDFDocument from 'pdfkit';
import { COA_LAYOUTS, parseCoaPdf, parseCoaText } from './coa-import';
import { CoaParseError } from './coa-layout.types';
import { PdfTextExtractor } from './pdf-text';

/** A one-page text PDF, as an unknown lab's COA or a protected file would be. */
function renderPdf(lines: string[], options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument(options);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

const UNKNOWN_LAB_COA = [
  'Hudson Valley Analytical - Certificate of Analysis',
  'Client: Example Cultivation LLC   Sample: HV-2025-00417   Inventory 1234567890123456',
  'Product: Sour Diesel pre-roll 1 g   Received 2025-03-02   Reported 2025-03-06',
  'Potency (HPLC-DAD)  THCA 24.1 %   D9-THC 0.82 %   CBD ND   CBDA 0.05 %',
  'Metals (ICP-MS, ug/g)  Arsenic <0.05   Cadmium <0.05   Lead 0.11   Mercury <0.01   -- all within limits',
  'Microbials  Aspergillus (4 species) not detected in 1 g; Salmonella not detected; STEC not detected',
  'Water activity 0.52 aw   Moisture 11.3 %   Overall: PASSED',
];

const TRIED = /No known COA layout recognised this PDF \(tried: labtrace, confident-cannabis, sc-labs, kaycha\)\./;

describe('parseCoaPdf', () => {
  it('tries the layouts in a fixed order', () => {
    expect(COA_LAYOUTS.map((l) => l.name)).toEqual(['labtrace', 'confident-cannabis', 'sc-labs', 'kaycha']);
  });

  it('names every layout it tried when none recognises the PDF', async () => {
    const pdf = await renderPdf(UNKNOWN_LAB_COA);
    const error = await parseCoaPdf(pdf).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoaParseError);
    expect((error as CoaParseError).message).toMatch(TRIED);
    expect((error as CoaParseError).recognised).toEqual([]);
  });

  it('rejects bytes that are not a PDF', async () => {
    await expect(parseCoaPdf(Buffer.from('PK\u0003\u0004 this is a zip, not a COA'))).rejects.toThrow('The file is not a PDF (no %PDF- header).');
  });

  it('rejects a truncated PDF', async () => {
    const whole = await renderPdf(UNKNOWN_LAB_COA);
    await expect(parseCoaPdf(whole.subarray(0, Math.floor(whole.length * 0.6)))).rejects.toThrow(/damaged or truncated/);
  });

  it('rejects a password-protected PDF', async () => {
    const locked = await renderPdf(UNKNOWN_LAB_COA, { userPassword: 'secret', ownerPassword: 'owner', pdfVersion: '1.7' });
    await expect(parseCoaPdf(locked)).rejects.toThrow('The PDF is password-protected; upload an unprotected copy.');
  });

  it('rejects a PDF with no text layer', async () => {
    const blank = await renderPdf([' ']);
    await expect(parseCoaPdf(blank)).rejects.toThrow(/no usable text layer/);
  });

  it('takes its text from the extractor it is given', async () => {
    const extractor: PdfTextExtractor = { extract: jest.fn().mockResolvedValue({ text: UNKNOWN_LAB_COA.join('\n'), pages: 1 }) };
    await expect(parseCoaPdf(Buffer.from('%PDF-1.7'), extractor)).rejects.toThrow(TRIED);
    expect(extractor.extract).toHaveBeenCalledTimes(1);
  });
});

describe('parseCoaText', () => {
  it('names the layout that recognised the text when it then fails to read it', () => {
    const sampleless = ['Regulatory Compliance Testing', ...UNKNOWN_LAB_COA.slice(1), 'Confident Cannabis', 'All Rights Reserved'].join('\n');
    const error = (() => {
      try {
        return parseCoaText(sampleless);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CoaParseError);
    expect((error as CoaParseError).message).toBe('Confident Cannabis COA recognised, but no "Sample ID:" line was found.');
    expect((error as CoaParseError).recognised).toEqual(['confident-cannabis']);
  });

  it('refuses letter-spaced text before trying any layout', () => {
    const spaced = UNKNOWN_LAB_COA.join('\n').replace(/(\p{L})(?=\p{L})/gu, '$1 ');
    expect(() => parseCoaText(spaced)).toThrow('The PDF text comes out letter-spaced, so its tables cannot be read reliably.');
  });
});

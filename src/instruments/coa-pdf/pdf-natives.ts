import type { PDFParse } from 'pdf-parse';

/** The built-ins core-js (bundled in pdf-parse and pdf.js) replaces on Node 20 although Node has them. */
const REPLACED: ReadonlyArray<readonly [object, PropertyKey]> = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [Function.prototype, 'toString'],
];

/** Notes those built-ins as they are now (before pdf-parse loads); `restore` puts them back as they were. */
export function nativeBuiltins(): { restore(): void } {
  const saved = REPLACED.map(([owner, key]) => [owner, key, Object.getOwnPropertyDescriptor(owner, key)] as const);
  return {
    restore() {
      for (const [owner, key, descriptor] of saved) if (descriptor) Object.defineProperty(owner, key, descriptor);
    },
  };
}

/**
 * Reads a one-page blank PDF, so that pdf.js imports its worker module (and runs that module's
 * polyfills) now rather than in the first upload's time. Never rejects: a failure here leaves the
 * real extraction to report whatever is wrong.
 */
export async function pdfParseWarmUp(Parser: typeof PDFParse): Promise<void> {
  const parser = new Parser({ data: blankPdf(), verbosity: 0 });
  try {
    await parser.getText();
  } catch {
    // see above
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** A minimal well-formed PDF: catalog, page tree, one empty page, a correct cross-reference table. */
export function blankPdf(): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>'];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

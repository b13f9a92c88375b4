import { CoaTextLayerError } from './coa-text';
import { blankPdf, nativeBuiltins } from './pdf-natives';
import { PdfParseTextExtractor } from './pdf-text';

describe('nativeBuiltins', () => {
  it('puts back a built-in replaced after it was noted, with its own property attributes', () => {
    const push = Array.prototype.push;
    const natives = nativeBuiltins();
    const replacement = function push(this: unknown[], ...items: unknown[]): number {
      return push.apply(this, items);
    };
    try {
      Object.defineProperty(Array.prototype, 'push', { value: replacement, writable: false, configurable: true, enumerable: true });
      natives.restore();
      expect(Array.prototype.push).toBe(push);
      expect(Object.getOwnPropertyDescriptor(Array.prototype, 'push')).toEqual({ value: push, writable: true, configurable: true, enumerable: false });
    } finally {
      Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, configurable: true, enumerable: false });
    }
  });
});

describe('blankPdf', () => {
  it('is a readable one-page PDF with no text (refused for its text layer, not as damaged)', async () => {
    const pdf = Buffer.from(blankPdf());
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    await expect(new PdfParseTextExtractor().extract(pdf)).rejects.toThrow(CoaTextLayerError);
  });
});

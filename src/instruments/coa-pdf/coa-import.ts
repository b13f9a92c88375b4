import { CoaLayout, CoaParseError, ParsedCoa } from './coa-layout.types';
import { assertReadableText } from './coa-text';
import { confidentCannabisCoaLayout } from './layouts/confident-cannabis.layout';
import { kaychaCoaLayout } from './layouts/kaycha.layout';
import { labtraceCoaLayout } from './layouts/labtrace.layout';
import { scLabsCoaLayout } from './layouts/sc-labs.layout';
import { PdfParseTextExtractor, PdfTextExtractor } from './pdf-text';

export { reconcileCoa } from './coa-reconcile';
export type { CoaInconsistency, CoaInconsistencyCode } from './coa-reconcile';

/**
 * Tried in this order; the first whose signature matches parses the COA. LabTrace's own layout goes
 * first so re-imports of our own COAs never fall to a vendor layout.
 */
export const COA_LAYOUTS: readonly CoaLayout[] = [labtraceCoaLayout, confidentCannabisCoaLayout, scLabsCoaLayout, kaychaCoaLayout];

/** Extracts the PDF's text and parses it with the first layout that recognises it. Throws CoaParseError. */
export async function parseCoaPdf(bytes: Buffer, extractor: PdfTextExtractor = new PdfParseTextExtractor()): Promise<ParsedCoa> {
  const { text } = await extractor.extract(bytes);
  return parseCoaText(text);
}

export function parseCoaText(text: string, layouts: readonly CoaLayout[] = COA_LAYOUTS): ParsedCoa {
  assertReadableText(text);
  const layout = layouts.find((candidate) => candidate.recognise(text));
  if (!layout) {
    const tried = layouts.map((l) => l.name);
    throw new CoaParseError(`No known COA layout recognised this PDF (tried: ${tried.join(', ')}).`, []);
  }
  try {
    return layout.parse(text);
  } catch (error) {
    if (error instanceof CoaParseError) throw new CoaParseError(error.message, [layout.name]);
    throw error;
  }
}

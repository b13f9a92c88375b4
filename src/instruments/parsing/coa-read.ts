import { assertTextShape } from '../../common/parsing/text-shape';
import { parseCoaText } from '../coa-pdf/coa-import';
import { CoaParseError, ParsedCoa } from '../coa-pdf/coa-layout.types';
import { CoaTextLayerError, findInventoryIds, textLines } from '../coa-pdf/coa-text';
import type { PdfTextExtractor } from '../coa-pdf/pdf-text';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';

/**
 * A COA PDF read for import: text, then layout. A broken file is the client's 400; a readable PDF
 * we cannot use is a 422 that says why. Runs in a parsing thread (coa-pdf.task.ts).
 */
export async function readCoa(bytes: Buffer, extractor: PdfTextExtractor, filename: string): Promise<ParsedCoa> {
  let text: string;
  let pages: number;
  try {
    ({ text, pages } = await extractor.extract(bytes));
  } catch (error) {
    if (error instanceof CoaTextLayerError) throw new InstrumentsError(InstrumentsErrorCode.COA_UNREADABLE, error.message);
    if (error instanceof CoaParseError) throw new InstrumentsError(InstrumentsErrorCode.UNREADABLE_FILE, error.message);
    throw error;
  }
  assertTextShape(text, filename);
  try {
    return parseCoaText(text);
  } catch (error) {
    if (error instanceof CoaTextLayerError) throw new InstrumentsError(InstrumentsErrorCode.COA_UNREADABLE, error.message);
    if (error instanceof CoaParseError && error.recognised?.length === 0) {
      const seen = recognisedText(text, pages);
      throw new InstrumentsError(InstrumentsErrorCode.COA_LAYOUT_UNKNOWN, `${error.message} ${seen.summary}`, seen.details);
    }
    if (error instanceof CoaParseError)
      throw new InstrumentsError(InstrumentsErrorCode.COA_UNREADABLE, error.message, { layout: error.recognised?.[0] ?? null });
    throw error;
  }
}

/** What the text showed when no layout claimed it: pages, how it begins, ids, whether it calls itself a COA. */
function recognisedText(text: string, pages: number): { summary: string; details: Record<string, unknown> } {
  const lines = textLines(text);
  const inventoryIds = findInventoryIds(text);
  const certificate = /certificate of analysis/i.test(text);
  const parts = [`${pages} page(s) of text beginning "${lines[0] ?? ''}"`];
  if (certificate) parts.push('calling itself a Certificate of Analysis');
  if (inventoryIds.length > 0) parts.push(`inventory id(s) ${inventoryIds.join(', ')}`);
  return {
    summary: `Recognised: ${parts.join('; ')}.`,
    details: { recognised: { pages, firstLines: lines.slice(0, 3), certificateOfAnalysis: certificate, inventoryIds } },
  };
}

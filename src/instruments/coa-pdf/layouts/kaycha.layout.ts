import { CoaDraft } from '../coa-draft';
import { CoaLayout, CoaParseError, ParsedCoa } from '../coa-layout.types';
import { assertReadableText, capture, findInventoryIds, nyProductType, textLines, usDateToIso } from '../coa-text';
import { readVerdict } from '../coa-values';
import { KAYCHA_GROUPS, readCannabinoidGrid, readSections } from './kaycha.tables';

/**
 * Kaycha Labs COAs (yourcoa.com): page 1 has the sample block, a "SAFETY RESULTS" panel of
 * label/verdict pairs and the cannabinoid grid; each later page repeats the header and holds sections.
 * Batch and seed-to-sale numbers are 16 digits printed in groups of four.
 */

const US_DATE = String.raw`(\d{2}\/\d{2}\/\d{2,4})`;

export const kaychaCoaLayout: CoaLayout = {
  name: 'kaycha',
  recognise: (text) => /\bKaycha Labs\b/.test(text) && /Certificate of Analysis/.test(text),
  parse(text: string): ParsedCoa {
    assertReadableText(text);
    const sampleId = capture(text, /^Sample ?: ?(\S+)/m);
    if (!sampleId) throw new CoaParseError('Kaycha COA recognised, but no "Sample:" line was found.');
    const lines = textLines(text);
    const draft = new CoaDraft();
    readSafetyPanel(lines, draft);
    readCannabinoidGrid(lines, draft);
    readSections(lines, draft);
    const overall = capture(text, /Certificate of Analysis (PASSED|FAILED)/) ?? capture(text, /^(PASSED|FAILED)\nPages 1 of/m);
    if (overall === undefined) draft.warn('The COA prints no overall verdict.');
    const labLine = lines.indexOf('Kaycha Labs');
    return draft.finish({
      layout: 'kaycha',
      labName: 'Kaycha Labs',
      labCode: capture(text, /State License # (\S+)/),
      sampleIds: [sampleId],
      inventoryIds: findInventoryIds(text),
      productName: labLine >= 0 ? lines[labLine + 1] : undefined,
      productType: nyProductType(capture(text, /^Matrix ?: ?(.+)$/m)),
      collectedAt: usDateToIso(capture(text, new RegExp(`^Sampled ?: ?${US_DATE}`, 'm'))),
      testedAt: usDateToIso(capture(text, new RegExp(`^Completed ?: ?${US_DATE}`, 'm'))),
      releasedAt: usDateToIso(capture(text, new RegExp(`${US_DATE}\\n_+\\nSigned On`))),
      reportedOverall: overall ? (readVerdict(overall) as 'pass' | 'fail') : undefined,
    });
  },
};

/** "SAFETY RESULTS": a label line (or two) then its verdict line; ends at the one-line "Cannabinoid PASSED". */
function readSafetyPanel(lines: string[], draft: CoaDraft): void {
  const start = lines.findIndex((l) => /SAFETY RESULTS/.test(l));
  if (start < 0) {
    draft.warn('The safety results panel was not found; group verdicts come from the result sections only.');
    return;
  }
  let label = '';
  for (const line of lines.slice(start + 1)) {
    const verdict = line.match(/^(PASSED|FAILED|TESTED|NOT TESTED)$/)?.[1];
    if (verdict === undefined) {
      if (/ (PASSED|FAILED|TESTED)$/.test(line) || label !== '') break;
      label = line;
      continue;
    }
    const group = KAYCHA_GROUPS[label.toLowerCase()];
    if (group) draft.reportGroup(group, readVerdict(verdict), 'summary');
    else draft.warn(`Safety panel verdict for "${label}" is not a known group; skipped.`);
    label = '';
  }
}

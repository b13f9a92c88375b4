import { textBetween } from '../../parsing/linear-headers';
import { CoaDraft } from '../coa-draft';
import { CoaLayout, CoaParseError, ParsedCoa } from '../coa-layout.types';
import { assertReadableText, capture, findInventoryIds, latestIsoDate, nyProductType, textLines, usDateToIso } from '../coa-text';
import { readDecimal, readVerdict } from '../coa-values';
import { readCcSections } from './confident-cannabis.tables';

/**
 * Confident Cannabis COAs, issued by many labs from one LIMS. Two templates: "Regulatory Compliance
 * Testing" (safety summary table, "Batch <date> Pass") and "Certificate of Analysis Powered by
 * Confident Cannabis" (a side panel of verdicts under "Safety").
 */

/** The "fi" in "Confident" is a ligature pdf-parse gives as NUL. */
// eslint-disable-next-line no-control-regex -- PDF text carries NUL (U+0000) where a ligature glyph was lost; matching it is the point
const SIGNATURE = /Con(?:fi|[\u0000\ufffd])dent Cannabis/;
const DATE = '(\\d{2}\\/\\d{2}\\/\\d{4})';

const SUMMARY_GROUPS: Record<string, string> = {
  cannabinoids: 'cannabinoids',
  terpenes: 'terpenes',
  moisture: 'moisture',
  'water activity': 'water_activity',
  microbials: 'microbials',
  'biological analysis': 'microbials',
  mycotoxins: 'mycotoxins',
  pesticides: 'pesticides',
  'heavy metals': 'metals',
  metals: 'metals',
  'foreign matter': 'foreign_matter',
  'residual solvents': 'residual_solvents',
  solvents: 'residual_solvents',
};

export const confidentCannabisCoaLayout: CoaLayout = {
  name: 'confident-cannabis',
  recognise: (text) => SIGNATURE.test(text),
  parse(text: string): ParsedCoa {
    assertReadableText(text);
    const lines = textLines(text);
    const draft = new CoaDraft();
    const compliance = /^Regulatory Compliance Testing\b/m.test(text);
    const sampleId = capture(text, /^Sample(?: ID)?: ?(\S+)/m);
    if (!sampleId) throw new CoaParseError('Confident Cannabis COA recognised, but no "Sample ID:" line was found.');

    const { testDates } = readCcSections(lines, draft);
    const reportedOverall = compliance ? readComplianceSummary(lines, draft) : readSafetyPanel(lines, draft);
    if (reportedOverall === undefined) draft.warn('The COA prints no overall verdict.');

    const header = compliance ? complianceHeader(text, lines) : certificateHeader(text, lines, testDates);
    return draft.finish({
      layout: 'confident-cannabis',
      ...header,
      sampleIds: [sampleId],
      inventoryIds: findInventoryIds(text),
      labCode: capture(text, /^Lic# ?(\S+)/m),
      reportedOverall,
    });
  },
};

type Header = Pick<ParsedCoa, 'labName' | 'productName' | 'productType' | 'collectedAt' | 'receivedAt' | 'testedAt' | 'releasedAt'>;

function complianceHeader(text: string, lines: string[]): Header {
  const metrcLine = lines.findIndex((l) => /^METRC Sample:/.test(l));
  return {
    // /tested by (.+?) using/, found in linear time (the expression rescanned a line from every "tested by").
    labName: textBetween(text, 'tested by ', ' using')?.trim() || undefined,
    productName: metrcLine > 0 ? lines[metrcLine - 1] : undefined,
    productType: nyProductType(capture(text, /^Type: (.+)$/m) ?? capture(text, /^Matrix: (.+)$/m)),
    collectedAt: usDateToIso(capture(text, new RegExp(`^Collected: ${DATE}`, 'm'))),
    receivedAt: usDateToIso(capture(text, new RegExp(`^Received: ${DATE}`, 'm'))),
    testedAt: usDateToIso(capture(text, new RegExp(`^Completed: ${DATE}`, 'm'))),
    releasedAt: usDateToIso(capture(text, new RegExp(`Director\\n${DATE}`))),
  };
}

function certificateHeader(text: string, lines: string[], testDates: string[]): Header {
  const lotLine = lines.findIndex((l) => /^Harvest Process Lot:/.test(l));
  return {
    labName: capture(text, /Analysis by (.+)$/m),
    productName: lotLine > 1 ? lines[lotLine - 2] : undefined,
    productType: nyProductType(lotLine > 0 ? lines[lotLine - 1] : undefined),
    receivedAt: usDateToIso(capture(text, new RegExp(`^Sample Received: ${DATE}`, 'm'))),
    testedAt: latestIsoDate(testDates),
    releasedAt: usDateToIso(capture(text, new RegExp(`^Report Created: ${DATE}`, 'm'))),
  };
}

/** "Summary - Safety & Quality Tests": one row per group, moisture and water activity with their values. */
function readComplianceSummary(lines: string[], draft: CoaDraft): 'pass' | 'fail' | undefined {
  const overall = lines.map((l) => l.match(new RegExp(`^Batch ${DATE} (Pass|Fail)$`))?.[2]).find(Boolean);
  const start = lines.findIndex((l) => /^Summary - Safety & Quality Tests$/.test(l));
  if (start >= 0) {
    for (const line of lines.slice(start + 1)) {
      if (/^Test Date Tested Result$/.test(line)) continue;
      const row = line.match(new RegExp(`^(.+?) ${DATE}(?: (.+?) -)? (Complete|Pass|Fail|Not Tested|Tested)$`));
      if (!row) break;
      const group = SUMMARY_GROUPS[row[1].toLowerCase()];
      if (!group) {
        draft.warn(`Summary row "${row[1]}" is not a known group; skipped.`);
        continue;
      }
      const verdict = readVerdict(row[4]);
      draft.reportGroup(group, verdict, 'summary');
      if (row[3]) addSummaryValue(group, row[1], row[3], verdict, draft);
    }
  }
  return overall ? (readVerdict(overall) as 'pass' | 'fail') : undefined;
}

/** "12.2%" or "0.51 aw" printed in the summary row: the only place these results appear. */
function addSummaryValue(group: string, name: string, printed: string, verdict: ReturnType<typeof readVerdict>, draft: CoaDraft): void {
  const match = printed.match(/^(\S+?) ?(%|aw)$/);
  const value = readDecimal(match?.[1]);
  if (!match || value === undefined) {
    draft.warn(`${group}: summary value "${printed}" could not be read; skipped.`);
    return;
  }
  draft.addRow({ group, analyte: name, results: [{ cell: { value }, unit: match[2] }], status: verdict });
}

/**
 * The certificate template's side panel: "Safety" then label/verdict pairs, labels sometimes wrapped
 * over two lines ("Biological" / "Analysis").
 */
function readSafetyPanel(lines: string[], draft: CoaDraft): 'pass' | 'fail' | undefined {
  const start = lines.findIndex((l, i) => l === 'Safety' && /^(Pass|Fail)$/.test(lines[i + 1] ?? ''));
  if (start < 0) return undefined;
  const overall = readVerdict(lines[start + 1]) as 'pass' | 'fail';
  let label = '';
  for (const line of lines.slice(start + 2)) {
    const verdict = /^(Pass|Fail|Complete|Tested|Not Tested)$/.test(line) ? readVerdict(line) : undefined;
    if (verdict !== undefined && label !== '') {
      const group = SUMMARY_GROUPS[label.toLowerCase()];
      if (group) draft.reportGroup(group, verdict, 'summary');
      else draft.warn(`Summary verdict for "${label}" is not a known group; skipped.`);
      label = '';
      continue;
    }
    const candidate = label === '' ? line : `${label} ${line}`;
    if (Object.keys(SUMMARY_GROUPS).some((g) => g.startsWith(candidate.toLowerCase()))) {
      label = candidate;
      continue;
    }
    if (label !== '') draft.warn(`Summary shows "${label}: ${line}" without a verdict; skipped.`);
    break;
  }
  return overall;
}

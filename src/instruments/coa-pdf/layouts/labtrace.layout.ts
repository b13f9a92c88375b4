import { textBetween } from '../../parsing/linear-headers';
import { CoaDraft } from '../coa-draft';
import { CoaLayout, CoaParseError, ParsedCoa } from '../coa-layout.types';
import { assertReadableText, findInventoryIds, latestIsoDate, nyProductType, textLines } from '../coa-text';
import { readChips, groupOfTitle, headingAt, readGroups, STATUS_WORDS } from './labtrace.tables';

/**
 * LabTrace's own Certificate of Analysis (src/results/coa/coa-pdf.ts), read back: lab header, title
 * with version and release, client and sample boxes, group summary chips, one table per group. Printed
 * dates are the lab's calendar days, so they are taken as they read.
 */

const SIGNATURE = [/\bCertificate of Analysis\b/, /\bLab sample code\b/, /\bSample inventory id\b/, /\bAnalyte Result Unit LOQ Limit Status\b/];

const SAMPLE_LABELS = [
  'Description',
  'Lab sample code',
  'Product type',
  'Sample inventory id',
  'Sampled lots',
  'Sampled lot',
  'Collected',
  'Received',
  'Analysed',
];
const NY_PRODUCT_TYPES = ['flower', 'pre-roll', 'concentrate', 'vape', 'edible', 'tincture', 'topical', 'other'];
const ISO_DAY = /\b(\d{4}-\d{2}-\d{2})\b/g;

export const labtraceCoaLayout: CoaLayout = {
  name: 'labtrace',
  recognise(text) {
    const flat = text.replace(/\s+/g, ' ');
    return SIGNATURE.every((pattern) => pattern.test(flat));
  },
  parse(text: string): ParsedCoa {
    assertReadableText(text);
    const lines = textLines(text);
    const fields = sampleFields(lines);
    const titleLine = lines.find((l) => /^Version \d+ · Released /.test(l));
    const labCode = fields['Lab sample code'] ?? titleLine?.match(/· Sample (\S+)$/)?.[1];
    if (!labCode) throw new CoaParseError('LabTrace COA recognised, but no "Lab sample code" line was found.');

    const draft = new CoaDraft();
    readSummary(lines, draft);
    const analysedDates = readGroups(lines, draft);
    const amended = lines.find((l) => /^AMENDED: supersedes version \d+$/.test(l));
    if (amended)
      draft.warn(
        `This certificate is ${titleLine?.match(/^Version \d+/)?.[0].toLowerCase() ?? 'an amended version'}; it ${amended.slice('AMENDED: '.length)}.`,
      );

    const overallAt = lines.indexOf('OVERALL RESULT');
    const overall = overallAt >= 0 ? lines[overallAt + 1] : undefined;
    if (overall === undefined) draft.warn('The COA prints no overall result.');
    const permit = lines.indexOf('NY OCM laboratory permit');
    return draft.finish({
      layout: 'labtrace',
      labName: lines[0],
      labCode: permit >= 0 ? lines[permit + 1] : undefined,
      sampleIds: [labCode],
      inventoryIds: [
        ...new Set([...findInventoryIds(fields['Sample inventory id'] ?? ''), ...findInventoryIds(fields['Sampled lots'] ?? fields['Sampled lot'] ?? '')]),
      ],
      productName: fields.Description,
      productType: productType(fields['Product type']),
      collectedAt: lastDay(fields.Collected),
      receivedAt: firstDay(fields.Received),
      testedAt: latestIsoDate([lastDay(fields.Analysed), ...analysedDates]),
      releasedAt: firstDay(titleLine === undefined ? undefined : textBetween(titleLine, 'Released ', ' ·')),
      reportedOverall: overall === 'PASS' ? 'pass' : overall === 'FAIL' ? 'fail' : undefined,
    });
  },
};

/**
 * The SAMPLE box: "<Label> <value>" lines, a value that wraps continuing on the lines after it (three
 * or more sampled lots do). The box ends where the group summary starts.
 */
function sampleFields(lines: string[]): Record<string, string> {
  const start = lines.indexOf('SAMPLE');
  const fields: Record<string, string> = {};
  if (start < 0) return fields;
  let label: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line === 'RESULTS BY GROUP') break;
    const next = SAMPLE_LABELS.find((l) => line === l || line.startsWith(`${l} `));
    if (next) {
      label = next;
      fields[label] = line.slice(next.length).trim();
    } else if (label) {
      fields[label] = `${fields[label]} ${line}`;
    }
  }
  return fields;
}

/** The chips under "RESULTS BY GROUP", up to the first line that is not chips or is a group's own heading. */
function readSummary(lines: string[], draft: CoaDraft): void {
  const start = lines.indexOf('RESULTS BY GROUP');
  if (start < 0) {
    draft.warn('The group summary was not found; group verdicts come from the result sections only.');
    return;
  }
  for (let i = start + 1; i < lines.length && !headingAt(lines, i); i++) {
    const chips = readChips(lines[i]);
    if (!chips) break;
    for (const chip of chips) {
      const group = groupOfTitle(chip.title);
      if (group) draft.reportGroup(group, STATUS_WORDS[chip.status], 'summary');
      else draft.warn(`Summary verdict for "${chip.title}" is not a known group; skipped.`);
    }
  }
}

/** "Pre-roll" as printed is NY's "pre-roll"; anything else goes through the shared mapping. */
function productType(printed: string | undefined): string | undefined {
  const lower = printed?.trim().toLowerCase();
  if (lower === undefined || lower === '') return undefined;
  return NY_PRODUCT_TYPES.includes(lower) ? lower : nyProductType(printed);
}

function days(printed: string | undefined): string[] {
  return [...(printed ?? '').matchAll(ISO_DAY)].map((m) => m[1]);
}

function firstDay(printed: string | undefined): string | undefined {
  return days(printed)[0];
}

function lastDay(printed: string | undefined): string | undefined {
  const found = days(printed);
  return found[found.length - 1];
}

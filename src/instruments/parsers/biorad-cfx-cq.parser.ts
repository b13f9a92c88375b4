import Decimal from 'decimal.js';
import { cqCutoffProblem, DEFAULT_CQ_CUTOFF } from '../../rules/methods/cq-cutoff';
import { readResultCell } from './cell-values';
import { CsvRecord, expectRecordWidth, isBlankRecord, readCsvRecords } from './csv-records';
import { InstrumentParser, ParsedRow, ParseError, ParseOptions, ParseResult, RowKind, SkippedLine } from './parser.types';
import { wordTable } from './row-kinds';
import { splitLines } from './text-input';

/**
 * Bio-Rad CFX Maestro "Quantification Cq Results" CSV: one line per well and target, an unnamed
 * first column, `Content` giving the well's role ("Unkn-01", "Std-02", "NTC", "Pos Ctrl"), `Cq`
 * "NaN" when nothing amplified. Replicate wells of one sample and target become one row: detected
 * when any well's Cq is below the method's cut-off, reported as the lowest such Cq.
 * An internal amplification control (target "IAC", "IPC", "Internal Control") read in a well is no
 * result of the sample: it becomes a `spike` row of that one well (never combined with replicates),
 * so the import can tell, well by well, whether an ND there is absence or inhibition.
 */

// The range and default live with the methods that carry a cut-off (the registry); the parser calls wells by them.
export { CQ_CUTOFF_RANGE, cqCutoffProblem, DEFAULT_CQ_CUTOFF } from '../../rules/methods/cq-cutoff';

const CONTENT_KINDS = wordTable<RowKind>({
  unkn: 'sample',
  std: 'calibration',
  ntc: 'blank',
  'neg ctrl': 'blank',
  nrt: 'blank',
  nrc: 'blank',
  'pos ctrl': 'check_standard',
});

/** Target names of an internal amplification control, spiked into every reaction to show it could amplify. */
const INTERNAL_CONTROL_TARGETS = new Set(['iac', 'ipc', 'internal control', 'internal amplification control', 'internal positive control']);

/** True when a Bio-Rad target is the run's internal amplification control rather than a pathogen. */
export function isInternalControlTarget(target: string): boolean {
  return INTERNAL_CONTROL_TARGETS.has(target.trim().replace(/\s+/g, ' ').toLowerCase());
}

type WellCall = 'detected' | 'not_detected' | 'no_value';

interface Well {
  line: number;
  well: string;
  raw: string;
  /** The Cq as a decimal string, when the cell held a number. */
  value?: string;
  cq?: Decimal;
  call: WellCall;
}

interface Group {
  sampleRef: string;
  target: string;
  kind: RowKind;
  wells: Well[];
}

interface Columns {
  well: number;
  target: number;
  content: number;
  sample?: number;
  startingQuantity?: number;
  cq: number;
}

export const bioRadCfxCqParser: InstrumentParser = {
  format: 'biorad-cfx-cq',
  label: 'Bio-Rad CFX Maestro Quantification Cq Results CSV',

  detect(text: string): boolean {
    const header = splitLines(text).find((line) => line.trim() !== '') ?? '';
    const names = header.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, ''));
    return ['Well', 'Target', 'Content', 'Cq'].every((name) => names.includes(name));
  },

  parse(text: string, options: ParseOptions = {}): ParseResult {
    const cutoff = readCutoff(options.cqCutoff);
    // CFX Maestro on a decimal-comma locale writes ';' between cells and "24,80" in them.
    const firstLine = splitLines(text).find((line) => line.trim() !== '') ?? '';
    const decimalComma = firstLine.includes(';') && !firstLine.includes(',');
    const [header, ...records] = readCsvRecords(text, decimalComma ? ';' : ',');
    if (!header) throw new ParseError('empty file');
    const columns = readColumns(header);
    const groups = new Map<string, Group>();
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];

    for (const { cells, line } of records) {
      if (isBlankRecord(cells)) continue;
      expectRecordWidth(cells, header.cells.length, line);
      const content = cells[columns.content].trim();
      const role = content.replace(/-\d+$/, '').trim();
      const target = cells[columns.target].trim();
      const wellRole = CONTENT_KINDS.get(role.toLowerCase());
      const internal = wellRole !== undefined && isInternalControlTarget(target);
      const kind = internal ? 'spike' : wellRole;
      const sampleName = columns.sample === undefined ? '' : cells[columns.sample].trim();
      if (!kind) {
        skipped.push({ line, reason: `well content "${content}" is not a sample or control` });
        warnings.push(`line ${line}: well ${cells[columns.well].trim()} has content "${content}" and was not imported`);
        continue;
      }
      if (!target) {
        skipped.push({ line, reason: 'well without a target' });
        continue;
      }
      // Controls are often left unnamed; their role is then the best reference there is.
      const sampleRef = sampleName || (wellRole === 'sample' ? '' : role);
      if (!sampleRef) {
        skipped.push({ line, reason: `unknown well ${cells[columns.well].trim()} has no sample name` });
        continue;
      }
      // Standards of a dilution series share sample and target; their Starting Quantity tells them apart.
      const quantity = columns.startingQuantity === undefined ? '' : cells[columns.startingQuantity].trim();
      // An internal control speaks for its own well only: one row per well.
      const apart = kind === 'calibration' ? quantity : internal ? cells[columns.well].trim() : '';
      const key = [content, sampleRef, target, apart].join('\u0000');
      const group = groups.get(key) ?? { sampleRef, target, kind, wells: [] };
      groups.set(key, group);
      group.wells.push(readWell(cells[columns.cq], cells[columns.well].trim(), line, cutoff, decimalComma));
    }

    const rows: ParsedRow[] = [];
    for (const group of groups.values()) {
      rows.push(groupRow(group));
      const [first, ...others] = group.wells;
      for (const well of others) {
        skipped.push({ line: well.line, reason: `replicate well ${well.well}, combined into line ${first.line}` });
      }
    }
    rows.sort((a, b) => a.line - b.line);
    skipped.sort((a, b) => a.line - b.line);
    // The cut-off decides detected against ND, so the run keeps it, and where it came from, and the answer says it.
    const source = options.cqCutoff === undefined ? 'default' : options.cqCutoffMethod ? 'method' : 'form';
    warnings.unshift(cutoffWarning(cutoff, source, options.cqCutoffMethod));
    const meta: ParseResult['meta'] = { cqCutoff: cutoff.toString(), cqCutoffSource: source };
    if (source === 'method') meta.cqCutoffMethod = options.cqCutoffMethod;
    return { format: 'biorad-cfx-cq', meta, rows, skipped, warnings };
  },
};

function cutoffWarning(cutoff: Decimal, source: 'method' | 'form' | 'default', method: string | undefined): string {
  const at = cutoff.toString();
  if (source === 'method')
    return `Cq cut-off ${at} applied, method ${method}'s (validated, in the method registry): wells at Cq ${at} or later are not detected`;
  if (source === 'form' && !cutoff.equals(DEFAULT_CQ_CUTOFF))
    return `Cq cut-off ${at} applied, given by the upload instead of the default ${DEFAULT_CQ_CUTOFF}: wells at Cq ${at} or later are not detected`;
  return `Cq cut-off ${at} applied (the default)`;
}

function readCutoff(cutoff: number | undefined): Decimal {
  if (cutoff === undefined) return new Decimal(DEFAULT_CQ_CUTOFF);
  const problem = cqCutoffProblem(cutoff);
  if (problem) throw new ParseError(problem);
  return new Decimal(cutoff);
}

function readColumns(header: CsvRecord): Columns {
  const names = header.cells.map((cell) => cell.trim());
  const find = (name: string) => {
    const index = names.indexOf(name);
    return index >= 0 ? index : undefined;
  };
  const [well, target, content, cq] = ['Well', 'Target', 'Content', 'Cq'].map(find);
  if (well === undefined || target === undefined || content === undefined || cq === undefined) {
    throw new ParseError('header lacks Well, Target, Content or Cq', header.line);
  }
  return { well, target, content, cq, sample: find('Sample'), startingQuantity: find('Starting Quantity (SQ)') };
}

function readWell(cell: string, well: string, line: number, cutoff: Decimal, decimalComma: boolean): Well {
  const read = readResultCell(cell, { decimalComma });
  if (read.value === undefined) {
    return { line, well, raw: read.raw, call: read.qualifier === 'ND' ? 'not_detected' : 'no_value' };
  }
  const cq = new Decimal(read.value);
  return { line, well, raw: read.raw, value: read.value, cq, call: cq.lessThan(cutoff) ? 'detected' : 'not_detected' };
}

function groupRow({ sampleRef, target, kind, wells }: Group): ParsedRow {
  const detected = wells.filter((w) => w.call === 'detected').sort((a, b) => (a.cq as Decimal).comparedTo(b.cq as Decimal));
  const flags: string[] = [];
  if (new Set(wells.map((w) => w.call)).size > 1) flags.push('replicate_disagreement');
  if (wells.some((w) => w.cq && w.call === 'not_detected')) flags.push('cq_at_or_above_cutoff');
  const base = { line: wells[0].line, sampleRef, analyte: target, kind, well: wells.map((w) => w.well).join(', ') };

  let row: ParsedRow;
  if (detected.length) {
    // The earliest amplification is the strongest evidence of presence.
    const [lowest] = detected;
    row = { ...base, value: lowest.value, raw: lowest.raw, unit: 'Cq' };
  } else {
    const notDetected = wells.find((w) => w.call === 'not_detected');
    row = { ...base, qualifier: notDetected ? 'ND' : 'NO_VALUE', raw: (notDetected ?? wells[0]).raw };
  }
  if (flags.length) row.flags = flags;
  return row;
}

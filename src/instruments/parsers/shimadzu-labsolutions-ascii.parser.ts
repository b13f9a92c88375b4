import { readDecimal, readResultCell, ResultCell } from './cell-values';
import { CsvRecord, isBlankRecord, readDelimitedRecords, TAB_SEPARATED_REPORT } from './csv-records';
import { writesDecimalComma } from './decimal-comma';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';
import { flagsField, presentField, resultFields } from './row-fields';
import { ResultTypeRole, roleFromSampleType, SampleTypeColumn, wordTable } from './row-kinds';
import { readEuropeanDateTime, readUsDateTime } from './vendor-dates';

/**
 * Shimadzu LabSolutions (LC) "ASCII export" of data files: INI-like `[Section]` blocks of tab-separated
 * (LCsolution/GCsolution: comma-separated) key/value lines and tables. A batch export appends one block per data file, each opening with
 * `[Header]`, so every `[Header]` starts a new injection. Results come from each
 * `[Compound Results(<detector>)]` table; its `Conc. Unit` column carries the unit set in the method.
 */

interface Section {
  name: string;
  line: number;
  records: CsvRecord[];
}

interface Injection {
  line: number;
  lastLine: number;
  sections: Section[];
}

interface InjectionContext {
  sampleRef: string;
  kind: RowKind;
  dilution?: string;
  decimalComma: boolean;
}

const SECTION = /^\[(.+)\]$/;

/** LabSolutions prints the type with its number ("0:Unknown", "3: Control"). */
const SAMPLE_TYPE: SampleTypeColumn<ResultTypeRole> = {
  title: 'Sample Type',
  roles: wordTable({
    '': 'from_name',
    unknown: 'from_name',
    standard: 'calibration',
    blank: 'blank',
    control: 'qc',
  }),
  key: (type) =>
    type
      .replace(/^\d+\s*:\s*/, '')
      .trim()
      .toLowerCase(),
  label: { calibrationBlankNames: true, calibrationPrefix: false },
};

export const shimadzuLabSolutionsAsciiParser: InstrumentParser = {
  format: 'shimadzu-labsolutions-ascii',
  label: 'Shimadzu LabSolutions ASCII export',

  detect(text: string): boolean {
    return /^\[Header\]\s*$/m.test(text) && /^Application Name[\t,](LabSolutions|LCsolution|GCsolution)/m.test(text) && /^\[Compound Results\(/m.test(text);
  },

  parse(text: string): ParseResult {
    // LabSolutions writes tabs; the older LCsolution/GCsolution write commas (and then never a decimal comma).
    const commas = /^Application Name,/m.test(text);
    const injections = readInjections(readDelimitedRecords(text, { ...TAB_SEPARATED_REPORT, delimiter: commas ? ',' : '\t' }));
    if (injections.length === 0) throw new ParseError('no [Header] section: not a LabSolutions ASCII export', 1);
    const decimalComma = !commas && usesDecimalComma(injections);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];
    for (const injection of injections) {
      const compoundSections = injection.sections.filter((s) => s.name.startsWith('Compound Results('));
      if (compoundSections.length === 0) {
        throw new ParseError('data file block has no [Compound Results(...)] table (truncated export?)', injection.lastLine);
      }
      const info = keyValues(section(injection, 'Sample Information'));
      const label = info.get('Sample ID') || info.get('Sample Name') || '';
      if (!label) {
        for (const s of compoundSections) skipped.push({ line: s.line, reason: 'data file without Sample Name or Sample ID' });
        continue;
      }
      const role = roleFromSampleType(SAMPLE_TYPE, info.get('Sample Type') ?? '', label, warnings, injection.line);
      const context: InjectionContext = {
        sampleRef: role.ref,
        kind: role.kind,
        dilution: readDecimal(info.get('Dilution Factor'), { decimalComma }),
        decimalComma,
      };
      for (const s of compoundSections) rows.push(...readCompoundTable(s, context, skipped));
    }
    return { format: 'shimadzu-labsolutions-ascii', meta: readMeta(injections, warnings), rows, skipped, warnings };
  },
};

function readInjections(records: CsvRecord[]): Injection[] {
  const injections: Injection[] = [];
  let current: Injection | undefined;
  let open: Section | undefined;
  for (const record of records) {
    const title = sectionTitle(record);
    if (title === 'Header') {
      current = { line: record.line, lastLine: record.line, sections: [] };
      injections.push(current);
    }
    if (!current) {
      if (isBlankRecord(record.cells)) continue;
      throw new ParseError('content before the first [Header] section', record.line);
    }
    current.lastLine = record.line;
    if (title !== undefined) {
      open = { name: title, line: record.line, records: [] };
      current.sections.push(open);
    } else if (open) {
      open.records.push(record);
    }
  }
  return injections;
}

function sectionTitle(record: CsvRecord): string | undefined {
  const [first = '', ...rest] = record.cells;
  if (rest.some((cell) => cell.trim() !== '')) return undefined;
  return SECTION.exec(first.trim())?.[1];
}

function section(injection: Injection, name: string): Section | undefined {
  return injection.sections.find((s) => s.name === name);
}

function keyValues(block: Section | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const { cells } of block?.records ?? []) {
    const key = (cells[0] ?? '').trim();
    if (key) values.set(key, (cells[1] ?? '').trim());
  }
  return values;
}

function readCompoundTable(block: Section, context: InjectionContext, skipped: SkippedLine[]): ParsedRow[] {
  const countRecord = block.records.find((r) => r.cells[0]?.trim() === '# of IDs');
  const headerAt = block.records.findIndex((r) => r.cells[0]?.trim() === 'ID#');
  // A detector with no compounds prints "# of IDs,0" and no header row.
  if (headerAt < 0 && countRecord?.cells[1]?.trim() === '0') return [];
  if (headerAt < 0) throw new ParseError(`[${block.name}] has no ID# header row`, block.records[0]?.line ?? block.line);
  const headerRecord = block.records[headerAt];
  const header = headerRecord.cells.map((cell) => cell.trim());
  const col = {
    name: header.indexOf('Name'),
    conc: header.indexOf('Conc.'),
    rt: header.indexOf('R.Time'),
    area: header.indexOf('Area'),
    unit: header.findIndex((h) => h === 'Conc. Unit' || h === 'Unit'),
    lod: header.findIndex((h) => /^(LOD|Detection Limit)$/i.test(h)),
    loq: header.findIndex((h) => /^(LOQ|Quantitation Limit)$/i.test(h)),
  };
  if (col.name < 0 || col.conc < 0) throw new ParseError(`[${block.name}] header lacks Name or Conc.`, headerRecord.line);
  const needed = Math.max(col.name, col.conc, col.unit) + 1;

  const rows: ParsedRow[] = [];
  let lastLine = headerRecord.line;
  for (const record of block.records.slice(headerAt + 1)) {
    if (isBlankRecord(record.cells)) break;
    lastLine = record.line;
    if (!/^\d+$/.test(record.cells[0]?.trim() ?? '') || record.cells.length < needed) {
      throw new ParseError(`malformed row in [${block.name}]: expected ${header.length} cells`, record.line);
    }
    const analyte = record.cells[col.name].trim();
    if (!analyte) {
      skipped.push({ line: record.line, reason: 'compound row without a name' });
      continue;
    }
    const read = withNoPeak(readResultCell(record.cells[col.conc], { decimalComma: context.decimalComma }), record, col);
    rows.push({
      line: record.line,
      sampleRef: context.sampleRef,
      analyte,
      ...resultFields(read),
      ...presentField('unit', col.unit >= 0 ? record.cells[col.unit]?.trim() : undefined),
      ...presentField('lod', col.lod >= 0 ? readDecimal(record.cells[col.lod], context) : undefined),
      ...presentField('loq', col.loq >= 0 ? readDecimal(record.cells[col.loq], context) : undefined),
      ...presentField('dilution', context.dilution),
      kind: context.kind,
      ...flagsField(read.flags),
    });
  }
  const declared = countRecord ? Number(countRecord.cells[1]) : undefined;
  if (declared !== undefined && Number.isInteger(declared) && declared !== rows.length + countSkipped(skipped, block)) {
    throw new ParseError(`[${block.name}] declares ${declared} compounds (# of IDs) but lists ${rows.length} (truncated?)`, lastLine);
  }
  return rows;
}

/** A compound the method looked for but whose peak was not found (no retention time, no area) is not detected. */
function withNoPeak(read: ResultCell, record: CsvRecord, col: { rt: number; area: number }): ResultCell {
  if (read.qualifier !== 'NO_VALUE' || col.rt < 0 || col.area < 0) return read;
  const peakFound =
    readDecimal(record.cells[col.rt], { decimalComma: true }) !== undefined || readDecimal(record.cells[col.area], { decimalComma: true }) !== undefined;
  return peakFound ? read : { ...read, qualifier: 'ND', flags: read.flags.filter((f) => !f.startsWith('unreadable')) };
}

function countSkipped(skipped: SkippedLine[], block: Section): number {
  const lines = new Set(block.records.map((r) => r.line));
  return skipped.filter((s) => lines.has(s.line)).length;
}

/** A German or French Windows locale writes "8,631"; decide once per file from the numbers it holds. */
function usesDecimalComma(injections: Injection[]): boolean {
  return writesDecimalComma(compoundTableCells(injections));
}

function* compoundTableCells(injections: Injection[]): Iterable<string> {
  for (const injection of injections) {
    for (const s of injection.sections.filter((b) => b.name.startsWith('Compound Results('))) {
      for (const { cells } of s.records) yield* cells;
    }
  }
}

function readMeta(injections: Injection[], warnings: string[]): ParsedFileMeta {
  const first = injections[0];
  const info = keyValues(section(first, 'Sample Information'));
  const files = keyValues(section(first, 'Original Files'));
  const config = keyValues(section(first, 'Configuration'));
  const methods = new Set(injections.map((i) => baseName(keyValues(section(i, 'Original Files')).get('Method File'))));
  if (methods.size > 1) warnings.push(`data files use ${methods.size} different methods: ${[...methods].join(', ')}`);
  // Some locales end the date with a dot ("21.2.2012. 13:16:57").
  const acquired = info.get('Acquired')?.replace(/^(\d{1,2}\.\d{1,2}\.\d{4})\.(?=\s)/, '$1');
  // "5/14/2024 9:02:11 AM" (US locale) or "14.05.2024 13:41:07" (European locale).
  const acquiredAt = readUsDateTime(acquired) ?? readEuropeanDateTime(acquired);
  if (acquired && !acquiredAt) warnings.push(`unreadable Acquired date "${acquired}"`);
  return {
    ...presentField('instrument', config.get('Instrument Name')),
    ...presentField('method', baseName(files.get('Method File'))),
    ...presentField('acquiredAt', acquiredAt),
    ...presentField('operator', info.get('Operator')),
    ...presentField('batch', baseName(files.get('Batch File'))),
  };
}

function baseName(path: string | undefined): string | undefined {
  const name = path?.split(/[\\/]/).pop()?.trim();
  return name || undefined;
}

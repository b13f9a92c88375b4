import { parse } from 'csv-parse/sync';
import { readDecimal, readResultCell, ResultCell } from './cell-values';
import {
  InstrumentParser,
  ParsedFileMeta,
  ParsedRow,
  ParseError,
  ParseResult,
  RowKind,
  SkippedLine,
} from './parser.types';

/**
 * Shimadzu LabSolutions (LC) "ASCII export" of data files: INI-like `[Section]` blocks of tab-separated
 * key/value lines and tables. A batch export appends one block per data file, each opening with
 * `[Header]`, so every `[Header]` starts a new injection. Results come from each
 * `[Compound Results(<detector>)]` table; its `Conc. Unit` column carries the unit set in the method.
 */

interface TabRecord {
  line: number;
  cells: string[];
}

interface Section {
  name: string;
  line: number;
  records: TabRecord[];
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

export const shimadzuLabSolutionsAsciiParser: InstrumentParser = {
  format: 'shimadzu-labsolutions-ascii',
  label: 'Shimadzu LabSolutions ASCII export',

  detect(text: string): boolean {
    return /^\[Header\]\s*$/m.test(text) && /^Application Name\tLabSolutions/m.test(text) && /^\[Compound Results\(/m.test(text);
  },

  parse(text: string): ParseResult {
    const injections = readInjections(readTabRecords(text));
    if (injections.length === 0) throw new ParseError('no [Header] section: not a LabSolutions ASCII export', 1);
    const decimalComma = usesDecimalComma(injections);

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
      const role = roleOf(info.get('Sample Type') ?? '', label, warnings, injection.line);
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

function readTabRecords(text: string): TabRecord[] {
  const parsed = parse(text, {
    delimiter: '\t',
    quote: false,
    relax_column_count: true,
    skip_empty_lines: false,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return parsed.map(({ record, info }) => ({ line: info.lines, cells: record }));
}

function readInjections(records: TabRecord[]): Injection[] {
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
      if (isBlank(record)) continue;
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

function sectionTitle(record: TabRecord): string | undefined {
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
    if (isBlank(record)) break;
    lastLine = record.line;
    if (!/^\d+$/.test(record.cells[0]?.trim() ?? '') || record.cells.length < needed) {
      throw new ParseError(`malformed row in [${block.name}]: expected ${header.length} tab-separated cells`, record.line);
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
      ...(read.value !== undefined ? { value: read.value } : {}),
      ...(read.qualifier ? { qualifier: read.qualifier } : {}),
      raw: read.raw,
      ...optional('unit', col.unit >= 0 ? record.cells[col.unit]?.trim() : undefined),
      ...optional('lod', col.lod >= 0 ? readDecimal(record.cells[col.lod], context) : undefined),
      ...optional('loq', col.loq >= 0 ? readDecimal(record.cells[col.loq], context) : undefined),
      ...optional('dilution', context.dilution),
      kind: context.kind,
      ...(read.flags.length ? { flags: read.flags } : {}),
    });
  }
  const declared = countRecord ? Number(countRecord.cells[1]) : undefined;
  if (declared !== undefined && Number.isInteger(declared) && declared !== rows.length + countSkipped(skipped, block)) {
    throw new ParseError(`[${block.name}] declares ${declared} compounds (# of IDs) but lists ${rows.length} (truncated?)`, lastLine);
  }
  return rows;
}

/** A compound the method looked for but whose peak was not found (no retention time, no area) is not detected. */
function withNoPeak(read: ResultCell, record: TabRecord, col: { rt: number; area: number }): ResultCell {
  if (read.qualifier !== 'NO_VALUE' || col.rt < 0 || col.area < 0) return read;
  const peakFound = readDecimal(record.cells[col.rt], { decimalComma: true }) !== undefined ||
    readDecimal(record.cells[col.area], { decimalComma: true }) !== undefined;
  return peakFound ? read : { ...read, qualifier: 'ND', flags: read.flags.filter((f) => !f.startsWith('unreadable')) };
}

function countSkipped(skipped: SkippedLine[], block: Section): number {
  const lines = new Set(block.records.map((r) => r.line));
  return skipped.filter((s) => lines.has(s.line)).length;
}

function roleOf(sampleType: string, label: string, warnings: string[], line: number): { kind: RowKind; ref: string } {
  const type = sampleType.replace(/^\d+\s*:\s*/, '').trim().toLowerCase();
  if (type === 'standard') return { kind: 'calibration', ref: label };
  if (type === 'blank') return { kind: 'blank', ref: label };
  if (type === 'control') {
    const role = roleFromLabel(label);
    return role.kind === 'spike' ? role : { kind: 'check_standard', ref: label };
  }
  if (type !== '' && type !== 'unknown') warnings.push(`line ${line}: unfamiliar Sample Type "${sampleType}", role taken from the sample name`);
  return roleFromLabel(label);
}

/** QC roles the lab writes into sample ids ("LT-2611-000123 DUP", "LT-2611-000124-MS", "Method Blank"). */
function roleFromLabel(label: string): { kind: RowKind; ref: string } {
  const spike = /[\s_-]*\b(MSD|MS|SPK|SPIKE)\d*$/i;
  const duplicate = /[\s_-]*\b(DUP|DUPLICATE)\d*$/i;
  if (spike.test(label)) return { kind: 'spike', ref: label.replace(spike, '') };
  if (duplicate.test(label)) return { kind: 'duplicate', ref: label.replace(duplicate, '') };
  if (/\b(BLANK|BLK|MB|CCB|ICB)\b/i.test(label)) return { kind: 'blank', ref: label };
  if (/\b(CCV|ICV|LCS|CHK|CHECK)\b/i.test(label)) return { kind: 'check_standard', ref: label };
  return { kind: 'sample', ref: label };
}

/** A German or French Windows locale writes "8,631"; decide once per file from the numbers it holds. */
function usesDecimalComma(injections: Injection[]): boolean {
  let comma = false;
  for (const injection of injections) {
    for (const s of injection.sections.filter((b) => b.name.startsWith('Compound Results('))) {
      for (const { cells } of s.records) {
        for (const cell of cells) {
          const t = cell.trim();
          if (/^-?\d+\.\d+$/.test(t)) return false;
          if (/^-?\d+,\d+$/.test(t)) comma = true;
        }
      }
    }
  }
  return comma;
}

function readMeta(injections: Injection[], warnings: string[]): ParsedFileMeta {
  const first = injections[0];
  const info = keyValues(section(first, 'Sample Information'));
  const files = keyValues(section(first, 'Original Files'));
  const config = keyValues(section(first, 'Configuration'));
  const methods = new Set(injections.map((i) => baseName(keyValues(section(i, 'Original Files')).get('Method File'))));
  if (methods.size > 1) warnings.push(`data files use ${methods.size} different methods: ${[...methods].join(', ')}`);
  const acquired = info.get('Acquired');
  const acquiredAt = toIsoDateTime(acquired);
  if (acquired && !acquiredAt) warnings.push(`unreadable Acquired date "${acquired}"`);
  return {
    ...optional('instrument', config.get('Instrument Name')),
    ...optional('method', baseName(files.get('Method File'))),
    ...optional('acquiredAt', acquiredAt),
    ...optional('operator', info.get('Operator')),
    ...optional('batch', baseName(files.get('Batch File'))),
  };
}

function baseName(path: string | undefined): string | undefined {
  const name = path?.split(/[\\/]/).pop()?.trim();
  return name || undefined;
}

/** "5/14/2024 9:02:11 AM" (US locale) or "14.05.2024 13:41:07" (European locale), as local ISO time. */
function toIsoDateTime(text: string | undefined): string | undefined {
  const t = (text ?? '').trim();
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(t);
  if (us) return iso(us[3], us[1], us[2], hour24(us[4], us[7]), us[5], us[6]);
  const eu = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (eu) return iso(eu[3], eu[2], eu[1], Number(eu[4]), eu[5], eu[6]);
  return undefined;
}

function hour24(hour: string, meridiem: string | undefined): number {
  const h = Number(hour) % 12;
  if (!meridiem) return Number(hour);
  return meridiem.toUpperCase() === 'PM' ? h + 12 : h;
}

function iso(year: string, month: string, day: string, hour: number, minute: string, second = '00'): string {
  const two = (n: string | number) => String(n).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${minute}:${two(second)}`;
}

function isBlank(record: TabRecord): boolean {
  return record.cells.every((cell) => cell.trim() === '');
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value ? ({ [key]: value } as { [P in K]?: string }) : {};
}

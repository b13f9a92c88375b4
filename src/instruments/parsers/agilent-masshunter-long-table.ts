import { readDecimal, readResultCell } from './cell-values';
import { CsvRecord, isBlankRecord, readCsvRecords } from './csv-records';
import { ParsedFileMeta, ParsedRow, ParseError, ParseResult, SkippedLine } from './parser.types';
import { flagsField, presentField, resultFields } from './row-fields';
import { LabelRules, roleFromLabel } from './row-kinds';
import { splitLines } from './text-input';
import { readUsDateTime } from './vendor-dates';

/**
 * MassHunter Quantitative Analysis's *long* compound table: "Key,value" batch lines (`Batch Name`,
 * `Quant Batch Version`, ...), empty lines, then one row per injection and compound under a header
 * `SampleID,CompoundID,SampleName,Compound,CalculatedConcentration,FinalConcentration,...`. This
 * layout prints no sample type, so QC roles come from the sample name.
 */

const LABEL_RULES: LabelRules = { calibrationBlankNames: false, calibrationPrefix: true };
/** Compound types that are not reportable results (internal standards, surrogates, qualifier ions). */
const NOT_A_RESULT = new Set(['istd', 'internalstandard', 'surrogate', 'qualifier', 'matrixspike']);

interface LongColumns {
  sample: number;
  compound: number;
  /** FinalConcentration carries dilution and sample-amount corrections; CalculatedConcentration is on-column. */
  result: number;
  dilution?: number;
  acquired?: number;
  compoundType?: number;
}

/** A header line of the long table: its first cell is SampleID and it names a concentration column. */
export function isLongTableHeader(line: string): boolean {
  // Most lines are data: a line without the word cannot start with it, and is not split.
  if (!line.includes('SampleID')) return false;
  const cells = line.split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
  return cells[0] === 'SampleID' && cells.includes('Compound') && (cells.includes('FinalConcentration') || cells.includes('CalculatedConcentration'));
}

export function detectLongTable(text: string): boolean {
  return text.includes('SampleID') && splitLines(text).some(isLongTableHeader);
}

export function parseLongTable(text: string): ParseResult {
  const records = readCsvRecords(text);
  const headerIndex = records.findIndex((r) => isLongTableHeader(r.cells.join(',')));
  if (headerIndex < 0) throw new ParseError('no SampleID,CompoundID,SampleName,Compound,... header line', 1);
  const header = records[headerIndex];
  const columns = readLongColumns(header);

  const rows: ParsedRow[] = [];
  const skipped: SkippedLine[] = [];
  const warnings: string[] = [];
  const acquired: string[] = [];
  for (const { cells, line } of records.slice(headerIndex + 1)) {
    if (isBlankRecord(cells)) continue;
    const cell = (index: number | undefined) => (index === undefined ? '' : (cells[index] ?? '').trim());
    const label = cell(columns.sample);
    const analyte = cell(columns.compound);
    const compoundType = cell(columns.compoundType).toLowerCase().replace(/\s+/g, '');
    if (!label || !analyte) {
      skipped.push({ line, reason: 'row without a sample name or compound' });
      continue;
    }
    if (NOT_A_RESULT.has(compoundType)) {
      skipped.push({ line, reason: `compound type ${cell(columns.compoundType)} is not a result` });
      continue;
    }
    const iso = readUsDateTime(cell(columns.acquired), { rejectOutOfRange: true });
    if (iso) acquired.push(iso);
    else if (cell(columns.acquired)) warnings.push(`line ${line}: unreadable AcqDateTime "${cell(columns.acquired)}"`);
    const role = roleFromLabel(label, LABEL_RULES);
    const read = readResultCell(cell(columns.result));
    rows.push({
      line,
      sampleRef: role.ref,
      analyte,
      ...resultFields(read),
      ...presentField('dilution', readDecimal(cell(columns.dilution))),
      kind: role.kind,
      ...flagsField(read.flags),
    });
  }
  return { format: 'agilent-masshunter-quant', meta: readLongMeta(records.slice(0, headerIndex), acquired), rows, skipped, warnings };
}

function readLongColumns(header: CsvRecord): LongColumns {
  const names = header.cells.map((cell) => cell.trim());
  const at = (name: string) => {
    const index = names.indexOf(name);
    return index >= 0 ? index : undefined;
  };
  const sample = at('SampleName');
  const compound = at('Compound');
  const result = at('FinalConcentration') ?? at('CalculatedConcentration');
  if (sample === undefined || compound === undefined || result === undefined) {
    throw new ParseError('the compound table lacks SampleName, Compound or a concentration column', header.line);
  }
  return { sample, compound, result, dilution: at('Dilution'), acquired: at('AcqDateTime'), compoundType: at('CompoundType') };
}

/** "Batch Name,20170711 Sample Workup,,,": the batch lines above the table. */
function readLongMeta(batchLines: CsvRecord[], acquired: string[]): ParsedFileMeta {
  const value = (key: string) =>
    batchLines
      .find((r) => r.cells[0]?.trim() === key)
      ?.cells[1]?.trim()
      .replace(/^None$/, '') || undefined;
  const meta: ParsedFileMeta = {};
  const batch = value('Batch Name');
  const operator = value('Analyst Name');
  if (batch) meta.batch = batch;
  if (operator) meta.operator = operator;
  acquired.sort();
  if (acquired.length) meta.acquiredAt = acquired[0];
  return meta;
}

import { hasWordEndingAt, isAsciiDigit, isSpace, isWordChar } from '../../common/parsing/linear-text';
import { RowKind } from './parser.types';

/**
 * Row kinds from what the lab and the vendor write: QC words in sample names ("LT-2611-000123 MS",
 * "Method Blank", "CCV 5 ppb") and the vendor's sample-type column. The vendors' word lists differ,
 * so each parser states its own; what is shared here is how a name and a type are read.
 */

/** The row's kind and the sample it belongs to (a spike or duplicate refers to its parent sample). */
export interface LabelRole {
  kind: RowKind;
  ref: string;
}

// A suffix after a space, dash or underscore ("LT-2611-000123 MS", "…-DUP", "…_SPK"); never the end of a longer word.
const SPIKE_WORDS = ['MSD', 'MS', 'SPK', 'SPIKE'];
const DUPLICATE_WORDS = ['DUP', 'DUPLICATE'];
const METHOD_BLANK_WORDS = /\b(BLANK|BLK|MB)\b/i;
const BLANK_WORDS_WITH_CALIBRATION_BLANKS = /\b(BLANK|BLK|MB|CCB|ICB)\b/i;
const CHECK_STANDARD_WORDS = /\b(CCV|ICV|LCS|CHK|CHECK)\b/i;
const CALIBRATION_PREFIX = /^(CAL|STD|STANDARD)\b/i;

/** Where the parsers' name rules differ; each caller says which it uses. */
export interface LabelRules {
  /** "CCB" / "ICB" (continuing / initial calibration blank) in a name make it a blank. */
  calibrationBlankNames: boolean;
  /** A name starting "CAL", "STD" or "STANDARD" is a calibration standard. */
  calibrationPrefix: boolean;
}

/**
 * The QC role a name carries: a spike or duplicate suffix (the ref is the name without it), then
 * blank words, check-standard words and, when the rules allow, a calibration prefix; else a sample.
 */
export function roleFromLabel(label: string, rules: LabelRules): LabelRole {
  const spike = qcSuffixStart(label, SPIKE_WORDS);
  if (spike !== undefined) return { kind: 'spike', ref: label.slice(0, spike) };
  const duplicate = qcSuffixStart(label, DUPLICATE_WORDS);
  if (duplicate !== undefined) return { kind: 'duplicate', ref: label.slice(0, duplicate) };
  const blankWords = rules.calibrationBlankNames ? BLANK_WORDS_WITH_CALIBRATION_BLANKS : METHOD_BLANK_WORDS;
  if (blankWords.test(label)) return { kind: 'blank', ref: label };
  if (CHECK_STANDARD_WORDS.test(label)) return { kind: 'check_standard', ref: label };
  if (rules.calibrationPrefix && CALIBRATION_PREFIX.test(label)) return { kind: 'calibration', ref: label };
  return { kind: 'sample', ref: label };
}

/** Single-reading instruments (moisture, water activity) know only duplicates among the QC suffixes. */
export function duplicateOrSample(label: string): LabelRole {
  const duplicate = qcSuffixStart(label, DUPLICATE_WORDS);
  if (duplicate !== undefined) return { kind: 'duplicate', ref: label.slice(0, duplicate) };
  return { kind: 'sample', ref: label };
}

/**
 * Where a QC suffix begins: one of `words` (any case) at the end with digits after it, preceded by
 * a run of spaces, dashes or underscores (which belong to the suffix), a non-word character or
 * nothing. What /(?:^|[\s_-]+|\b)(MS|…)\d*$/i matched, read from the end: that expression
 * backtracked quadratically over a long run of separators.
 */
function qcSuffixStart(label: string, words: readonly string[]): number | undefined {
  let end = label.length;
  while (end > 0 && isAsciiDigit(label.charCodeAt(end - 1))) end--;
  const word = words.find((w) => hasWordEndingAt(label, end, w));
  if (word === undefined) return undefined;
  const at = end - word.length;
  let start = at;
  while (start > 0 && isSeparator(label.charCodeAt(start - 1))) start--;
  return start < at || at === 0 || !isWordChar(label.charCodeAt(at - 1)) ? start : undefined;
}

function isSeparator(code: number): boolean {
  return code === 0x5f || code === 0x2d || isSpace(code);
}

/**
 * What a vendor sample type means: a fixed kind, `from_name` (read the name), `qc` (a check standard
 * unless the name marks a spike) or `not_a_result` (tune checks, rinses: no row).
 */
export type SampleTypeRole = RowKind | 'from_name' | 'qc' | 'not_a_result';

/** The meanings of a vendor whose every sample type gives a row. */
export type ResultTypeRole = Exclude<SampleTypeRole, 'not_a_result'>;

export interface SampleTypeColumn<Role extends SampleTypeRole = SampleTypeRole> {
  /** Column title as the vendor prints it, for the warning about an unfamiliar type. */
  title: string;
  /** The vendor's type words after `key`, and what each means. */
  roles: ReadonlyMap<string, Role>;
  /** How a cell becomes a key of `roles` (case, spacing, numeric prefixes). */
  key: (type: string) => string;
  label: LabelRules;
}

/**
 * The role of an injection from its sample-type cell and name; undefined when the type is not a
 * result. An unfamiliar type falls back to the name, with a warning. A fixed spike or duplicate
 * type refers to the sample it was made from: the name without its QC suffix.
 */
export function roleFromSampleType(column: SampleTypeColumn<ResultTypeRole>, type: string, label: string, warnings: string[], line: number): LabelRole;
export function roleFromSampleType(column: SampleTypeColumn, type: string, label: string, warnings: string[], line: number): LabelRole | undefined;
export function roleFromSampleType(column: SampleTypeColumn, type: string, label: string, warnings: string[], line: number): LabelRole | undefined {
  const role = column.roles.get(column.key(type));
  switch (role) {
    case 'not_a_result':
      return undefined;
    case 'from_name':
      return roleFromLabel(label, column.label);
    case 'qc': {
      const named = roleFromLabel(label, column.label);
      return named.kind === 'spike' ? named : { kind: 'check_standard', ref: label };
    }
    case 'spike':
    case 'duplicate':
      return { kind: role, ref: roleFromLabel(label, column.label).ref };
    case undefined:
      warnings.push(`line ${line}: unfamiliar ${column.title} "${type}", role taken from the sample name`);
      return roleFromLabel(label, column.label);
    default:
      return { kind: role, ref: label };
  }
}

/** A lookup table from an object literal of vendor words. */
export function wordTable<T>(entries: Record<string, T>): ReadonlyMap<string, T> {
  return new Map(Object.entries(entries));
}

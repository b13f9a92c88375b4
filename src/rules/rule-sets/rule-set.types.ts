import type { FieldError } from '../../common/domain-error';

/**
 * The kinds of versioned rule set. Each kind adds its own rows (limit rules, panel rules) to the
 * shared header; the method registry of issue 16 will be the next kind.
 */
export const RULE_SET_KINDS = ['limits', 'panels', 'methods'] as const;
export type RuleSetKind = (typeof RULE_SET_KINDS)[number];

/** An uploaded set is `pending` until a second admin approves it; only `approved` sets are ever in force. */
export const RULE_SET_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

/** What every rule set says about itself: a name unique within its kind, when it applies, where it comes from. */
export interface RuleSetHeader {
  name: string;
  /** YYYY-MM-DD: the set applies from this day until a set with a later effective date takes over. */
  effectiveDate: string;
  source: string;
}

/** A validated rule set, rows in the kind's upload shape (one row may name several product types). */
export interface RuleSetData<Row> extends RuleSetHeader {
  rows: Row[];
}

/** A field error of an uploaded set; `row` is 1-based, `line` the CSV line it came from. */
export interface RuleSetFieldError extends FieldError {
  row?: number;
  line?: number;
}

export type RuleSetParseResult<Row> = { ok: true; set: RuleSetData<Row> } | { ok: false; errors: RuleSetFieldError[] };

export type RuleSetFormat = 'json' | 'csv';

export type ReportFieldError = (field: string, message: string) => void;

/** A key a row claims (e.g. product type + analyte); a second row claiming it is refused with `clash`. */
export interface RowKey {
  key: string;
  field: string;
  clash: (firstRow: number) => string;
}

/**
 * What one kind adds to the shared frame, all pure: how a row is read and checked, which keys it
 * claims, its CSV columns, and how a validated set becomes the rows stored per product type.
 */
export interface RuleSetSchema<Row, StoredRow> {
  kind: RuleSetKind;
  /** How messages name a set of this kind: "limit set". */
  noun: string;
  maxRows: number;
  /** CSV header, lower-cased without spaces, dashes or underscores -> row field. */
  csvColumns: Readonly<Record<string, string>>;
  /** The header row a CSV should have, for the message about unknown columns. */
  csvHeader: string;
  /** Reads one row, reporting every problem through `report`; a row that reported any is dropped. */
  readRow(raw: Record<string, unknown>, report: ReportFieldError): Row | undefined;
  keysOf(row: Row): RowKey[];
  toStoredRows(set: RuleSetData<Row>): StoredRow[];
}

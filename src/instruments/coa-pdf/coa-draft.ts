import { withoutTrailingStars } from '../parsing/linear-headers';
import { CoaAnalyteRow, CoaParseError, ParsedCoa } from './coa-layout.types';
import { hasLostLigature, repairLigatures } from './coa-text';
import { CoaCell, CoaVerdict } from './coa-values';

/** One result column of a row, with the unit its column header gives. */
export interface ResultColumn {
  cell: CoaCell;
  unit?: string;
}

export interface DraftRow {
  group: string;
  analyte: string;
  /** Every result column the row printed; the one in the LOQ's unit (else the first) is kept. */
  results: ResultColumn[];
  loq?: string;
  loqUnit?: string;
  /** The unit to keep when the row prints several result columns; defaults to the LOQ's unit. */
  preferUnit?: string;
  limit?: string;
  limitUnit?: string;
  status?: CoaVerdict;
}

type VerdictSource = 'section' | 'summary';

/**
 * Collects what a layout reads (rows, per-group verdicts, warnings) and applies the rules every layout
 * shares: names cleaned once, limits kept only in the result's unit, conflicting verdicts reported.
 */
export class CoaDraft {
  private readonly rows: CoaAnalyteRow[] = [];
  private readonly warnings: string[] = [];
  private readonly verdicts = new Map<string, Map<VerdictSource, CoaVerdict[]>>();

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  addRow(printed: DraftRow): void {
    const draft = normaliseUnits(printed);
    const analyte = this.cleanName(draft.analyte);
    const basis = draft.preferUnit ?? draft.loqUnit;
    const chosen = draft.results.find((r) => basis !== undefined && r.unit === basis) ?? draft.results[0];
    const cell = chosen?.cell ?? {};
    const unit = chosen?.unit;
    const row: CoaAnalyteRow = { group: draft.group, analyte };
    if (cell.value !== undefined) row.value = cell.value;
    if (cell.qualifier !== undefined) row.qualifier = cell.qualifier;
    if (unit !== undefined) row.unit = unit;
    const loq = draft.loq ?? cell.loq;
    if (loq !== undefined) {
      if (draft.loq !== undefined && draft.loqUnit !== undefined && unit !== undefined && draft.loqUnit !== unit) {
        this.warn(`${draft.group}: LOQ of "${analyte}" is in ${draft.loqUnit} but its result in ${unit}; LOQ left out.`);
      } else {
        row.loq = loq;
      }
    }
    if (draft.limit !== undefined) {
      if (draft.limitUnit !== undefined && unit !== undefined && draft.limitUnit !== unit) {
        this.warn(`${draft.group}: limit of "${analyte}" is in ${draft.limitUnit} but its result in ${unit}; limit left out.`);
      } else {
        row.limit = draft.limit;
      }
    }
    const status = draft.status ?? (cell.notReported ? 'na' : undefined);
    if (status !== undefined) row.reportedStatus = status;
    this.rows.push(row);
  }

  /** A group verdict as printed; several from one source combine (any fail fails), sources are compared. */
  reportGroup(group: string, verdict: CoaVerdict | undefined, source: VerdictSource): void {
    if (verdict === undefined || verdict === 'na') return;
    const bySource = this.verdicts.get(group) ?? new Map<VerdictSource, CoaVerdict[]>();
    bySource.set(source, [...(bySource.get(source) ?? []), verdict]);
    this.verdicts.set(group, bySource);
  }

  get rowCount(): number {
    return this.rows.length;
  }

  finish(header: Omit<ParsedCoa, 'analytes' | 'warnings' | 'reportedGroups'>): ParsedCoa {
    if (this.rows.length === 0) {
      throw new CoaParseError(`The ${header.layout} COA was recognised but no result rows could be read; its text may be scrambled.`);
    }
    return { ...header, reportedGroups: this.groupVerdicts(), analytes: this.rows, warnings: this.warnings };
  }

  private groupVerdicts(): Record<string, 'pass' | 'fail' | 'tested'> {
    const result: Record<string, 'pass' | 'fail' | 'tested'> = {};
    for (const [group, bySource] of this.verdicts) {
      if (!this.rows.some((r) => r.group === group)) this.warn(`${group}: the COA gives a verdict but no result rows were read.`);
      const combined = [...bySource.values()].map(worstVerdict);
      if (new Set(combined).size > 1) {
        this.warn(`${group}: the COA's summary and its results section give different verdicts (${combined.join(' vs ')}).`);
      }
      result[group] = worstVerdict(combined);
    }
    return result;
  }

  private cleanName(printed: string): string {
    // Footnote stars off, read from the end (/\s*\*+$/ backtracked quadratically over a long run of spaces).
    let name = withoutTrailingStars(printed).trim();
    if (hasLostLigature(name)) {
      const repaired = repairLigatures(name);
      name = repaired.text;
      if (repaired.unresolved) this.warn(`Analyte "${name}" has a character the PDF font does not map (shown as \ufffd).`);
    }
    return name;
  }
}

/** The micro sign, not Greek mu, as the rest of LabTrace spells units. */
function normaliseUnit(unit: string | undefined): string | undefined {
  return unit?.replace(/\u03bc/g, '\u00b5');
}

/** The row itself when no unit spells mu (the usual case: a copy per row was most of addRow's time). */
function normaliseUnits(row: DraftRow): DraftRow {
  const units = [row.loqUnit, row.preferUnit, row.limitUnit, ...row.results.map((r) => r.unit)];
  if (!units.some((unit) => unit?.includes('\u03bc'))) return row;
  return {
    ...row,
    results: row.results.map((r) => ({ ...r, unit: normaliseUnit(r.unit) })),
    loqUnit: normaliseUnit(row.loqUnit),
    preferUnit: normaliseUnit(row.preferUnit),
    limitUnit: normaliseUnit(row.limitUnit),
  };
}

function worstVerdict(verdicts: CoaVerdict[]): 'pass' | 'fail' | 'tested' {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('pass')) return 'pass';
  return 'tested';
}

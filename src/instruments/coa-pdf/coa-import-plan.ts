import { AnalyteEntry, checkEntries, GroupEntry, LimitUnits } from '../../results/entry/check-entries';
import type { Analyte } from '../../rules/analytes/analyte.types';
import { resolveAnalyte } from '../../rules/analytes/vocabulary';
import { canonicalUnit } from '../../rules/judgement/units';
import { labInstant } from '../lab-clock';
import type { CoaAnalyteRow, CoaQualifier, ParsedCoa } from './coa-layout.types';
import { reconcileCoa } from './coa-reconcile';

/**
 * What a parsed COA becomes in LabTrace: every printed row mapped onto the analyte vocabulary and
 * either accepted as a result or skipped with the reason, so nothing the COA says is lost silently.
 * Pure: the limit units come from the caller (the limit set in force for the sample's product type).
 */

export interface CoaImportRow {
  /** The COA's own section for the row. */
  group: string;
  /** As printed. */
  analyte: string;
  canonical: { analyte: string; name: string; group: string } | null;
  value: string | null;
  qualifier: CoaQualifier | null;
  /** As printed. */
  unit: string | null;
  /** LabTrace's spelling of the unit the result was stored in (accepted rows only). */
  storedUnit: string | null;
  loq: string | null;
  limit: string | null;
  reportedStatus: NonNullable<CoaAnalyteRow['reportedStatus']> | null;
  outcome: 'accepted' | 'skipped';
  reason?: string;
}

export interface CoaImportPlan {
  /** Accepted rows by canonical group, ready for ResultsService.applyGroups. */
  groups: GroupEntry[];
  rows: CoaImportRow[];
  /** Printed names the vocabulary does not know (or finds ambiguous), each once. */
  unknownAnalytes: string[];
  warnings: string[];
}

/** When and by what the imported results were analysed, as the certificate will print them. */
export interface CoaProvenance {
  /** The import's own time: the analysed date of a COA that prints none. */
  importedAt: string;
  /** The lab's zone: a COA's dates are days on the issuing lab's calendar, printed as the same days. */
  timeZone: string;
}

/** "Not detected in 1 g" presence tests (SC Labs prints "per 1g"); a count per gram is what LabTrace stores. */
const PRESENCE_UNIT = /^per\s*\d+(?:\.\d+)?\s*g$/i;

/**
 * With `provenance`, every group is dated by the COA's test date (else the import time) and every row
 * names the issuing lab as its method: another lab's method is not one of the registry's, and the
 * certificate must still say how and when each group was analysed (§130.23).
 */
export function planCoaImport(parsed: ParsedCoa, limitUnits: LimitUnits, provenance?: CoaProvenance): CoaImportPlan {
  const rows: CoaImportRow[] = [];
  const unknown = new Set<string>();
  const warnings = [...parsed.warnings, ...reconcileCoa(parsed).map((i) => `The COA contradicts itself: ${i.message}`)];
  const accepted = new Map<string, CoaImportRow>();
  const byGroup = new Map<string, AnalyteEntry[]>();
  const presence: string[] = [];

  for (const printed of parsed.analytes) {
    const analyte = resolveAnalyte(printed.analyte);
    const row = importRow(printed, analyte);
    rows.push(row);
    const skip = (reason: string) => Object.assign(row, { outcome: 'skipped', reason });
    if (!analyte) {
      unknown.add(printed.analyte);
      skip("unknown analyte: not in LabTrace's vocabulary, or it could mean more than one");
      continue;
    }
    if (analyte.computed) {
      skip(`${analyte.name} is computed by LabTrace from its components`);
      continue;
    }
    const earlier = accepted.get(analyte.id);
    if (earlier) {
      skip(`${analyte.name} is already given by "${earlier.analyte}" (${earlier.group}); the first is kept`);
      continue;
    }
    if (printed.value === undefined && printed.qualifier === undefined) {
      skip('the COA reports no result for it');
      continue;
    }
    const known = printed.unit === undefined ? undefined : canonicalUnit(printed.unit);
    const unit = known ?? presenceTestUnit(printed, analyte);
    if (unit === undefined) {
      skip(printed.unit === undefined ? 'the COA prints no unit for it' : `unit "${printed.unit}" is not one LabTrace stores`);
      continue;
    }
    if (!known) presence.push(analyte.name);

    const entry: AnalyteEntry = {
      analyte: analyte.id,
      value: printed.value ?? null,
      qualifier: printed.qualifier ?? null,
      unit,
      loq: printed.loq ?? null,
      ...(provenance ? { method: reportedBy(parsed) } : {}),
    };
    const { errors } = checkEntries([{ group: analyte.group, analytes: [entry] }], limitUnits);
    if (errors.length > 0) {
      skip(errors.map((e) => e.message).join('; '));
      continue;
    }
    row.outcome = 'accepted';
    row.storedUnit = unit;
    accepted.set(analyte.id, row);
    byGroup.set(analyte.group, [...(byGroup.get(analyte.group) ?? []), entry]);
  }

  if (presence.length > 0) {
    warnings.push(`${presence.join(', ')}: reported as not detected in a presence test (per gram); stored as ND in CFU/g.`);
  }
  for (const group of Object.keys(parsed.reportedGroups)) {
    const printed = rows.filter((r) => r.group === group);
    if (printed.length > 0 && printed.every((r) => r.outcome === 'skipped'))
      warnings.push(`None of the COA's ${group} rows could be stored; see the skipped rows.`);
  }
  const analysedAt = provenance ? (labInstant(parsed.testedAt, provenance.timeZone) ?? provenance.importedAt) : undefined;
  if (provenance && !parsed.testedAt) warnings.push('The COA prints no test date; its results are dated by this import.');
  return {
    groups: [...byGroup].map(([group, analytes]) => ({ group, analytes, ...(analysedAt ? { analysedAt } : {}) })),
    rows,
    unknownAnalytes: [...unknown],
    warnings,
  };
}

/** The method line of an imported group: the lab whose COA reported it. */
function reportedBy(parsed: ParsedCoa): string {
  return parsed.labName ? `as reported on the COA of ${parsed.labName}` : `as reported on an imported ${parsed.layout} COA`;
}

function importRow(printed: CoaAnalyteRow, analyte: Analyte | undefined): CoaImportRow {
  return {
    group: printed.group,
    analyte: printed.analyte,
    canonical: analyte ? { analyte: analyte.id, name: analyte.name, group: analyte.group } : null,
    value: printed.value ?? null,
    qualifier: printed.qualifier ?? null,
    unit: printed.unit ?? null,
    storedUnit: null,
    loq: printed.loq ?? null,
    limit: printed.limit ?? null,
    reportedStatus: printed.reportedStatus ?? null,
    outcome: 'skipped',
  };
}

/** A microbial "not detected in 1 g" has no count unit; ND is the same verdict in CFU/g. */
function presenceTestUnit(printed: CoaAnalyteRow, analyte: Analyte): string | undefined {
  const presence = printed.unit !== undefined && PRESENCE_UNIT.test(printed.unit.trim());
  return presence && printed.qualifier === 'ND' && printed.value === undefined && analyte.defaultUnit === 'CFU/g' ? 'CFU/g' : undefined;
}

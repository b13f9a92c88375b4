import { DecimalSign, decimalInputProblem } from '../../common/decimal-input';
import type { FieldError } from '../../common/domain-error';
import { resolveAnalyte } from '../../rules/analytes/vocabulary';
import { isDecimalString, toDecimal } from '../../rules/judgement/decimal';
import type { Qualifier } from '../../rules/judgement/judgement.types';
import { canConvert, canonicalUnit, UNITS } from '../../rules/judgement/units';

/** The decimal fields of a row and the values each takes (a negative value is refused below, with advice). */
const DECIMAL_FIELDS: readonly ['value' | 'lod' | 'loq' | 'dilution', DecimalSign][] = [
  ['value', 'any'],
  ['lod', 'non-negative'],
  ['loq', 'non-negative'],
  ['dilution', 'positive'],
];

/** One analyte as a technician, an instrument file or a COA gave it, before it is checked. */
export interface AnalyteEntry {
  analyte: string;
  value?: string | null;
  qualifier?: Qualifier | null;
  unit: string;
  lod?: string | null;
  loq?: string | null;
  dilution?: string | null;
  method?: string | null;
  instrument?: string | null;
  analysedAt?: string | null;
  /** The lab's method id (method registry); overrides the group's. */
  methodId?: string | null;
  /** Set by entry from the method registry, never by the caller. */
  methodSetId?: string | null;
}

export interface GroupEntry {
  group: string;
  analytes: AnalyteEntry[];
  /** The method the group was run by (method registry id); LOD and LOQ default from it. */
  methodId?: string | null;
  /** When the group was analysed; rows without their own date take it (default: the entry date). */
  analysedAt?: string | null;
}

/** An entry mapped onto the vocabulary: canonical analyte id and name, canonical unit. */
export interface CheckedEntry extends Omit<AnalyteEntry, 'unit'> {
  group: string;
  analyte: string;
  analyteName: string;
  unit: string;
}

/** The unit each limited analyte is judged in, so a unit that cannot be converted is caught per row. */
export type LimitUnits = ReadonlyMap<string, string | null>;

/**
 * Checks every row and names each bad one by its field path, so a 60-row entry answers with all of
 * its mistakes at once: unknown analyte, analyte of another group, a total LabTrace computes, the same
 * analyte twice, unknown unit or one not convertible to the limit's, negative value, a qualifier with
 * a value, or neither. `groupsKey` is the request body's key of `groups` in the field paths: "groups" for
 * hand entry, "results" for an amendment request.
 */
export function checkEntries(groups: readonly GroupEntry[], limitUnits: LimitUnits, groupsKey = 'groups'): { entries: CheckedEntry[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const entries: CheckedEntry[] = [];
  const seenGroups = new Set<string>();
  groups.forEach((g, gi) => {
    if (seenGroups.has(g.group)) errors.push({ field: `${groupsKey}[${gi}].group`, message: `${g.group} is listed twice; send each group once` });
    seenGroups.add(g.group);
    const seen = new Map<string, number>();
    g.analytes.forEach((entry, ai) => {
      const fail = (field: string, message: string) => errors.push({ field: `${groupsKey}[${gi}].analytes[${ai}].${field}`, message });
      const analyte = resolveAnalyte(entry.analyte);
      if (!analyte) return fail('analyte', `unknown analyte "${entry.analyte}"`);
      if (analyte.computed) return fail('analyte', `${analyte.name} is computed by LabTrace from its components and cannot be entered`);
      if (analyte.group !== g.group) return fail('analyte', `${analyte.name} belongs to ${analyte.group}, not ${g.group}`);
      const earlier = seen.get(analyte.id);
      if (earlier !== undefined) return fail('analyte', `${analyte.name} is already entered at ${groupsKey}[${gi}].analytes[${earlier}]`);
      seen.set(analyte.id, ai);

      const unit = canonicalUnit(entry.unit);
      const limitUnit = limitUnits.get(analyte.id);
      if (!unit) fail('unit', `unknown unit "${entry.unit}"; known units: ${UNITS.join(', ')}`);
      else if (limitUnit && !canConvert(unit, limitUnit)) fail('unit', `${unit} cannot be converted to ${limitUnit}, the unit of ${analyte.name}'s limit`);

      // The same rule as hand entry's DTO, so a value a file carries is stored only if it could be typed.
      for (let f = 0; f < DECIMAL_FIELDS.length; f++) {
        const [field, sign] = DECIMAL_FIELDS[f];
        const given = entry[field];
        const problem = typeof given === 'string' ? decimalInputProblem(given, sign) : null;
        if (problem) fail(field, problem);
      }
      const value = entry.value ?? null;
      const qualifier = entry.qualifier ?? null;
      if (value !== null && value.trim().startsWith('-')) fail('value', `must not be negative (${value}); report ND or <LOQ instead`);
      if (value !== null && (qualifier === 'ND' || qualifier === '<LOQ')) fail('qualifier', `${qualifier} replaces the value; send one or the other`);
      if (value === null && qualifier === null) fail('value', 'a value or a qualifier (ND, <LOQ, >ULOQ) is required');
      if (entry.lod && entry.loq && isDecimalString(entry.lod) && isDecimalString(entry.loq) && toDecimal(entry.lod).greaterThan(toDecimal(entry.loq)))
        fail('lod', `the LOD (${entry.lod}) cannot be above the LOQ (${entry.loq})`);
      // Field by field rather than spread: a batch checks 20,000 rows, and V8 copies a spread object slowly.
      entries.push({
        group: g.group,
        analyte: analyte.id,
        analyteName: analyte.name,
        value,
        qualifier,
        unit: unit ?? entry.unit,
        lod: entry.lod,
        loq: entry.loq,
        dilution: entry.dilution,
        method: entry.method,
        instrument: entry.instrument,
        analysedAt: entry.analysedAt,
        methodId: entry.methodId,
        methodSetId: entry.methodSetId,
      });
    });
  });
  return { entries, errors };
}

import type { FieldError } from '../../common/domain-error';
import { getAnalyte } from '../analytes/vocabulary';
import { decimalString, toDecimal } from '../judgement/decimal';
import { canConvert, convert } from '../judgement/units';
import type { MethodRegistry } from './method-registry';
import { methodLabel, type Method, type MethodAnalyte } from './method-set.types';

/** What a result row says about its method and limits before the registry is consulted. */
export interface MethodRowInput {
  /** Canonical analyte id and unit (checked already). */
  analyte: string;
  unit: string;
  lod?: string | null;
  loq?: string | null;
  dilution?: string | null;
  /** Free text from an instrument file (its method name), used to find the method when none is picked. */
  method?: string | null;
  instrument?: string | null;
  /** The lab's method id picked for this row (overrides the group's pick). */
  methodId?: string | null;
}

/** The method facts a row is stored with. */
export interface MethodFacts {
  methodId: string | null;
  methodSetId: string | null;
  /** "Name (SOP ref)" from the registry; the file's text when no method was found. */
  method: string | null;
  instrument: string | null;
  lod: string | null;
  loq: string | null;
}

/**
 * Resolves the method of each row of one group and fills its LOD and LOQ.
 *
 * - A picked method (the row's `methodId`, else the group's) must be in the registry, of the group,
 *   and validated for the analyte; otherwise the row is refused.
 * - Unpicked rows (imports) find their method by the file's method text (a method id or name) or,
 *   failing that, by instrument name when exactly one method of the group runs on it; no match
 *   leaves the row as the file gave it.
 * - LOD and LOQ default to the method's figures in the row's unit, times the dilution when the
 *   sample was diluted (the reportable limit in the sample rises with the dilution).
 * - A row may give its own LOD or LOQ only at or above the method's validated figure (a matrix or a
 *   dilution can raise it; nothing lowers it below validation); a lower one is refused for a picked
 *   method. The row keeps what it gave, so the audit shows it.
 */
export function applyMethods(
  group: string,
  rows: readonly MethodRowInput[],
  registry: MethodRegistry | null,
  picked: string | null | undefined,
  at: (index: number, field: string) => string,
): { facts: MethodFacts[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const facts = rows.map((row, index) => {
    const unchanged: MethodFacts = {
      methodId: null,
      methodSetId: null,
      method: row.method ?? null,
      instrument: row.instrument ?? null,
      lod: row.lod ?? null,
      loq: row.loq ?? null,
    };
    const pick = row.methodId ?? picked ?? null;
    const fail = (field: string, message: string) => {
      errors.push({ field: at(index, field), message });
      return unchanged;
    };
    if (pick !== null) {
      if (!registry) return fail('methodId', `no method set is in force, so method ${pick} cannot be used`);
      const method = registry.methods.get(pick);
      if (!method) return fail('methodId', `${pick} is not a method of ${registry.set.name}; methods of ${group}: ${namesOf(registry, group)}`);
      if (method.group !== group) return fail('methodId', `${pick} is a ${method.group} method, not one for ${group}`);
      return withFigures(row, method, true, fail) ?? unchanged;
    }
    const found = registry ? findMethod(registry, group, row) : undefined;
    return found ? (withFigures(row, found, false, fail) ?? unchanged) : unchanged;
  });
  return { facts, errors };
}

function findMethod(registry: MethodRegistry, group: string, row: MethodRowInput): Method | undefined {
  const text = row.method?.trim().toLowerCase();
  const instrument = row.instrument?.trim().toLowerCase();
  // Most imported rows name neither; an import resolves 20,000 rows, so no list is built for them.
  if (!text && !instrument) return undefined;
  const ofGroup = [...registry.methods.values()].filter((m) => m.group === group && m.analytes.has(row.analyte));
  const byText = text ? ofGroup.filter((m) => m.methodId.toLowerCase() === text || m.name.toLowerCase() === text) : [];
  if (byText.length === 1) return byText[0];
  const byInstrument = instrument ? ofGroup.filter((m) => m.instrument.toLowerCase() === instrument) : [];
  return byInstrument.length === 1 ? byInstrument[0] : undefined;
}

function withFigures(row: MethodRowInput, method: Method, picked: boolean, fail: (field: string, message: string) => MethodFacts): MethodFacts | undefined {
  const figures = method.analytes.get(row.analyte);
  const shared = figures ? figuresInRow(method, figures, row) : undefined;
  const name = shared?.name ?? getAnalyte(row.analyte)?.name ?? row.analyte;
  if (!figures || !shared) return picked ? fail('methodId', `method ${method.methodId} is not validated for ${name}`) : undefined;
  if (!shared.convertible) return fail('unit', `${row.unit} cannot be converted to ${figures.unit}, the unit of method ${method.methodId}`);
  const { validated } = shared;

  const given = { lod: row.lod ?? null, loq: row.loq ?? null };
  let refused = false;
  for (const field of ['lod', 'loq'] as const) {
    const floor = validated[field];
    const own = given[field];
    if (own === null || floor === null || !toDecimal(own).lessThan(toDecimal(floor))) continue;
    if (!picked) continue;
    refused = true;
    fail(field, `${field.toUpperCase()} ${own} ${row.unit} is below ${method.methodId}'s validated ${field.toUpperCase()} for ${name} (${floor} ${row.unit})`);
  }
  if (refused) return undefined;
  return {
    methodId: method.methodId,
    methodSetId: method.methodSetId,
    method: shared.label,
    instrument: row.instrument ?? method.instrument,
    lod: given.lod ?? shared.defaults.lod,
    loq: given.loq ?? shared.defaults.loq,
  };
}

/** What a method's figures for an analyte come to in a row's unit and dilution: the same for every row sharing those. */
interface FiguresInRow {
  figures: MethodAnalyte;
  name: string;
  convertible: boolean;
  label: string;
  /** The validated LOD and LOQ in the row's unit. */
  validated: { lod: string | null; loq: string | null };
  /** The LOD and LOQ a row that gives none is stored with: validated, times the dilution when above 1. */
  defaults: { lod: string | null; loq: string | null };
}

/** Kept per method object (a registry read builds new ones), by analyte, unit and dilution; bounded. */
const figuresInRowOf = new WeakMap<Method, Map<string, FiguresInRow>>();
const FIGURES_IN_ROW_MAX = 4096;

/**
 * The row-independent part of withFigures, worked out once per method, analyte, unit and dilution: an
 * import fills 20,000 rows from a few hundred such combinations (unit conversions and decimal products
 * each time cost about as much as the rest of judging a row).
 */
function figuresInRow(method: Method, figures: MethodAnalyte, row: MethodRowInput): FiguresInRow {
  let known = figuresInRowOf.get(method);
  if (!known) figuresInRowOf.set(method, (known = new Map<string, FiguresInRow>()));
  const key = `${row.analyte}|${row.unit}|${row.dilution ?? ''}`;
  const hit = known.get(key);
  if (hit && hit.figures === figures) return hit;
  const name = getAnalyte(row.analyte)?.name ?? row.analyte;
  const label = methodLabel(method);
  const made: FiguresInRow = canConvert(figures.unit, row.unit)
    ? { figures, name, label, convertible: true, ...validatedFigures(figures, row) }
    : { figures, name, label, convertible: false, validated: { lod: null, loq: null }, defaults: { lod: null, loq: null } };
  if (known.size >= FIGURES_IN_ROW_MAX) known.clear();
  known.set(key, made);
  return made;
}

function validatedFigures(figures: MethodAnalyte, row: MethodRowInput): Pick<FiguresInRow, 'validated' | 'defaults'> {
  const dilution = row.dilution && toDecimal(row.dilution).greaterThan(1) ? toDecimal(row.dilution) : null;
  const inRowUnit = (value: string | null) => (value === null ? null : convert(value, figures.unit, row.unit));
  const validated = { lod: inRowUnit(figures.lod), loq: inRowUnit(figures.loq) };
  const scaled = (value: string | null) => (value === null || !dilution ? value : decimalString(toDecimal(value).times(dilution)));
  return { validated, defaults: { lod: scaled(validated.lod), loq: scaled(validated.loq) } };
}

function namesOf(registry: MethodRegistry, group: string): string {
  const ids = [...registry.methods.values()].filter((m) => m.group === group).map((m) => m.methodId);
  return ids.length > 0 ? ids.sort().join(', ') : 'none';
}

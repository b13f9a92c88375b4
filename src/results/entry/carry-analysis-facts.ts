import type { FieldError } from '../../common/domain-error';
import { toDecimal } from '../../rules/judgement/decimal';
import { canConvert, convert } from '../../rules/judgement/units';
import type { ResultSourceType } from '../entities/analyte-result.entity';
import type { AnalyteEntry, CheckedEntry, GroupEntry } from './check-entries';

/** Where a row came from and who wrote it (judge-rows' RowOrigin fits). */
export interface RowSource {
  sourceType: ResultSourceType;
  sourceId: string | null;
  enteredBy: string | null;
  analyst: string | null;
}

/** A stored row of the version being amended: what it reports, its analysis facts and its source (AnalyteResultEntity fits). */
export interface AnalysedRow extends RowSource {
  analyteGroup: string;
  analyte: string;
  value: string | null;
  qualifier: string | null;
  unit: string;
  lod: string | null;
  loq: string | null;
  dilution: string | null;
  method: string | null;
  methodId: string | null;
  methodSetId: string | null;
  instrument: string | null;
  analysedAt: Date | null;
  computed: boolean;
}

/**
 * An amendment corrects a reported value; the measurement behind it stays what it was. So each
 * amended analyte keeps the analysis facts of its row in the amended version (`base`) that the entry
 * does not give itself, in three parts decided separately:
 *
 * - method (id, method set, label, instrument), with the LOD, LOQ and dilution that belong to it:
 *   kept unless the entry or its group picks a method, or the entry names a method or instrument
 *   (a re-test: withMethods has resolved those from the registry already). An LOD or LOQ the entry
 *   gives wins over the kept one; a kept one is converted exactly into the entry's unit, or dropped
 *   when the units do not convert.
 * - analysed date: kept unless the entry or its group gives one.
 * - nothing for an analyte the amended version did not report.
 *
 * The kept facts are the stored ones, not the registry's figures of today: the method set may have
 * changed since, and the certificate must say how the value was measured then.
 * A dilution that differs from the kept one is refused unless the LOD and LOQ come with it (by a
 * method pick or given): the kept ones were scaled for the old dilution.
 *
 * Each entry's source (`sources`, in entries' order), so a certificate never claims for a row what
 * nobody did:
 * - a row the amendment leaves exactly as it was (value, qualifier, unit, method, LOD/LOQ, dilution,
 *   instrument, analysed instant) is the same record re-sent, as a group must be: it keeps its source,
 *   source id and writer (an imported row stays its import run's, with the COA import's exemptions);
 * - a changed row of another lab's COA (coa_import) that names no method of its own corrects how that
 *   COA was transcribed: it keeps the other lab's method and its import run, written by the amendment's
 *   author. Naming the very method text it has ("as reported on the COA of …") names none of its own;
 * - any other changed row, a coa_import one naming a method (methodId, text, instrument) included, is
 *   the amendment's (`amendedBy`): a re-test by the lab, printed with the lab's method. A group's
 *   methodId re-methods every row of the group, an imported one too; the diff shows each such change.
 *
 * `entries` are withMethods' output for `groups` (no errors), so they follow the groups' order.
 * `baseVersion` names the amended version in messages; `groupsKey` is the request body's key of the
 * groups in field paths (an amendment's "results").
 */
export function carryAnalysisFacts(
  groups: readonly GroupEntry[],
  entries: readonly CheckedEntry[],
  base: readonly AnalysedRow[],
  amendedBy: RowSource,
  options: { baseVersion?: number | null; groupsKey?: string } = {},
): { entries: CheckedEntry[]; errors: FieldError[]; sources: RowSource[] } {
  const { baseVersion = null, groupsKey = 'groups' } = options;
  const prior = new Map(base.filter((r) => !r.computed).map((r) => [keyOf(r.analyteGroup, r.analyte), r]));
  const errors: FieldError[] = [];
  const out: CheckedEntry[] = [];
  const sources: RowSource[] = [];
  const which = baseVersion === null ? 'the amended version' : `version ${baseVersion}`;
  let cursor = 0;
  groups.forEach((g, gi) => {
    const rows = entries.slice(cursor, cursor + g.analytes.length);
    cursor += g.analytes.length;
    rows.forEach((row, ai) => {
      const old = prior.get(keyOf(row.group, row.analyte));
      if (!old) {
        out.push(row);
        sources.push(amendedBy);
        return;
      }
      const given = g.analytes[ai];
      const next: CheckedEntry = { ...row };
      const ownMethod = namesOwnMethod(given, g) && !(old.sourceType === 'coa_import' && restatesMethod(given, g, old));
      if (!given.analysedAt && !g.analysedAt) next.analysedAt = old.analysedAt?.toISOString() ?? null;
      if (!ownMethod) {
        const fail = (field: string, message: string) => errors.push({ field: `${groupsKey}[${gi}].analytes[${ai}].${field}`, message });
        next.methodId = old.methodId;
        next.methodSetId = old.methodSetId;
        next.method = old.method;
        next.instrument = old.instrument;
        const keptLod = given.lod ? null : inUnit(old.lod, old.unit, row.unit);
        const keptLoq = given.loq ? null : inUnit(old.loq, old.unit, row.unit);
        if (keptLod !== null) next.lod = keptLod;
        if (keptLoq !== null) next.loq = keptLoq;
        next.dilution = given.dilution ?? old.dilution;
        if (given.dilution && !sameDilution(given.dilution, old.dilution) && (keptLod !== null || keptLoq !== null)) {
          fail(
            'dilution',
            `dilution ${given.dilution} differs from ${which}'s (${old.dilution ?? 'none'}), whose LOD and LOQ were for that dilution; ` +
              'give the method (methodId) or this dilution’s lod and loq',
          );
        } else if (next.lod && next.loq && toDecimal(next.lod).greaterThan(toDecimal(next.loq))) {
          if (keptLod !== null) fail('loq', `LOQ ${next.loq} is below ${which}'s LOD (${next.lod}); give the lod too`);
          else fail('lod', `LOD ${next.lod} is above ${which}'s LOQ (${next.loq}); give the loq too`);
        }
      }
      out.push(next);
      sources.push(sourceOf(next, old, ownMethod, amendedBy));
    });
  });
  return { entries: out, errors, sources };
}

function sourceOf(next: CheckedEntry, old: AnalysedRow, ownMethod: boolean, amendedBy: RowSource): RowSource {
  if (unchanged(next, old)) return { sourceType: old.sourceType, sourceId: old.sourceId, enteredBy: old.enteredBy, analyst: old.analyst };
  if (old.sourceType === 'coa_import' && !ownMethod) return { ...amendedBy, sourceType: 'coa_import', sourceId: old.sourceId };
  return amendedBy;
}

/** The row as it will be stored is the stored one: nothing it reports or says about its analysis differs. */
function unchanged(next: CheckedEntry, old: AnalysedRow): boolean {
  const same = (a: string | null | undefined, b: string | null) => (a ?? null) === b;
  const instant = (at: string | null | undefined) => (at ? new Date(at).getTime() : null);
  return (
    same(next.value, old.value) &&
    same(next.qualifier, old.qualifier) &&
    next.unit === old.unit &&
    same(next.method, old.method) &&
    same(next.methodId, old.methodId) &&
    same(next.methodSetId, old.methodSetId) &&
    same(next.instrument, old.instrument) &&
    same(next.lod, old.lod) &&
    same(next.loq, old.loq) &&
    same(next.dilution, old.dilution) &&
    instant(next.analysedAt) === (old.analysedAt?.getTime() ?? null)
  );
}

/** The entry's only "method" is the text the row already has (an imported row re-sent as the view shows it). */
function restatesMethod(given: AnalyteEntry, group: GroupEntry, old: AnalysedRow): boolean {
  const text = given.method?.trim();
  return Boolean(text) && text === old.method?.trim() && !given.methodId && !group.methodId && !given.instrument?.trim();
}

/** The entry describes its own analysis: a method picked (row or group), or a method or instrument named. */
function namesOwnMethod(given: AnalyteEntry, group: GroupEntry): boolean {
  return Boolean(given.methodId || group.methodId || given.method?.trim() || given.instrument?.trim());
}

/** A kept LOD or LOQ in the entry's unit: exact (powers of ten), or null when the units do not convert. */
function inUnit(value: string | null, from: string, to: string): string | null {
  if (value === null) return null;
  return canConvert(from, to) ? convert(value, from, to) : null;
}

/** Dilutions compared as numbers; none is 1 (undiluted). */
function sameDilution(a: string, b: string | null): boolean {
  return toDecimal(a).equals(toDecimal(b ?? '1'));
}

function keyOf(group: string, analyte: string): string {
  return `${group}\u0000${analyte}`;
}

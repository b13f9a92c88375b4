import type { FieldError } from '../../common/domain-error';
import { labDay } from '../../common/lab-instant';
import { toDecimal } from '../../rules/judgement/decimal';
import { canConvert, convert } from '../../rules/judgement/units';
import type { ResultSourceType } from '../entities/analyte-result.entity';
import { impossibleAnalysisDates, refusedDateMessage, type DatedGroup } from './analysis-dates';
import type { AnalyteEntry, CheckedEntry, GroupEntry } from './check-entries';
import { claimsOtherLabReport, normalised, otherLabClaimMessage, reportingLab } from './other-lab';

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

export interface CarryOptions {
  /** The amended version, named in messages. */
  baseVersion?: number | null;
  /** The request body's key of the groups in field paths (an amendment's "results"). */
  groupsKey?: string;
  /** The lab's zone (AppConfig lab.timezone), in which a given date is compared with the stored one as a day; UTC when absent. */
  timeZone?: string;
  /** The sample's receipt and now: the final date of every row the amendment makes its own is judged against them. Not judged when absent. */
  bounds?: { receivedAt: Date | null; now: Date };
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
 * - analysed date: kept unless the entry or its group gives one. A correction (no method of its own)
 *   whose date falls on the same lab day as the stored one keeps the stored instant: the COA prints the
 *   day, and a time moved within it must change nothing unseen (the row's source, BioTrack's testedAt).
 *   A re-test (a method of its own, shown in the diff) keeps the instant it gives: it was measured then.
 * - nothing for an analyte the amended version did not report.
 *
 * The kept facts are the stored ones, not the registry's figures of today: the method set may have
 * changed since, and the certificate must say how the value was measured then.
 * A dilution that differs from the kept one is refused unless the LOD and LOQ come with it (by a
 * method pick or given): the kept ones were scaled for the old dilution.
 *
 * Another lab's rows (coa_import: its certificate kept as the import run) stay that lab's report
 * unless the lab re-tests them:
 * - a re-test names a method of its own (the row's methodId, method text or instrument; or the group's
 *   methodId for a row whose value, qualifier or unit changes) AND its own analysis date (the row's or
 *   the group's). It becomes the amendment's row with the lab's method, LOD and LOQ; the other lab's
 *   date is never carried onto it. A method without a date is refused on the row's analysedAt.
 * - anything else is a transcription correction: the row keeps the other lab's method, LOD, LOQ and
 *   import run, written by the amendment's author. A group's methodId does not re-method a row re-sent
 *   with its value, qualifier and unit unchanged, and a group's analysedAt does not re-date it (the
 *   group's method and date are the lab's analysis, not that lab's test): only the row's own
 *   analysedAt corrects the date transcribed. Naming the very method text it has ("as reported on the
 *   COA of …", in any case or spacing) names none of its own. A correction to ND or <LOQ must keep or
 *   give an LOD or LOQ: the COA import's exemption (certificate-claims) is for what that lab printed,
 *   not for a below-limit claim this lab typed.
 * Method text claiming another lab's report is refused on any row that does not stay that lab's.
 *
 * Each entry's source (`sources`, in entries' order), so a certificate never claims for a row what
 * nobody did:
 * - a row the amendment leaves exactly as it was (value, qualifier, unit, method, LOD/LOQ, dilution,
 *   instrument, analysed instant) is the same record re-sent, as a group must be: it keeps its source,
 *   source id and writer (an imported row stays its import run's, with the COA import's exemptions);
 * - a transcription correction stays coa_import (the import run's id), written by the amendment's author;
 * - any other changed row is the amendment's (`amendedBy`): the lab's own result.
 *
 * With `bounds`, the final analysis date of every row whose source becomes the amendment's, given or
 * kept, must be possible for the sample (impossibleAnalysisDates: not before receipt, not after now);
 * a transcription correction's own date only not after now (the other lab tested before receipt).
 *
 * `entries` are withMethods' output for `groups` (no errors), so they follow the groups' order.
 */
export function carryAnalysisFacts(
  groups: readonly GroupEntry[],
  entries: readonly CheckedEntry[],
  base: readonly AnalysedRow[],
  amendedBy: RowSource,
  options: CarryOptions = {},
): { entries: CheckedEntry[]; errors: FieldError[]; sources: RowSource[] } {
  const { baseVersion = null, groupsKey = 'groups', timeZone = 'UTC' } = options;
  const prior = new Map(base.filter((r) => !r.computed).map((r) => [keyOf(r.analyteGroup, r.analyte), r]));
  const errors: FieldError[] = [];
  const out: CheckedEntry[] = [];
  const sources: RowSource[] = [];
  const which = baseVersion === null ? 'the amended version' : `version ${baseVersion}`;
  const judged: JudgedDate[] = [];
  let cursor = 0;
  groups.forEach((g, gi) => {
    const rows = entries.slice(cursor, cursor + g.analytes.length);
    cursor += g.analytes.length;
    rows.forEach((row, ai) => {
      const fail = (field: string, message: string) => errors.push({ field: `${groupsKey}[${gi}].analytes[${ai}].${field}`, message });
      const given = g.analytes[ai];
      const typed = given.analysedAt ?? g.analysedAt ?? null;
      const old = prior.get(keyOf(row.group, row.analyte));
      if (!old) {
        if (claimsOtherLabReport(given.method)) fail('method', otherLabClaimMessage(given.method!));
        out.push(row);
        sources.push(amendedBy);
        if (given.analysedAt) judged.push({ gi, ai, how: 'row', date: given.analysedAt });
        else if (g.analysedAt) judged.push({ gi, ai, how: 'group', date: g.analysedAt });
        return;
      }
      const imported = old.sourceType === 'coa_import';
      const restates = imported && restatesMethod(given, old);
      // A claim of another lab's report is refused below, not taken for a method of the lab's own.
      const claim = !restates && claimsOtherLabReport(given.method);
      const rowMethod = Boolean(given.methodId || given.instrument?.trim() || (given.method?.trim() && !restates && !claim));
      const sameReport = same(row.value, old.value) && same(row.qualifier, old.qualifier) && row.unit === old.unit;
      const ownMethod = rowMethod || (Boolean(g.methodId) && !(imported && sameReport));
      const retest = imported && ownMethod;
      const transcription = imported && !ownMethod;
      const lab = reportingLab(old);
      if (claim) fail('method', otherLabClaimMessage(given.method!));

      const next: CheckedEntry = { ...row };
      // The date: a re-test's own (never the other lab's); a transcription correction's own row date only; else given or kept.
      const dateGiven = transcription ? (given.analysedAt ?? null) : typed;
      let keptInstant = false;
      if (retest) {
        if (!typed) fail('analysedAt', `reported by ${lab}: a re-test needs its own method and analysis date; a transcription correction names no method`);
      } else if (
        !dateGiven ||
        (!ownMethod && old.analysedAt && next.analysedAt && labDay(next.analysedAt, timeZone) === labDay(old.analysedAt.toISOString(), timeZone))
      ) {
        next.analysedAt = old.analysedAt?.toISOString() ?? null;
        keptInstant = true;
      }

      if (!ownMethod) {
        next.methodId = old.methodId;
        next.methodSetId = old.methodSetId;
        next.method = old.method;
        next.instrument = old.instrument;
        // Never the registry's figures of a group method this row does not take: what was given, else the kept ones.
        const keptLod = given.lod ? null : inUnit(old.lod, old.unit, row.unit);
        const keptLoq = given.loq ? null : inUnit(old.loq, old.unit, row.unit);
        next.lod = given.lod ? row.lod : keptLod;
        next.loq = given.loq ? row.loq : keptLoq;
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
      const below = next.qualifier === 'ND' || next.qualifier === '<LOQ';
      if (transcription && below && next.qualifier !== old.qualifier && !next.lod && !next.loq) {
        fail('loq', `reported by ${lab}: a correction to ${next.qualifier} must carry the LOD or LOQ ${lab}'s certificate prints for it (give lod or loq)`);
      }
      out.push(next);
      const source = sourceOf(next, old, transcription, amendedBy);
      sources.push(source);
      // The lab's own rows: their date as typed (a day alone is the whole day), on the field it was typed in, else the kept one.
      if (source.sourceType === 'amendment') {
        if (given.analysedAt) judged.push({ gi, ai, how: 'row', date: given.analysedAt });
        else if (dateGiven) judged.push({ gi, ai, how: 'group', date: dateGiven });
        else if (next.analysedAt) judged.push({ gi, ai, how: 'kept', date: next.analysedAt });
      } else if (transcription && given.analysedAt && !keptInstant) judged.push({ gi, ai, how: 'their test day', date: given.analysedAt });
    });
  });
  if (options.bounds) errors.push(...impossibleDates(groups, judged, { ...options.bounds, timeZone }, groupsKey, which));
  return { entries: out, errors, sources };
}

/**
 * A date to judge and where it came from: typed on the row or on the group (judged once, on the group's
 * field), kept from the amended version, or a transcription correction of the other lab's test day
 * (only "after now" is refused: that lab tested before this lab received the sample).
 */
interface JudgedDate {
  gi: number;
  ai: number;
  how: 'row' | 'group' | 'kept' | 'their test day';
  date: string;
}

function impossibleDates(
  groups: readonly GroupEntry[],
  judged: readonly JudgedDate[],
  bounds: { receivedAt: Date | null; now: Date; timeZone: string },
  groupsKey: string,
  which: string,
): FieldError[] {
  // The request's groups with only the dates to judge, at their own indices, so the field paths are the request's.
  const dated = groups.map((g) => ({
    group: g.group,
    analysedAt: null as string | null,
    analytes: g.analytes.map(() => ({ analysedAt: null as string | null })),
  }));
  const how = new Map<string, JudgedDate['how']>();
  for (const j of judged) {
    if (j.how === 'group') dated[j.gi].analysedAt = j.date;
    else {
      dated[j.gi].analytes[j.ai].analysedAt = j.date;
      how.set(`${groupsKey}[${j.gi}].analytes[${j.ai}].analysedAt`, j.how);
    }
  }
  return impossibleAnalysisDates(dated satisfies DatedGroup[], bounds, groupsKey)
    .filter((d) => !(how.get(d.field) === 'their test day' && d.problem === 'before_receipt'))
    .map((d) => ({
      field: d.field,
      message:
        how.get(d.field) === 'kept'
          ? `${refusedDateMessage(d)}: it is ${which}'s date, kept because none was given; give this row's analysedAt`
          : refusedDateMessage(d),
    }));
}

function sourceOf(next: CheckedEntry, old: AnalysedRow, transcription: boolean, amendedBy: RowSource): RowSource {
  if (unchanged(next, old)) return { sourceType: old.sourceType, sourceId: old.sourceId, enteredBy: old.enteredBy, analyst: old.analyst };
  if (transcription) return { ...amendedBy, sourceType: 'coa_import', sourceId: old.sourceId };
  return amendedBy;
}

const same = (a: string | null | undefined, b: string | null) => (a ?? null) === b;

/** The row as it will be stored is the stored one: nothing it reports or says about its analysis differs. */
function unchanged(next: CheckedEntry, old: AnalysedRow): boolean {
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

/** The row's only "method" is the text it already has, in any case or spacing (an imported row re-sent as the view shows it). */
function restatesMethod(given: AnalyteEntry, old: AnalysedRow): boolean {
  const text = given.method?.trim();
  return Boolean(text) && Boolean(old.method) && normalised(text!) === normalised(old.method!) && !given.methodId && !given.instrument?.trim();
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

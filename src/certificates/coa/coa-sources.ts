import type { SampleResultsDto } from '../../results/dto/results-response.dto';
import type { SourceReporter } from '../../results/source-reporters.repository';
import { getAnalyte } from '../../rules/analytes/vocabulary';
import { POTENCY_TOTALS, TOTAL_AFLATOXINS, type TotalDefinition } from '../../rules/judgement/totals';
import type { CoaMixedTotal, CoaOtherLab, CoaOtherLabTotal } from './coa-view';

type Row = SampleResultsDto['groups'][number]['analytes'][number];
type Group = SampleResultsDto['groups'][number];

/** The method line a COA import gives every row it stores (src/instruments/coa-pdf, read here only as text). */
const REPORTED_ON = /^as reported on (?:the COA of (.+)|an imported .+)$/i;

/** Latin-1 has three superscript digits, which the standard fonts draw inline; more labs than that on one COA print "(4)". */
const LAB_MARKS = ['¹', '²', '³'];
/** ‡ is the amended-line mark (coa-amended.ts). */
const TOTAL_MARKS = ['†', '§', '¶'];

const DEFINITIONS: readonly TotalDefinition[] = [...POTENCY_TOTALS, TOTAL_AFLATOXINS];

/**
 * Whose claim a row is: undefined for this laboratory's own (entered, instrument-imported, computed,
 * amended by the lab), else the other lab whose certificate reported it. Only the record says so: the
 * row's source type is a COA import (a transcription correction keeps it). Method text never does, as
 * anyone can type "as reported on the COA of …"; it only names the lab of a row the import wrote. Rows of
 * one lab share a key (its method line), whatever import brought them.
 */
export function otherLabOfRow(row: Row): { key: string; lab: string } | undefined {
  if (row.computed || row.sourceType !== 'coa_import') return undefined;
  const reported = row.method?.trim().match(REPORTED_ON);
  const method = row.method?.trim() || 'as reported on an imported certificate';
  return { key: method, lab: reported?.[1] ?? `another laboratory (${method})` };
}

/**
 * Each other lab once, in the order its first line is printed, with its mark, the span of its test dates
 * and its license: the first its rows' sources (COA imports, `reporters` by source id) recorded.
 */
export function otherLabsOf(groups: readonly Group[], reporters: ReadonlyMap<string, SourceReporter> = new Map()): CoaOtherLab[] {
  const labs = new Map<string, CoaOtherLab & { dates: string[] }>();
  for (const row of groups.flatMap((g) => g.analytes)) {
    const other = otherLabOfRow(row);
    if (!other) continue;
    const lab = labs.get(other.key) ?? { mark: markAt(LAB_MARKS, labs.size), lab: other.lab, method: other.key, dates: [] };
    if (row.analysedAt) lab.dates.push(row.analysedAt);
    const license = row.sourceType === 'coa_import' && row.sourceId ? reporters.get(row.sourceId)?.license : undefined;
    if (license && !lab.license) lab.license = license;
    labs.set(other.key, lab);
  }
  return [...labs.values()].map(({ dates, ...lab }) => ({ ...lab, ...span(dates) }));
}

/** The mark of a row's lab, or undefined for this laboratory's rows. */
export function markOfRow(row: Row, labs: readonly CoaOtherLab[]): string | undefined {
  const other = otherLabOfRow(row);
  return other && labs.find((l) => l.method === other.key)?.mark;
}

/** A group's rows split by whose they are: this laboratory's, and each other lab's with its test dates. */
export function groupSources(group: Group, labs: readonly CoaOtherLab[]) {
  const own = group.analytes.filter((a) => !otherLabOfRow(a));
  const others = labs
    .map((lab) => ({ lab, rows: group.analytes.filter((a) => otherLabOfRow(a)?.key === lab.method) }))
    .filter((o) => o.rows.length > 0)
    .map(({ lab, rows }) => ({ mark: lab.mark, method: lab.method, ...span(rows.map((r) => r.analysedAt)) }));
  return { own, others };
}

/** The definition a computed row comes from: a total itself, or its per-serving and per-package amounts. */
export function totalDefinitionOf(analyte: string): TotalDefinition | undefined {
  return DEFINITIONS.find((d) => analyte === d.analyte || analyte.startsWith(`${d.analyte}-per-`));
}

/**
 * Totals whose terms were reported by different laboratories (this one and another, or two others): the
 * sum is this laboratory's arithmetic over values it did not all measure, so the COA flags it. Only the
 * totals themselves are listed; their per-serving and per-package amounts carry the same flag by definition.
 */
export function mixedTotalsOf(groups: readonly Group[], labs: readonly CoaOtherLab[]): CoaMixedTotal[] {
  const mixed: CoaMixedTotal[] = [];
  for (const group of groups) {
    for (const row of group.analytes.filter((a) => a.computed)) {
      const definition = DEFINITIONS.find((d) => d.analyte === row.analyte);
      if (!definition) continue;
      const terms = definition.terms
        .map((term) => group.analytes.find((a) => a.analyte === term.analyte))
        .filter((a): a is Row => a !== undefined)
        .map((a) => ({ name: a.name, otherLab: markOfRow(a, labs) }));
      if (new Set(terms.map((t) => t.otherLab ?? '')).size < 2) continue;
      mixed.push({ mark: markAt(TOTAL_MARKS, mixed.length), total: totalName(definition.analyte), terms });
    }
  }
  return mixed;
}

/**
 * Totals whose every term one other laboratory reported (F3): this laboratory only did the arithmetic over
 * that lab's figures, so the total is no more measured here, or accredited here, than its terms: it takes
 * that lab's mark. Per-serving and per-package amounts follow their total, as with mixedTotalsOf.
 */
export function otherLabTotalsOf(groups: readonly Group[], labs: readonly CoaOtherLab[]): CoaOtherLabTotal[] {
  const totals: CoaOtherLabTotal[] = [];
  for (const group of groups) {
    for (const row of group.analytes.filter((a) => a.computed)) {
      const definition = DEFINITIONS.find((d) => d.analyte === row.analyte);
      if (!definition) continue;
      const marks = definition.terms
        .map((term) => group.analytes.find((a) => a.analyte === term.analyte))
        .filter((a): a is Row => a !== undefined)
        .map((a) => markOfRow(a, labs));
      const [mark] = marks;
      if (!mark || marks.some((m) => m !== mark)) continue;
      totals.push({ mark, total: totalName(definition.analyte), lab: labs.find((l) => l.mark === mark)?.lab ?? 'another laboratory' });
    }
  }
  return totals;
}

/**
 * The mark a computed line or total carries: its terms' one other lab's, or the mixed-total flag, or none (ours).
 * A per-serving or per-package amount carries its total's.
 */
export function totalMarkOf(analyte: string, marked: { mixed?: readonly CoaMixedTotal[]; otherLab?: readonly CoaOtherLabTotal[] }): string | undefined {
  const definition = totalDefinitionOf(analyte);
  if (!definition) return undefined;
  const name = totalName(definition.analyte);
  return marked.otherLab?.find((t) => t.total === name)?.mark ?? marked.mixed?.find((m) => m.total === name)?.mark;
}

/** One note per lab, its totals in the order given: "Total THC¹ and Total CBD¹ are calculated by this laboratory from values reported by SC Labs¹ only." */
export function otherLabTotalNotes(totals: readonly CoaOtherLabTotal[]): string[] {
  const marks = [...new Set(totals.map((t) => t.mark))];
  return marks.map((mark) => {
    const ofLab = totals.filter((t) => t.mark === mark);
    const names = ofLab.map((t) => `${t.total}${mark}`);
    const listed = names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are`;
    return `${listed} calculated by this laboratory from values reported by ${ofLab[0].lab}${mark} only.`;
  });
}

export function totalName(analyte: string): string {
  return getAnalyte(analyte)?.name ?? analyte;
}

function markAt(marks: readonly string[], index: number): string {
  return marks[index] ?? `(${index + 1})`;
}

function span(dates: ReadonlyArray<string | null>): { testedFrom?: string; testedTo?: string } {
  const known = dates.filter((d): d is string => !!d).sort();
  return known.length === 0 ? {} : { testedFrom: known[0], testedTo: known[known.length - 1] };
}

/** Wherever a computed total prints (F11): its ND and <LOQ components count as zero, so it can understate. */
export const ZERO_TERMS_NOTE = 'ND and <LOQ components are counted as 0.';

/** "† Total THC adds terms reported by different laboratories: Δ9-THC (this laboratory), THCA (SC Labs¹)." */
export function mixedTotalNote(m: CoaMixedTotal, labs: readonly CoaOtherLab[]): string {
  const whose = (mark: string | undefined) => (mark ? `${labs.find((l) => l.mark === mark)?.lab ?? 'another laboratory'}${mark}` : 'this laboratory');
  const terms = m.terms.map((t) => `${t.name} (${whose(t.otherLab)})`).join(', ');
  return `${m.mark} ${m.total} adds terms reported by different laboratories: ${terms}.`;
}

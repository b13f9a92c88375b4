import type { SampleResultsDto } from '../../results/dto/results-response.dto';
import type { SourceReporter } from '../../results/source-reporters.repository';
import type { EdibleReceiptRecord } from '../../samples/edible-receipt-record';
import { AMENDED_MARK, amendedGroupNote } from './coa-amended';
import { toCoaEdible } from './coa-edible';
import { residualSolventsNotRequired, SolventBasis } from './coa-scope';
import {
  groupSources,
  markOfRow,
  mixedTotalNote,
  mixedTotalsOf,
  otherLabOfRow,
  otherLabsOf,
  otherLabTotalNotes,
  otherLabTotalsOf,
  totalDefinitionOf,
  totalMarkOf,
  totalName,
  ZERO_TERMS_NOTE,
} from './coa-sources';
import type {
  CoaAmendedAnalyte,
  CoaAnalyteLine,
  CoaClient,
  CoaGroup,
  CoaLab,
  CoaMixedTotal,
  CoaOtherLab,
  CoaOtherLabTotal,
  CoaSignature,
  CoaView,
} from './coa-view';

export const GROUP_TITLES: Record<string, string> = {
  cannabinoids: 'Cannabinoids (potency)',
  terpenes: 'Terpenes',
  metals: 'Heavy metals',
  pesticides: 'Pesticides',
  mycotoxins: 'Mycotoxins',
  microbials: 'Microbials',
  residual_solvents: 'Residual solvents',
  moisture: 'Moisture content',
  water_activity: 'Water activity',
  foreign_matter: 'Foreign matter',
};

export interface CoaFacts {
  lab: CoaLab;
  client: CoaClient;
  sample: {
    labCode: string;
    name: string;
    productType: string;
    sampleInventoryId: string;
    inventoryIds: string[];
    collectionSite: string | null;
    collectedAt: Date | null;
    receivedAt: Date;
  };
  results: SampleResultsDto;
  /** Who reported the rows of other labs' sources (COA imports), by the rows' source id: the footnote names each lab's license. */
  reporters?: ReadonlyMap<string, SourceReporter>;
  limitSet: { name: string; effectiveDate: string; source: string };
  version: number;
  /** `changes`: what it changed against the superseded version (amendedAnalytesOf its diff); those lines are marked. */
  amendment?: { supersedesVersion: number; reason: string; requestedBy: string; requestedAt: Date; changes?: CoaAmendedAnalyte[] };
  /**
   * Set when the sample's panel set requires residual solvents of its product type only if solvent-extracted,
   * and the sample was taken as not: on whose word.
   */
  solventsNotRequired?: SolventBasis;
  /** Edibles: the receipt's record of announced package facts the lab changed (absent or no changes: none changed). */
  edibleAtReceipt?: EdibleReceiptRecord;
  /** The lab's zone (config lab.timezone): every date on the certificate prints in it. */
  timeZone: string;
  retestOf?: { labCode: string };
  releasedAt: Date;
  releasedBy: string;
  signature?: CoaSignature;
  verifyUrl: string;
}

/** What the certificate prints, gathered from the sample, its judged results and the release. */
export function buildCoaView(f: CoaFacts): CoaView {
  const otherLabs = otherLabsOf(f.results.groups, f.reporters);
  const mixedTotals = mixedTotalsOf(f.results.groups, otherLabs);
  const otherLabTotals = otherLabTotalsOf(f.results.groups, otherLabs);
  // The sample box's "Analysed" is this laboratory's own work; other labs' test days print beside it, never merged into it.
  const analysed = f.results.groups
    .flatMap((g) => g.analytes.filter((a) => !otherLabOfRow(a)).map((a) => a.analysedAt))
    .filter((d): d is string => d !== null)
    .sort();
  // Anything but a clean pass or a fail is a partial certificate: it prints INCOMPLETE, never PASS.
  const overall = f.results.status === 'fail' ? 'fail' : f.results.status === 'pass' ? 'pass' : 'incomplete';
  return {
    lab: f.lab,
    client: f.client,
    sample: {
      labCode: f.sample.labCode,
      description: f.sample.name,
      productType: f.sample.productType,
      sampleInventoryId: f.sample.sampleInventoryId,
      sampledInventoryIds: f.sample.inventoryIds,
      collectionSite: f.sample.collectionSite ?? undefined,
      collectedAt: f.sample.collectedAt?.toISOString(),
      receivedAt: f.sample.receivedAt.toISOString(),
      analysedFrom: analysed[0],
      analysedTo: analysed[analysed.length - 1],
    },
    overall,
    totals: f.results.totals
      ? { totalThc: f.results.totals.totalThc ?? 'n/a', totalCbd: f.results.totals.totalCbd ?? 'n/a', unit: f.results.totals.unit }
      : undefined,
    ...(mixedTotals.length > 0 ? { mixedTotals } : {}),
    ...(otherLabTotals.length > 0 ? { otherLabTotals } : {}),
    ...(otherLabs.length > 0 ? { otherLabs } : {}),
    timeZone: f.timeZone,
    groups: f.results.groups.map((g) =>
      toCoaGroup(g, otherLabs, { mixed: mixedTotals, otherLab: otherLabTotals }, f.amendment && { version: f.version, ...f.amendment }),
    ),
    ...scopeNotes(f),
    limitSet: { name: f.limitSet.name, effectiveFrom: f.limitSet.effectiveDate, source: f.limitSet.source },
    version: f.version,
    amendment: f.amendment && { ...f.amendment, requestedAt: f.amendment.requestedAt.toISOString() },
    ...(f.retestOf ? { retestOf: f.retestOf } : {}),
    ...(f.results.edible ? { edible: toCoaEdible(f.results.edible, { atReceipt: f.edibleAtReceipt, mixedTotals, otherLabTotals }) } : {}),
    releasedAt: f.releasedAt.toISOString(),
    releasedBy: f.releasedBy,
    ...(f.signature ? { signature: f.signature } : {}),
    verifyUrl: f.verifyUrl,
  };
}

function scopeNotes(f: CoaFacts): { scopeNotes?: string[] } {
  // A group that has results after all (tested beyond the panel) is not "not tested".
  if (!f.solventsNotRequired || f.results.groups.some((g) => g.group === 'residual_solvents')) return {};
  return { scopeNotes: [residualSolventsNotRequired(f.sample.productType, f.solventsNotRequired)] };
}

function toCoaGroup(
  g: SampleResultsDto['groups'][number],
  labs: readonly CoaOtherLab[],
  totals: { mixed: readonly CoaMixedTotal[]; otherLab: readonly CoaOtherLabTotal[] },
  amendment?: { version: number; reason: string; changes?: readonly CoaAmendedAnalyte[] },
): CoaGroup {
  // ISO/IEC 17025 7.8.8: an amended version identifies what it changed, line by line, not only why.
  const amended = (amendment?.changes ?? []).filter((c) => c.group === g.group);
  const changedHere = new Set(amended.filter((c) => c.change !== 'removed').map((c) => c.analyte));
  const { own, others } = groupSources(g, labs);
  const dates = own
    .map((a) => a.analysedAt)
    .filter((d): d is string => d !== null)
    .sort();
  const notes = [
    ...calculationNotes(g),
    ...totals.mixed.filter((m) => g.analytes.some((a) => a.computed && totalName(a.analyte) === m.total)).map((m) => mixedTotalNote(m, labs)),
    ...otherLabTotalNotes(totals.otherLab.filter((t) => g.analytes.some((a) => a.computed && totalName(a.analyte) === t.total))),
    ...(amendment && amended.length > 0 ? [amendedGroupNote(amended, amendment, otherLabMarksOf(g, labs))] : []),
  ];
  return {
    group: g.group,
    title: GROUP_TITLES[g.group] ?? g.group,
    status: g.status === 'incomplete' ? 'incomplete' : (g.status as 'pass' | 'fail'),
    // Each method this laboratory's rows name (name and SOP from the method registry), once, in row order; other labs' apart.
    method: [...new Set(own.map((a) => a.method).filter((m): m is string => !!m))].join('; ') || undefined,
    analysedAt: dates[dates.length - 1],
    ...(others.length > 0 ? { otherLabs: others } : {}),
    lines: g.analytes.map((a): CoaAnalyteLine => {
      const marks = [markOfRow(a, labs), a.computed ? totalMarkOf(a.analyte, totals) : undefined, changedHere.has(a.analyte) ? AMENDED_MARK : undefined].filter(
        (m): m is string => m !== undefined,
      );
      return {
        analyte: a.computed ? `${a.name} (calculated)` : a.name,
        result: a.qualifier === '>ULOQ' && a.value ? `>ULOQ ${a.value}` : (a.qualifier ?? a.value ?? ''),
        unit: a.unit,
        ...(a.lod ? { lod: a.lod } : {}),
        loq: a.loq ?? undefined,
        limit: a.status === 'report_only' ? 'Report only' : (a.limit ?? '—'),
        // Inconclusive (the method's LOQ is above the limit) prints as what it makes the group: incomplete.
        status: (a.status === 'inconclusive' ? 'incomplete' : a.status) as CoaAnalyteLine['status'],
        ...(a.computed ? { calculated: true } : {}),
        ...(marks.length > 0 ? { marks } : {}),
      };
    }),
    ...(notes.length > 0 ? { notes } : {}),
    ...(g.notTested.length > 0 ? { notTested: g.notTested.map((m) => ({ analyte: m.name, reason: m.reason })) } : {}),
  };
}

/** The other lab's mark of each of the group's rows another lab reported, by analyte id. */
function otherLabMarksOf(g: SampleResultsDto['groups'][number], labs: readonly CoaOtherLab[]): Map<string, string> {
  const marks = new Map<string, string>();
  for (const a of g.analytes) {
    const mark = markOfRow(a, labs);
    if (mark) marks.set(a.analyte, mark);
  }
  return marks;
}

/** Under a table with calculated lines: how they are computed, and that ND and <LOQ terms add nothing. */
function calculationNotes(g: SampleResultsDto['groups'][number]): string[] {
  const definitions = [...new Set(g.analytes.filter((a) => a.computed).map((a) => totalDefinitionOf(a.analyte)))].filter((d) => d !== undefined);
  if (definitions.length === 0) return [];
  const formulas = definitions.map((d) => `${totalName(d.analyte)} = ${d.formula}`).join('; ');
  return [`Calculated lines: ${formulas}. ${ZERO_TERMS_NOTE}`];
}

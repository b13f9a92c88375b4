import type { SampleResultsDto } from '../../results/dto/results-response.dto';
import { toCoaEdible } from './coa-edible';
import { residualSolventsNotRequired, SolventBasis } from './coa-scope';
import type { CoaAnalyteLine, CoaClient, CoaGroup, CoaLab, CoaSignature, CoaView } from './coa-view';

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
  limitSet: { name: string; effectiveDate: string; source: string };
  version: number;
  amendment?: { supersedesVersion: number; reason: string; requestedBy: string; requestedAt: Date };
  /**
   * Set when the sample's panel set requires residual solvents of its product type only if solvent-extracted,
   * and the sample was taken as not: on whose word.
   */
  solventsNotRequired?: SolventBasis;
  retestOf?: { labCode: string };
  releasedAt: Date;
  releasedBy: string;
  signature?: CoaSignature;
  verifyUrl: string;
}

/** What the certificate prints, gathered from the sample, its judged results and the release. */
export function buildCoaView(f: CoaFacts): CoaView {
  const analysed = f.results.groups
    .flatMap((g) => g.analytes.map((a) => a.analysedAt))
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
    groups: f.results.groups.map(toCoaGroup),
    ...scopeNotes(f),
    limitSet: { name: f.limitSet.name, effectiveFrom: f.limitSet.effectiveDate, source: f.limitSet.source },
    version: f.version,
    amendment: f.amendment && { ...f.amendment, requestedAt: f.amendment.requestedAt.toISOString() },
    ...(f.retestOf ? { retestOf: f.retestOf } : {}),
    ...(f.results.edible ? { edible: toCoaEdible(f.results.edible) } : {}),
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

function toCoaGroup(g: SampleResultsDto['groups'][number]): CoaGroup {
  const dates = g.analytes
    .map((a) => a.analysedAt)
    .filter((d): d is string => d !== null)
    .sort();
  return {
    group: g.group,
    title: GROUP_TITLES[g.group] ?? g.group,
    status: g.status === 'incomplete' ? 'incomplete' : (g.status as 'pass' | 'fail'),
    // Each method the group's rows name (name and SOP from the method registry), once, in row order.
    method: [...new Set(g.analytes.map((a) => a.method).filter((m): m is string => !!m))].join('; ') || undefined,
    analysedAt: dates[dates.length - 1],
    lines: g.analytes.map((a): CoaAnalyteLine => ({
      analyte: a.computed ? `${a.name} (calculated)` : a.name,
      result: a.qualifier === '>ULOQ' && a.value ? `>ULOQ ${a.value}` : (a.qualifier ?? a.value ?? ''),
      unit: a.unit,
      loq: a.loq ?? undefined,
      limit: a.status === 'report_only' ? 'Report only' : (a.limit ?? '—'),
      // Inconclusive (the method's LOQ is above the limit) prints as what it makes the group: incomplete.
      status: (a.status === 'inconclusive' ? 'incomplete' : a.status) as CoaAnalyteLine['status'],
    })),
    ...(g.notTested.length > 0 ? { notTested: g.notTested.map((m) => ({ analyte: m.name, reason: m.reason })) } : {}),
  };
}

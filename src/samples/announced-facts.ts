import type { EdibleFactsDto } from './dto/edible-facts.dto';
import type { SampleEntity } from './entities/sample.entity';
import { EdibleValues, NO_EDIBLE_FACTS, SampleFacts } from './transfer-diff';

export type CompleteFacts = Required<SampleFacts>;

/** The edible columns a licensee's announcement sets: none when it sent no facts. */
export function edibleValuesOf(facts: EdibleFactsDto | undefined): EdibleValues {
  if (!facts) return { ...NO_EDIBLE_FACTS };
  return {
    servingsPerPackage: facts.servingsPerPackage,
    packageNetWeightG: facts.packageNetWeightG,
    servingWeightG: facts.servingWeightG ?? null,
    claimTotalThcMg: facts.labelClaim?.totalThcMg ?? null,
    claimTotalCbdMg: facts.labelClaim?.totalCbdMg ?? null,
    claimBasis: facts.labelClaim?.per ?? null,
  };
}

/** What the sample's columns say, in the announcement's terms. */
export function factsOfSample(s: SampleEntity): CompleteFacts {
  return {
    sampleInventoryId: s.sampleInventoryId,
    inventoryIds: s.inventoryIds,
    productType: s.productType,
    name: s.name,
    quantity: s.quantity,
    unit: s.unit,
    requestedTests: s.requestedTests,
    solventExtracted: s.solventExtracted,
    collectedAt: s.collectedAt?.toISOString() ?? null,
    collectionSite: s.collectionSite,
    edible: {
      servingsPerPackage: s.servingsPerPackage,
      packageNetWeightG: s.packageNetWeightG,
      servingWeightG: s.servingWeightG,
      claimTotalThcMg: s.claimTotalThcMg,
      claimTotalCbdMg: s.claimTotalCbdMg,
      claimBasis: s.claimBasis,
    },
  };
}

/** Facts with every optional fact filled as a first announcement stores it. */
export function completeFacts(f: SampleFacts): CompleteFacts {
  return {
    ...f,
    requestedTests: f.requestedTests ?? [],
    solventExtracted: f.solventExtracted ?? false,
    collectedAt: f.collectedAt ?? null,
    collectionSite: f.collectionSite ?? null,
    edible: f.edible ?? { ...NO_EDIBLE_FACTS },
  };
}

/** The sample columns the facts set (a first announcement, or a change before receipt). */
export function columnsOf(f: CompleteFacts): Partial<SampleEntity> {
  return {
    inventoryIds: f.inventoryIds,
    productType: f.productType as SampleEntity['productType'],
    name: f.name,
    quantity: f.quantity,
    unit: f.unit,
    requestedTests: f.requestedTests,
    solventExtracted: f.solventExtracted,
    collectedAt: f.collectedAt ? new Date(f.collectedAt) : null,
    collectionSite: f.collectionSite,
    ...f.edible,
  };
}

/**
 * The facts kept with an `announced` custody event (the latest announcement, which receiving may have
 * overridden on the sample: collection facts, edible facts); null for an event that kept none.
 */
export function announcedFactsIn(details: Record<string, unknown> | null): CompleteFacts | null {
  const a = details?.announced as Partial<CompleteFacts> | undefined;
  if (!a || typeof a.sampleInventoryId !== 'string' || !Array.isArray(a.inventoryIds) || typeof a.quantity !== 'string') return null;
  return completeFacts(a as SampleFacts);
}

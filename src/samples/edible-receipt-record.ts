import { changedEdibleFacts } from './edible-facts-change';

/** An announced edible fact the receiver replaced: the announced value and the received one (null: cleared or not given). */
export interface EdibleFactChange {
  fact: 'servingsPerPackage' | 'packageNetWeightG' | 'servingWeightG' | 'claimTotalThcMg' | 'claimTotalCbdMg' | 'claimBasis';
  announced: string | null;
  received: string | null;
}

/** What the receipt did to the announced edible facts, on whose act and why (the `sample.received` audit). */
export interface EdibleReceiptRecord {
  changes: EdibleFactChange[];
  /** The receiver as the audit names them. */
  by: string;
  reason: string | null;
}

/** The shape sample-receiving's audit snapshot gives the edible facts (before: as announced; after: as received). */
interface ReceiptSnapshot {
  edible?: { servingsPerPackage?: string; packageNetWeightG?: string; servingWeightG?: string | null } | null;
  labelClaim?: { per?: string | null; totalThcMg?: string | null; totalCbdMg?: string | null } | null;
}

function columns(snapshot: unknown) {
  const s = (snapshot ?? {}) as ReceiptSnapshot;
  return {
    servingsPerPackage: s.edible?.servingsPerPackage ?? null,
    packageNetWeightG: s.edible?.packageNetWeightG ?? null,
    servingWeightG: s.edible?.servingWeightG ?? null,
    claimTotalThcMg: s.labelClaim?.totalThcMg ?? null,
    claimTotalCbdMg: s.labelClaim?.totalCbdMg ?? null,
    claimBasis: (s.labelClaim?.per ?? null) as 'serving' | 'package' | null,
  };
}

/**
 * The edible facts a receipt changed, read from its audit's before (announced) and after (received)
 * snapshots by the same rule receipt used to ask for a reason (changedEdibleFacts). Null when the event
 * is not a receipt or changed none.
 */
export function edibleReceiptRecord(event: {
  action: string;
  actor: { label: string };
  before: unknown;
  after: unknown;
  reason: string | null;
}): EdibleReceiptRecord | null {
  if (event.action !== 'sample.received') return null;
  const announced = columns(event.before);
  const received = columns(event.after);
  const changed = changedEdibleFacts(announced, received) as Array<EdibleFactChange['fact']>;
  if (changed.length === 0) return null;
  return {
    changes: changed.map((fact) => ({ fact, announced: announced[fact], received: received[fact] })),
    by: event.actor.label,
    reason: event.reason,
  };
}

import { solventExtractedIn } from '../../samples/solvent-extracted';

/**
 * On whose word a product was taken as not solvent-extracted, which left residual solvents out of its
 * panel: the receiving technician's (who may have changed what was announced), the client's
 * announcement, or nobody's (the state manifest does not carry it and nobody confirmed it at receipt).
 */
export type SolventBasis = { kind: 'confirmed_at_receipt'; by: string; announcedExtracted: boolean } | { kind: 'client_announcement' } | { kind: 'not_stated' };

/**
 * The COA's line for an infused product whose panel set would require residual solvents had it been
 * solvent-extracted: the group is absent on purpose, and the reader is told so and why.
 */
export function residualSolventsNotRequired(productType: string, basis: SolventBasis): string {
  return `Residual solvents not tested: not required for a non-solvent-extracted ${productType} (${basisText(basis)}).`;
}

function basisText(basis: SolventBasis): string {
  switch (basis.kind) {
    case 'confirmed_at_receipt':
      return basis.announcedExtracted
        ? `as determined at receipt by ${basis.by}; the client announced it as solvent-extracted`
        : `as confirmed at receipt by ${basis.by}`;
    case 'client_announcement':
      return "per the client's announcement";
    case 'not_stated':
      return 'the client did not state it and it was not confirmed at receipt';
  }
}

/** The custody trail as the sample detail gives it: kind, who, and the details kept. */
interface CustodyLike {
  kind: string;
  actor: string;
  details: Record<string, unknown> | null;
}

/**
 * The basis from the sample's custody trail: the latest receipt's record, or for receipts made before
 * it was kept, the first announcement's origin (a licensee's announcement states the fact; a state sync cannot).
 */
export function solventBasisOf(custody: readonly CustodyLike[]): SolventBasis {
  const receipt = [...custody].reverse().find((e) => e.kind === 'received');
  const record = solventExtractedIn(receipt?.details);
  if (receipt && record?.confirmedAtReceipt) return { kind: 'confirmed_at_receipt', by: receipt.actor, announcedExtracted: record.announced };
  const origin = record?.announcedBy ?? custody.find((e) => e.kind === 'announced')?.details?.origin;
  return origin === 'licensee_api' ? { kind: 'client_announcement' } : { kind: 'not_stated' };
}

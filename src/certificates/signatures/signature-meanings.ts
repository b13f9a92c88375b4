/**
 * Electronic signatures on the acts that issue a COA (21 CFR Part 11-style, §11.50 and §11.200): the
 * signer re-enters their password and states what the signature means, chosen from a fixed list per act.
 * Pure: no NestJS, no I/O.
 */

export const RELEASE_MEANINGS = ['Reviewed and released'] as const;
export const AMENDMENT_MEANINGS = ['Reviewed and approved the amendment'] as const;

export type ReleaseMeaning = (typeof RELEASE_MEANINGS)[number];
export type AmendmentMeaning = (typeof AMENDMENT_MEANINGS)[number];
export type SignatureMeaning = ReleaseMeaning | AmendmentMeaning;

/** The only way LabTrace identifies a signer at signing time. */
export const SIGNATURE_METHOD = 'password re-entry';

/** A signer whose password was just checked, with the meaning they chose; the act adds the time. */
export interface ConfirmedSigner {
  signerId: string;
  /** The printed name (§11.50(a)(1)): the account's display name. */
  signerName: string;
  meaning: SignatureMeaning;
  method: typeof SIGNATURE_METHOD;
}

/** An applied signature: what the audit trail, the signature table and the COA carry. */
export interface ElectronicSignature extends ConfirmedSigner {
  /** ISO instant: the release (or amendment release) it signs. */
  signedAt: string;
}

export function applySignature(signer: ConfirmedSigner, at: Date): ElectronicSignature {
  return { ...signer, signedAt: at.toISOString() };
}

/** "Electronically signed by Maria Manager on 2026-12-02 09:05 EST — Reviewed and released", with the time as the lab prints it. */
export function signatureStatement(signature: { signerName: string; meaning: string }, when: string): string {
  return `Electronically signed by ${signature.signerName} on ${when} — ${signature.meaning}`;
}

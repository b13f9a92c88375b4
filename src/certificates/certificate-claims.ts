import type { SampleResultsDto } from '../results/dto/results-response.dto';
import { CertificatesError, CertificatesErrorCode } from './certificates.errors';

/** What a row lacks to back what the certificate would print for it. */
export type MissingFact = 'method' | 'lod_or_loq';

/** One result row whose certificate line the record cannot support. */
export interface UnsupportedClaim {
  group: string;
  /** Canonical analyte id, and its name as the COA prints it. */
  analyte: string;
  name: string;
  missing: MissingFact[];
}

const MISSING_TEXT: Record<MissingFact, string> = {
  method: 'no method',
  lod_or_loq: 'no LOD or LOQ for its ND/<LOQ',
};

/**
 * Rows a certificate may not print as they are. Every measured row (computed totals are LabTrace's
 * arithmetic, not a measurement) must name its method: a registry method, the method text of an
 * instrument file, or "as reported on the COA of <lab>" for a COA import (§130.23 puts the method on the
 * COA). An ND or <LOQ says "below this limit of the method": without an LOD or LOQ (the row's own, or
 * the one its registry method filled in at entry) it claims a detection limit nobody recorded. Rows of
 * a COA import are exempt from the latter: they are another lab's report, printed as such, of a file
 * LabTrace keeps; that lab's limits are often not printed (presence tests, totals) or not read.
 * Rows of an instrument import are held to both: vendor exports (MassHunter's among them) state neither
 * method nor LOD, so an upload names the registry method of each group it carries (`methods`, or an
 * instrument mapping's), which fills both; a group imported without one is refused here until it is
 * imported again naming it, or entered by hand with its methodId.
 */
export function unsupportedClaims(view: Pick<SampleResultsDto, 'groups'>): UnsupportedClaim[] {
  const claims: UnsupportedClaim[] = [];
  for (const group of view.groups) {
    for (const row of group.analytes) {
      if (row.computed) continue;
      const missing: MissingFact[] = [];
      if (!row.method?.trim()) missing.push('method');
      const belowLimit = row.qualifier === 'ND' || row.qualifier === '<LOQ';
      if (belowLimit && row.lod === null && row.loq === null && row.sourceType !== 'coa_import') missing.push('lod_or_loq');
      if (missing.length > 0) claims.push({ group: group.group, analyte: row.analyte, name: row.name, missing });
    }
  }
  return claims;
}

/** The refusal's text and details, naming each row (group, analyte, what is missing). */
export function claimsRefusal(claims: readonly UnsupportedClaim[]): { text: string; details: Record<string, unknown> } {
  const rows = claims.map((c) => `${c.group} ${c.name}: ${c.missing.map((m) => MISSING_TEXT[m]).join(', ')}`);
  return {
    text:
      `${claims.length} result(s) lack what the certificate would claim for them (${rows.join('; ')}). ` +
      'Enter them again with the method (methodId fills its LOD and LOQ), or with the LOD or LOQ of an ND or <LOQ; ' +
      "an instrument file's rows, by importing the file again naming each group's method (methods)",
    details: { unsupportedRows: claims.map((c) => ({ group: c.group, analyte: c.analyte, name: c.name, missing: c.missing })) },
  };
}

/** Throws CLAIMS_UNSUPPORTED (409) naming every such row; `what` opens the message ("LT-… cannot be released"). */
export function refuseUnsupportedClaims(view: Pick<SampleResultsDto, 'groups'>, what: string): void {
  const claims = unsupportedClaims(view);
  if (claims.length === 0) return;
  const { text, details } = claimsRefusal(claims);
  throw new CertificatesError(CertificatesErrorCode.CLAIMS_UNSUPPORTED, `${what}: ${text}`, details);
}

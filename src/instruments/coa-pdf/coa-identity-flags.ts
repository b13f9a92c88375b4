import type { NewQcFlag } from '../../results/results.service';
import type { SampleMatchedBy } from '../sample-matcher';
import type { ParsedCoa } from './coa-layout.types';

/** The QC flag kind of a COA attached by `sampleId` that does not name the sample it was attached to. */
export const COA_IDENTITY_FLAG = 'coa_identity';
/** The QC flag kind of a COA for another product type than the sample's. */
export const COA_PRODUCT_TYPE_FLAG = 'coa_product_type';

export type CoaIdentityFlagKind = typeof COA_IDENTITY_FLAG | typeof COA_PRODUCT_TYPE_FLAG;

/** What the COA says it is about (see the layouts). */
export type CoaIdentity = Pick<ParsedCoa, 'labName' | 'sampleIds' | 'inventoryIds' | 'productName' | 'productType'>;

/** Who the sample is, by everything that identifies it. */
export interface IdentifiedSample {
  id: string;
  labCode: string | null;
  /** Its own inventory tag. */
  sampleInventoryId: string;
  /** The lots it was taken from. */
  inventoryIds: readonly string[];
  name: string;
  productType: string;
}

/** How the sample was chosen: by `sampleId`, and which of our samples the COA's own ids name. */
export interface CoaChoice {
  bySampleId: boolean;
  named: ReadonlyArray<{ sample: { id: string; labCode: string | null }; by: SampleMatchedBy }>;
}

export interface CoaIdentityFinding {
  sampleId: string;
  labCode: string | null;
  kind: CoaIdentityFlagKind;
  message: string;
}

/**
 * What a second person must confirm before a COA's results certify `sample`. Identity is asked only of a
 * sample chosen by `sampleId`: one found by the COA's own ids is named by it. The COA names the sample when
 * one of its ids is the sample's lab code or inventory tag, or, unless it is another sample of ours by
 * its own id, one of the lots the sample was taken from (the same lot, tested by another lab). The printed
 * product name is not an identifier (names repeat across lots and labs); it is only quoted. A COA naming
 * no id at all is flagged too: nothing on it ties it to the sample. A product type that differs from
 * the sample's is flagged however the sample was found: the results are judged by the sample's limits.
 */
export function coaIdentityFindings(coa: CoaIdentity, sample: IdentifiedSample, choice: CoaChoice): CoaIdentityFinding[] {
  const finding = (kind: CoaIdentityFlagKind, message: string): CoaIdentityFinding => ({ sampleId: sample.id, labCode: sample.labCode, kind, message });
  const found: CoaIdentityFinding[] = [];
  const identity = choice.bySampleId ? identityMessage(coa, sample, choice) : null;
  if (identity) found.push(finding(COA_IDENTITY_FLAG, identity));
  if (coa.productType && coa.productType !== sample.productType) {
    found.push(
      finding(
        COA_PRODUCT_TYPE_FLAG,
        `The COA${issuedBy(coa)} is for ${productType(coa.productType)}; sample ${labelOf(sample)} is ${productType(sample.productType)} ` +
          `and its results are judged by the ${sample.productType} limits`,
      ),
    );
  }
  return found;
}

/** The findings as QC flags of the import run `importId`: on the whole sample (no group or analyte). */
export function coaIdentityFlags(findings: readonly CoaIdentityFinding[], importId: string): NewQcFlag[] {
  return findings.map((f) => ({ sampleId: f.sampleId, importId, analyteGroup: null, analyte: null, kind: f.kind, message: f.message }));
}

/** The findings as the import's answer says them, as analysisDateWarnings does; a dry run says the same as its store. */
export function coaIdentityWarnings(findings: readonly CoaIdentityFinding[]): string[] {
  return findings.map((f) => `${f.labCode ?? f.sampleId}: ${f.message}; a QC flag holds the sample back from release until it is resolved.`);
}

/** Null when the COA names the sample; else why it does not. */
function identityMessage(coa: CoaIdentity, sample: IdentifiedSample, choice: CoaChoice): string | null {
  const printed = [...coa.sampleIds, ...coa.inventoryIds].map(normalised).filter((id) => id !== '');
  const ids = new Set(printed);
  const own = [sample.labCode, sample.sampleInventoryId].filter((id): id is string => !!id).map(normalised);
  if (own.some((id) => ids.has(id))) return null;
  const label = labelOf(sample);
  const attached = `it was attached to ${label} by sampleId`;
  if (printed.length === 0)
    return `The COA${issuedBy(coa)} names no sample id, so nothing on it ties it to sample ${label} (${describeSample(sample)}); ${attached}`;
  // Another of our samples by its own id: that sample's results, even when it shares the lot (a retest's parent).
  const other = choice.named.find((n) => n.sample.id !== sample.id && n.by !== 'sampled lot');
  if (other) return `The COA${issuedBy(coa)} is for our sample ${other.sample.labCode ?? other.sample.id} (by ${other.by}), not ${label}; ${attached}`;
  if (sample.inventoryIds.map(normalised).some((lot) => ids.has(lot))) return null;
  return `The COA${issuedBy(coa)} names ${describeCoa(coa)}, none of them sample ${label}'s (${describeSample(sample)}); ${attached}`;
}

/** Ids compare without case or spaces: "lt-2612-000001" and "1A40 6030…" as printed are the same id. */
function normalised(id: string): string {
  return id.replace(/\s+/g, '').toUpperCase();
}

function labelOf(sample: IdentifiedSample): string {
  return sample.labCode ?? sample.sampleInventoryId;
}

function issuedBy(coa: CoaIdentity): string {
  return coa.labName ? ` of ${coa.labName}` : '';
}

function describeCoa(coa: CoaIdentity): string {
  const parts = [list('sample id', coa.sampleIds), list('inventory id', coa.inventoryIds)].filter((p) => p !== '');
  return parts.join(' and ') + (coa.productName ? ` (product "${coa.productName}")` : '');
}

function describeSample(sample: IdentifiedSample): string {
  return [`inventory id ${sample.sampleInventoryId}`, list('lot', sample.inventoryIds), `"${sample.name}"`].filter((p) => p !== '').join(', ');
}

function list(what: string, ids: readonly string[]): string {
  return ids.length === 0 ? '' : `${what}${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`;
}

/** "an edible", "a flower"; `other` is NY's word for none of the named types. */
function productType(type: string): string {
  if (type === 'other') return 'a product of no named type (other)';
  return `${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type}`;
}

import type { components } from './schema';

/**
 * The console's names for the API's shapes, all taken from the generated OpenAPI types. Where the API's
 * document is still imprecise (a nullable string declared without its type, which the generator reads as
 * an empty object), the field is narrowed here by name; once the DTO declares `type: String` the
 * override is a no-op.
 */
type Schemas = components['schemas'];
type NullableStrings<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };

export type Session = Schemas['SessionResponseDto'];
export type Role = Session['role'];
export type SampleSummary = Schemas['SampleSummaryDto'];
export type SampleDetail = Schemas['SampleDetailDto'];
export type SamplePage = Schemas['SamplePageDto'];
export type SampleStatus = SampleSummary['status'];
export type ReceiveSample = Schemas['ReceiveSampleDto'];
export type SyncResult = Schemas['SyncResultDto'];
export type AnalyteEntry = Schemas['AnalyteEntryDto'];
export type GroupEntry = Schemas['GroupEntryDto'];
export type EnterResults = Schemas['EnterResultsDto'];
export type AnalyteGroup = GroupEntry['group'];
export type Qualifier = NonNullable<AnalyteEntry['qualifier']>;
export type AnalyteResult = NullableStrings<
  Schemas['AnalyteResultDto'],
  'analysedAt' | 'analyst' | 'dilution' | 'instrument' | 'limit' | 'lod' | 'loq' | 'method' | 'reason' | 'sourceId' | 'value'
>;
export type GroupResult = Omit<Schemas['GroupResultDto'], 'analytes'> & { analytes: AnalyteResult[] };
export type Contributor = Schemas['VersionContributorDto'];
export type SampleResults = Omit<Schemas['SampleResultsDto'], 'groups' | 'labCode' | 'limitSet' | 'totals'> & {
  groups: GroupResult[];
  labCode: string | null;
  limitSet?: { id: string; name: string; effectiveDate: string } | null;
  totals?: { totalThc: string | null; totalCbd: string | null; unit: string } | null;
  /** Who wrote to the version: GET and PUT /v1/samples/:id/results answer it, other routes' answers do not. */
  contributors?: Contributor[];
};
export type ReleaseAnswer = Schemas['ReleaseAnswerDto'];
export type RequestAmendment = Schemas['RequestAmendmentDto'];
export type Amendment = Schemas['AmendmentDto'];
export type Submission = Schemas['SubmissionDto'];
export type Licensee = NullableStrings<Schemas['LicenseeResponseDto'], 'address' | 'contactEmail' | 'contactName' | 'contactPhone'>;
export type CreateLicensee = Schemas['CreateLicenseeDto'];
export type ApiKey = Schemas['ApiKeyResponseDto'];
export type IssuedApiKey = Schemas['IssuedApiKeyDto'];
export type User = Schemas['UserResponseDto'];
export type CreateUser = Schemas['CreateUserDto'];
export type UpdateUser = Schemas['UpdateUserDto'];

/** A custody event as GET /v1/samples/:id answers it (its DTO shares a name with the request body's, so the document shows the latter). */
export interface CustodyEntry {
  id: string;
  kind: string;
  at: string;
  actor: string;
  location: string | null;
  quantity: string | null;
  unit: string | null;
  note: string | null;
  details: Record<string, unknown> | null;
}

/** Routes that answer a plain object the API does not describe as a DTO yet (controller-built JSON). */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
}

export interface CoaVersion {
  version: number;
  sha256: string;
  overall: string;
  releasedAt: string;
  amendmentReason: string | null;
  verifyPath: string;
}

export interface LimitSetSummary {
  id: string;
  name: string;
  effectiveDate: string;
  source: string;
  loadedBy: string;
  createdAt: string;
}

/** One analyte's limit for one product type (LimitRuleDto). */
export interface LimitRule {
  productType: string;
  analyte: string;
  analyteGroup: string;
  operator: 'lte' | 'range' | 'not_detected' | 'report_only';
  limitMin: string | null;
  limitMax: string | null;
  unit: string | null;
  sourceTag: 'NY' | 'STAND-IN';
  source: string | null;
}

/** GET /v1/limit-sets/{id} and the upload's answer (LimitSetDto): the set with every rule. */
export interface LimitSetDetail extends LimitSetSummary {
  ruleCount: number;
  rules: LimitRule[];
}

export interface QcFlag {
  id: string;
  importId: string | null;
  analyteGroup: string | null;
  analyte: string | null;
  kind: string;
  message: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export type StatusCounts = Partial<Record<SampleStatus, number>>;

/** Request and response bodies of the NY-API working contract (shared/biotrack-ny-api.md). */

export type StateCategory =
  'potency' | 'terpenes' | 'metals' | 'pesticides' | 'mycotoxins' | 'microbials' | 'solvents' | 'moisture' | 'water_activity' | 'foreign_matter';
export type StateStatus = 'pass' | 'fail' | 'na';
export type StateUom = '%' | 'mg/g' | 'ug/g' | 'ppm' | 'ug/kg' | 'ppb' | 'cfu/g' | 'aw';
export type StateQualifier = 'ND' | '<LOQ' | '>ULOQ' | '';

export interface LoginResponse {
  sessionToken: string;
  expiresAt: string;
}

export interface StateLabSample {
  sampleId: string;
  parentInventoryIds: string[];
  manifestId: string;
  senderLicense: string;
  productType: string;
  name: string;
  quantity: string;
  uom: string;
  status: 'pending' | 'accepted' | 'rejected';
  createdAt: string;
}

export interface StateSamplePage {
  data: StateLabSample[];
  page: number;
  pageSize: number;
  total: number;
}

export interface AcceptSampleRequest {
  receivedQuantity: string;
  uom: string;
  receivedAt: string;
}

export interface StateAnalyte {
  analyte: string;
  value: string | null;
  qualifier: StateQualifier;
  uom: StateUom;
  loq: string | null;
  limit: string | null;
  status: StateStatus;
}

export interface StateCategoryResult {
  category: StateCategory;
  status: StateStatus;
  analytes: StateAnalyte[];
}

export interface PostResultRequest {
  externalId: string;
  sampleId: string;
  testedAt: string;
  overall: StateStatus;
  categories: StateCategoryResult[];
}

export interface AmendResultRequest {
  externalId: string;
  reason: string;
  overall: StateStatus;
  categories: StateCategoryResult[];
}

export interface StateResult {
  resultId: string;
  externalId: string;
  sampleId: string;
  testedAt: string;
  overall: StateStatus;
  categories: StateCategoryResult[];
  status: string;
  version: number;
  document: { filename?: string; sha256?: string; size?: number } | null;
}

export interface StateInventory {
  inventoryId: string;
  labStatus: 'untested' | 'passed' | 'failed';
  [key: string]: unknown;
}

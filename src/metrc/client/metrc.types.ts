import type { JsonDecimal } from './metrc-json';

/**
 * Metrc's v2 wire shapes (PascalCase), as far as LabTrace reads or writes them
 * (shared/metrc-ny-api.md §2-§4). Enums may arrive as numbers or strings; fields LabTrace does not
 * use are left out.
 */
export interface MetrcPage<T> {
  Data: T[];
  Total?: number;
  TotalRecords?: number;
  PageSize?: number;
  Page?: number;
  CurrentPage?: number;
  TotalPages?: number;
}

export interface MetrcLabTestType {
  Id: number;
  Name: string;
  RequiresTestResult?: boolean;
  InformationalOnly?: boolean;
  AlwaysPasses?: boolean;
  LabTestResultMinimum?: number | null;
  LabTestResultMaximum?: number | null;
  DependencyMode?: number | string;
}

/** One row of `GET /transfers/v2/incoming`: a transfer and one of its deliveries, flattened. */
export interface MetrcIncomingTransfer {
  Id: number;
  ManifestNumber: string;
  ShipperFacilityLicenseNumber: string;
  ShipperFacilityName?: string;
  RecipientFacilityLicenseNumber?: string;
  DeliveryId?: number | null;
  IsVoided?: boolean;
  ContainsTestingSample?: boolean;
  PackageCount?: number;
  CreatedDateTime?: string | null;
  LastModified?: string | null;
}

export interface MetrcDelivery {
  Id: number;
  RecipientFacilityLicenseNumber?: string;
}

export interface MetrcDeliveryPackage {
  PackageId: number;
  PackageLabel: string;
  ItemName?: string;
  ItemCategoryName?: string;
  LabTestingState?: string | number;
  IsTestingSample?: boolean;
  ShipmentPackageState?: string | number;
  ShippedQuantity?: number | string | null;
  ShippedUnitOfMeasureName?: string | null;
  SourcePackageLabels?: string | string[] | null;
  ProductionBatchNumber?: string | null;
}

export interface MetrcPackage {
  Id: number;
  Label: string;
  LabTestingState?: string | number;
  SourcePackageLabels?: string | string[] | null;
  LastModified?: string | null;
}

/** One row of `GET /labtests/v2/results`: one test type of one package's lab test. */
export interface MetrcLabTestResult {
  PackageId: number;
  LabTestResultId: number;
  TestTypeName: string;
  TestPassed?: boolean;
  TestResultLevel?: number | string | null;
  TestComment?: string | null;
  OverallPassed?: boolean;
  ResultReleased?: boolean;
  ResultReleaseDateTime?: string | null;
  LabTestResultDocumentFileId?: number | null;
  RevokedDate?: string | null;
  LabTestDetailRevokedDate?: string | null;
  TestPerformedDate?: string | null;
}

export interface MetrcRecordResult {
  LabTestTypeName: string;
  Quantity: JsonDecimal;
  Passed: boolean;
  Notes: string;
}

/** One package's lab test in `POST /labtests/v2/record` (the body is an array of these). */
export interface MetrcRecordRequest {
  Label: string;
  ResultDate: string;
  DocumentFileName: string | null;
  DocumentFileBase64: string | null;
  Results: MetrcRecordResult[];
}

export interface MetrcRecordResponse {
  Ids?: number[] | null;
  Warnings?: unknown;
}

export interface MetrcDocumentRequest {
  LabTestResultId: number;
  DocumentFileName: string;
  DocumentFileBase64: string;
}

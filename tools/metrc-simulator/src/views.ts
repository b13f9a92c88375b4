import { formatDate, formatOptional } from './dates';
import { enumValue } from './enums';
import { ITEM_CATEGORIES, LabTestBatch, LabTestType } from './lab-test-types';
import { SimulatorState } from './state';
import { LabTestResult, Package, Transfer } from './store';

/**
 * Metrc-shaped answers. Each date field keeps one format (README table) and the formats differ between fields,
 * as in Metrc's own examples; `dateStyle: iso` makes them all toISOString.
 */
export function transferRow(state: SimulatorState, t: Transfer, row: number) {
  const c = state.config;
  const packages = t.packageIds.map((id) => state.store.packages.get(id)!);
  const received = packages.filter((p) => p.receivedAt !== null).length;
  return {
    Id: t.id,
    ManifestNumber: t.manifestNumber,
    InvoiceNumber: null,
    ShipmentLicenseType: enumValue('ShipmentLicenseType', 'Licensed', row, c.enumStyle),
    ShipperFacilityLicenseNumber: t.shipperLicense,
    ShipperFacilityName: state.facilityName(t.shipperLicense),
    Name: null,
    TransporterFacilityLicenseNumber: t.shipperLicense,
    TransporterFacilityName: state.facilityName(t.shipperLicense),
    DriverName: 'Sam Driver',
    DriverOccupationalLicenseNumber: '',
    DriverVehicleLicenseNumber: '',
    VehicleMake: 'Ford',
    VehicleModel: 'Transit',
    VehicleLicensePlateNumber: 'LAB1234',
    DeliveryCount: 1,
    ReceivedDeliveryCount: t.receivedAt === null ? 0 : 1,
    PackageCount: packages.length,
    ReceivedPackageCount: received,
    ContainsPlantPackage: false,
    ContainsProductPackage: true,
    ContainsTradeSample: false,
    ContainsDonation: false,
    ContainsTestingSample: packages.some((p) => p.isTestingSample),
    ContainsProductRequiresRemediation: false,
    ContainsRemediatedProductPackage: false,
    IsVoided: false,
    CreatedDateTime: formatDate(t.createdAt, 'localNoOffset', c),
    CreatedByUserName: null,
    LastModified: formatDate(t.lastModified, 'localOffset', c),
    DeliveryId: t.deliveryId,
    RecipientFacilityLicenseNumber: t.recipientLicense,
    RecipientFacilityName: state.facilityName(t.recipientLicense),
    ShipmentTypeName: t.shipmentTypeName,
    ShipmentTransactionType: 'Standard',
    EstimatedDepartureDateTime: formatDate(t.estimatedDepartureAt, 'zulu', c),
    ActualDepartureDateTime: formatOptional(null, 'utcOffset', c, true),
    EstimatedArrivalDateTime: formatDate(t.estimatedArrivalAt, 'utcOffset', c),
    ActualArrivalDateTime: formatOptional(t.receivedAt, 'utcOffset', c),
    DeliveryPackageCount: packages.length,
    DeliveryReceivedPackageCount: received,
    ReceivedByName: t.receivedAt === null ? null : 'Lab Receiver',
    ReceivedDateTime: formatOptional(t.receivedAt, 'utcSevenDigits', c),
  };
}

export function deliveryRow(state: SimulatorState, t: Transfer) {
  const c = state.config;
  const packages = t.packageIds.map((id) => state.store.packages.get(id)!);
  return {
    Id: t.deliveryId,
    RecipientFacilityLicenseNumber: t.recipientLicense,
    RecipientFacilityName: state.facilityName(t.recipientLicense),
    ShipmentTypeName: t.shipmentTypeName,
    ShipmentTransactionType: 'Standard',
    EstimatedDepartureDateTime: formatDate(t.estimatedDepartureAt, 'zulu', c),
    ActualDepartureDateTime: formatOptional(null, 'utcOffset', c, true),
    EstimatedArrivalDateTime: formatDate(t.estimatedArrivalAt, 'localNoOffset', c),
    ActualArrivalDateTime: formatOptional(t.receivedAt, 'utcOffset', c),
    GrossWeight: null,
    GrossUnitOfWeightName: null,
    PlannedRoute: 'Direct',
    DeliveryPackageCount: packages.length,
    DeliveryReceivedPackageCount: packages.filter((p) => p.receivedAt !== null).length,
    ReceivedDateTime: formatOptional(t.receivedAt, 'localOffset', c),
  };
}

/** Metrc gives source labels as one comma-separated string, null when there are none [I]. */
const sourceLabels = (p: Package) => (p.sourcePackageLabels.length ? p.sourcePackageLabels.join(', ') : null);

export function deliveryPackageRow(state: SimulatorState, p: Package) {
  const c = state.config;
  return {
    PackageId: p.id,
    PackageLabel: p.label,
    PackageType: 'Product',
    SourceHarvestNames: null,
    SourcePackageLabels: sourceLabels(p),
    ItemId: 0,
    ItemName: p.itemName,
    ItemCategoryName: p.itemCategoryName,
    ItemStrainName: null,
    ItemBrandName: null,
    LabTestingState: p.labTestingState,
    ProductionBatchNumber: p.productionBatchNumber,
    IsTradeSample: false,
    IsDonation: false,
    IsTestingSample: p.isTestingSample,
    ProductRequiresRemediation: false,
    ContainsRemediatedProduct: false,
    RemediationDate: null,
    ShipmentPackageState: p.shipmentState,
    ShippedQuantity: p.shippedQuantity,
    ShippedUnitOfMeasureName: p.unitOfMeasureName,
    PackagedDate: formatDate(p.packagedAt, 'dateOnly', c),
    ReceivedQuantity: p.receivedQuantity,
    ReceivedUnitOfMeasureName: p.receivedQuantity === null ? null : p.unitOfMeasureName,
    ExternalId: null,
  };
}

export function packageView(state: SimulatorState, p: Package) {
  const c = state.config;
  const results = state.store.resultsOf(p.id);
  const expiry = results.length ? Math.max(...results.map((r) => r.resultDate)) + 365 * 24 * 3600_000 : null;
  return {
    Id: p.id,
    Label: p.label,
    ExternalId: null,
    PackageType: 'Product',
    SourceHarvestCount: 0,
    SourcePackageCount: p.sourcePackageLabels.length,
    SourceHarvestNames: null,
    SourcePackageLabels: sourceLabels(p),
    LocationId: null,
    LocationName: null,
    Quantity: p.quantity,
    UnitOfMeasureName: p.unitOfMeasureName,
    UnitOfMeasureAbbreviation: p.unitOfMeasureName === 'Grams' ? 'g' : p.unitOfMeasureName,
    PackagedDate: formatDate(p.packagedAt, 'dateOnly', c),
    InitialLabTestingState: p.initialLabTestingState,
    LabTestingState: p.labTestingState,
    LabTestingStateDate: formatDate(p.labTestingStateAt, 'dateOnly', c),
    LabTestingPerformedDate: formatOptional(p.labTestingPerformedAt, 'utcOffset', c),
    LabTestResultExpirationDateTime: formatOptional(state.store.isReleased(p.id) ? expiry : null, 'localOffset', c),
    LabTestingRecordedDate: formatOptional(p.labTestingRecordedAt, 'zulu', c),
    IsProductionBatch: false,
    ProductionBatchNumber: p.productionBatchNumber,
    IsTradeSample: false,
    IsDonation: false,
    IsTestingSample: p.isTestingSample,
    ProductRequiresRemediation: false,
    ContainsRemediatedProduct: false,
    ReceivedDateTime: formatOptional(p.receivedAt, 'utcSevenDigits', c),
    ReceivedFromManifestNumber: p.receivedFromManifestNumber,
    ReceivedFromFacilityLicenseNumber: p.receivedFromLicense,
    ReceivedFromFacilityName: p.receivedFromLicense && state.facilityName(p.receivedFromLicense),
    IsOnHold: false,
    ArchivedDate: null,
    FinishedDate: null,
    LastModified: formatDate(p.lastModified, 'utcSevenDigits', c),
    Item: {
      Id: 0,
      Name: p.itemName,
      ProductCategoryName: p.itemCategoryName,
      ProductCategoryType: enumValue('ProductCategoryType', ITEM_CATEGORIES[p.itemCategoryName] ?? 'Other', p.id, c.enumStyle),
      QuantityType: enumValue('QuantityType', 'WeightBased', p.id + 1, c.enumStyle),
      ApprovalStatusDateTime: formatOptional(null, 'utcOffset', c, true),
      LabTestBatchNames: p.requiredLabTestBatches,
    },
  };
}

/** One row per test type of each result, the package-level OverallPassed repeated on every row. */
export function resultRows(state: SimulatorState, p: Package) {
  const c = state.config;
  const overall = state.store.overallPassed(p.id);
  return state.store.resultsOf(p.id).flatMap((r: LabTestResult) =>
    r.details.map((d) => {
      const type = state.labTestTypes.find((t) => t.Name === d.typeName);
      const expiresAt = type?.LabTestResultExpirationDays ? r.resultDate + type.LabTestResultExpirationDays * 24 * 3600_000 : null;
      return {
        PackageId: p.id,
        LabTestResultId: r.id,
        LabFacilityLicenseNumber: r.license,
        LabFacilityName: state.facilityName(r.license),
        SourcePackageLabel: sourceLabels(p) ?? p.label,
        ProductName: p.itemName,
        ProductCategoryName: p.itemCategoryName,
        TestPerformedDate: formatDate(r.resultDate, 'utcDateOnly', c),
        OverallPassed: overall,
        RevokedDate: null,
        LabTestResultDocumentFileId: r.documentFileId,
        ResultReleased: r.releasedAt !== null,
        ResultReleaseDateTime: formatOptional(r.releasedAt, 'localOffset', c),
        ExpirationDateTime: formatOptional(expiresAt, 'utcOffset', c, true),
        TestTypeName: d.typeName,
        TestPassed: d.passed || d.alwaysPasses,
        TestResultLevel: d.quantity,
        TestComment: d.notes,
        TestInformationalOnly: d.informationalOnly,
        LabTestDetailRevokedDate: null,
      };
    }),
  );
}

export function labTestTypeView(state: SimulatorState, t: LabTestType, row: number) {
  const style = state.config.enumStyle;
  return {
    ...t,
    LabTestResultMode: enumValue('LabTestResultMode', t.LabTestResultMode, row, style),
    DependencyMode: enumValue('DependencyMode', t.DependencyMode, row, style),
  };
}

export function batchView(state: SimulatorState, b: LabTestBatch, row: number) {
  const style = state.config.enumStyle;
  const types = b.typeNames.map((name) => state.labTestTypes.find((t) => t.Name === name)).filter((t): t is LabTestType => t !== undefined);
  return {
    Id: b.Id,
    Name: b.Name,
    LabTestTypeCount: types.length,
    LabTestTypes: types.map((t, i) => labTestTypeView(state, t, i)),
    ItemCategoryCount: b.itemCategories.length,
    ItemCategories: b.itemCategories.map((name, i) => ({
      ProductCategoryId: `ProductCategory-${row + 1}-${i + 1}`,
      ProductCategory: {
        Name: name,
        ProductCategoryType: enumValue('ProductCategoryType', ITEM_CATEGORIES[name] ?? 'Other', i, style),
        QuantityType: enumValue('QuantityType', 'WeightBased', i + 1, style),
        LabTestBatchNames: [b.Name],
      },
      RequireLabTestBatch: true,
    })),
    RequiresAllFromLabTestBatch: true,
  };
}

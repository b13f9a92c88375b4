export interface Facility {
  license: string;
  name: string;
  facilityType: 'Laboratory' | 'Cultivator' | 'Processor' | 'Distributor';
}

export interface Transfer {
  id: number;
  deliveryId: number;
  manifestNumber: string;
  shipperLicense: string;
  recipientLicense: string;
  shipmentTypeName: string;
  createdAt: number;
  lastModified: number;
  estimatedDepartureAt: number;
  estimatedArrivalAt: number;
  receivedAt: number | null;
  packageIds: number[];
}

export type LabTestingState =
  | 'NotSubmitted'
  | 'SubmittedForTesting'
  | 'TestFailed'
  | 'TestPassed'
  | 'TestingInProgress'
  | 'AwaitingConfirmation'
  | 'RetestFailed'
  | 'RetestPassed'
  | 'Remediated'
  | 'SelectedForRandomTesting'
  | 'NotRequired'
  | 'ProcessValidated'
  | 'Decontaminated'
  | 'RandDCompleted';

export const LAB_TESTING_STATES: readonly LabTestingState[] = [
  'NotSubmitted',
  'SubmittedForTesting',
  'TestFailed',
  'TestPassed',
  'TestingInProgress',
  'AwaitingConfirmation',
  'RetestFailed',
  'RetestPassed',
  'Remediated',
  'SelectedForRandomTesting',
  'NotRequired',
  'ProcessValidated',
  'Decontaminated',
  'RandDCompleted',
];

export interface Package {
  id: number;
  label: string;
  /** The facility that holds it: the shipper until the lab receives it. */
  license: string;
  itemName: string;
  itemCategoryName: string;
  quantity: number;
  unitOfMeasureName: string;
  isTestingSample: boolean;
  sourcePackageLabels: string[];
  productionBatchNumber: string | null;
  requiredLabTestBatches: string[];
  initialLabTestingState: LabTestingState;
  labTestingState: LabTestingState;
  labTestingStateAt: number;
  labTestingPerformedAt: number | null;
  labTestingRecordedAt: number | null;
  packagedAt: number;
  lastModified: number;
  transferId: number | null;
  shipmentState: 'Shipped' | 'Accepted';
  shippedQuantity: number | null;
  receivedQuantity: number | null;
  receivedAt: number | null;
  receivedFromManifestNumber: string | null;
  receivedFromLicense: string | null;
  /** A release failed it once: the next release says Retest… (not shown by Metrc itself). */
  everFailed: boolean;
}

export interface ResultDetail {
  typeName: string;
  informationalOnly: boolean;
  alwaysPasses: boolean;
  quantity: number;
  passed: boolean;
  notes: string;
}

/** One item of a `record` call: a package's results of one date, with at most one COA. */
export interface LabTestResult {
  id: number;
  packageId: number;
  label: string;
  license: string;
  resultDate: number;
  recordedAt: number;
  details: ResultDetail[];
  documentFileId: number | null;
  releasedAt: number | null;
}

export interface StoredDocument {
  fileId: number;
  labTestResultId: number;
  label: string;
  fileName: string;
  bytes: Buffer;
  uploadedAt: number;
}

export interface Release {
  label: string;
  at: number;
  /** false when every result was already released (a repeated PUT). */
  changed: boolean;
}

export interface NewPackage {
  label?: string;
  itemName?: string;
  itemCategoryName?: string;
  quantity?: number;
  unitOfMeasureName?: string;
  sourcePackageLabels?: string[];
  requiredLabTestBatches?: string[];
  productionBatchNumber?: string | null;
}

export interface NewTransfer {
  shipperLicense: string;
  recipientLicense: string;
  manifestNumber?: string;
  shipmentTypeName?: string;
  lastModified?: number;
  packages: NewPackage[];
}

/** Everything the state system holds, in memory; ids count up from fixed starts so answers are predictable. */
export class Store {
  readonly facilities = new Map<string, Facility>();
  readonly transfers = new Map<number, Transfer>();
  readonly packages = new Map<number, Package>();
  readonly results = new Map<number, LabTestResult>();
  readonly documents = new Map<number, StoredDocument>();
  /** Items stored by `record`, per package label: a second one means a doubled post. */
  readonly recordPostsByLabel = new Map<string, number>();
  /** Items `record` refused, per package label. */
  readonly refusedRecordPostsByLabel = new Map<string, number>();
  releases: Release[] = [];
  private readonly byLabel = new Map<string, number>();
  private seq = { transfer: 0, package: 0, result: 0, file: 0, label: 0 };

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.facilities.clear();
    this.transfers.clear();
    this.packages.clear();
    this.results.clear();
    this.documents.clear();
    this.recordPostsByLabel.clear();
    this.refusedRecordPostsByLabel.clear();
    this.releases = [];
    this.byLabel.clear();
    this.seq = { transfer: 0, package: 0, result: 0, file: 0, label: 0 };
  }

  addFacility(facility: Facility): void {
    if (!this.facilities.has(facility.license)) this.facilities.set(facility.license, facility);
  }

  packageByLabel(label: string): Package | undefined {
    const id = this.byLabel.get(label);
    return id === undefined ? undefined : this.packages.get(id);
  }

  /** A fresh 24-character label in Metrc's usual `1A4…` form (clients must not rely on the prefix). */
  nextLabel(): string {
    let label: string;
    do label = `1A4060300${String(++this.seq.label).padStart(15, '0')}`;
    while (this.byLabel.has(label));
    return label;
  }

  private addPackage(p: Omit<Package, 'id'>): Package {
    const pkg: Package = { id: 100_000 + ++this.seq.package, ...p };
    this.packages.set(pkg.id, pkg);
    this.byLabel.set(pkg.label, pkg.id);
    return pkg;
  }

  /** A source lot the shipper sampled; created on first mention so a test can name any label. */
  private sourcePackage(label: string, shipperLicense: string, at: number): Package {
    const existing = this.packageByLabel(label);
    if (existing) {
      existing.labTestingState = 'SubmittedForTesting';
      existing.labTestingStateAt = at;
      existing.lastModified = at;
      return existing;
    }
    return this.addPackage({
      label,
      license: shipperLicense,
      itemName: 'Source lot',
      itemCategoryName: 'Flower',
      quantity: 1000,
      unitOfMeasureName: 'Grams',
      isTestingSample: false,
      sourcePackageLabels: [],
      productionBatchNumber: null,
      requiredLabTestBatches: [],
      initialLabTestingState: 'NotSubmitted',
      labTestingState: 'SubmittedForTesting',
      labTestingStateAt: at,
      labTestingPerformedAt: null,
      labTestingRecordedAt: null,
      packagedAt: at,
      lastModified: at,
      transferId: null,
      shipmentState: 'Accepted',
      shippedQuantity: null,
      receivedQuantity: null,
      receivedAt: null,
      receivedFromManifestNumber: null,
      receivedFromLicense: null,
      everFailed: false,
    });
  }

  createTransfer(spec: NewTransfer): { transfer: Transfer; packages: Package[] } {
    const at = spec.lastModified ?? this.now();
    const id = 1000 + ++this.seq.transfer;
    const manifestNumber = spec.manifestNumber ?? String(id).padStart(10, '0');
    const packages = spec.packages.map((p) => {
      for (const source of p.sourcePackageLabels ?? []) this.sourcePackage(source, spec.shipperLicense, at);
      return this.addPackage({
        label: p.label ?? this.nextLabel(),
        license: spec.shipperLicense,
        itemName: p.itemName ?? 'Flower test sample',
        itemCategoryName: p.itemCategoryName ?? 'Flower',
        quantity: p.quantity ?? 7,
        unitOfMeasureName: p.unitOfMeasureName ?? 'Grams',
        isTestingSample: true,
        sourcePackageLabels: p.sourcePackageLabels ?? [],
        productionBatchNumber: p.productionBatchNumber ?? null,
        requiredLabTestBatches: p.requiredLabTestBatches ?? [],
        initialLabTestingState: 'SubmittedForTesting',
        labTestingState: 'SubmittedForTesting',
        labTestingStateAt: at,
        labTestingPerformedAt: null,
        labTestingRecordedAt: null,
        packagedAt: at,
        lastModified: at,
        transferId: id,
        shipmentState: 'Shipped',
        shippedQuantity: p.quantity ?? 7,
        receivedQuantity: null,
        receivedAt: null,
        receivedFromManifestNumber: null,
        receivedFromLicense: null,
        everFailed: false,
      });
    });
    const transfer: Transfer = {
      id,
      deliveryId: 2000 + this.seq.transfer,
      manifestNumber,
      shipperLicense: spec.shipperLicense,
      recipientLicense: spec.recipientLicense,
      shipmentTypeName: spec.shipmentTypeName ?? 'Lab Sample Transfer',
      createdAt: at,
      lastModified: at,
      estimatedDepartureAt: at,
      estimatedArrivalAt: at + 2 * 3600_000,
      receivedAt: null,
      packageIds: packages.map((p) => p.id),
    };
    this.transfers.set(id, transfer);
    return { transfer, packages };
  }

  transferByDelivery(deliveryId: number): Transfer | undefined {
    return [...this.transfers.values()].find((t) => t.deliveryId === deliveryId);
  }

  /** The lab takes the packages in (what the Metrc UI does; there is no API for it). False if already received. */
  receive(transfer: Transfer, at = this.now()): boolean {
    if (transfer.receivedAt !== null) return false;
    transfer.receivedAt = at;
    transfer.lastModified = at;
    for (const id of transfer.packageIds) {
      const p = this.packages.get(id)!;
      p.license = transfer.recipientLicense;
      p.shipmentState = 'Accepted';
      p.receivedQuantity = p.shippedQuantity;
      p.receivedAt = at;
      p.receivedFromManifestNumber = transfer.manifestNumber;
      p.receivedFromLicense = transfer.shipperLicense;
      p.lastModified = at;
    }
    return true;
  }

  resultsOf(packageId: number): LabTestResult[] {
    return [...this.results.values()].filter((r) => r.packageId === packageId);
  }

  typesRecorded(packageId: number): Set<string> {
    return new Set(this.resultsOf(packageId).flatMap((r) => r.details.map((d) => d.typeName)));
  }

  isReleased(packageId: number): boolean {
    return this.resultsOf(packageId).some((r) => r.releasedAt !== null);
  }

  /** Every result that counts passed; informational and always-passing types do not count against it. */
  overallPassed(packageId: number): boolean {
    return this.resultsOf(packageId).every((r) => r.details.every((d) => d.passed || d.informationalOnly || d.alwaysPasses));
  }

  addResult(pkg: Package, resultDate: number, details: ResultDetail[], document: { fileName: string; bytes: Buffer } | null): LabTestResult {
    const at = this.now();
    const result: LabTestResult = {
      id: 50_000 + ++this.seq.result,
      packageId: pkg.id,
      label: pkg.label,
      license: pkg.license,
      resultDate,
      recordedAt: at,
      details,
      documentFileId: null,
      releasedAt: null,
    };
    this.results.set(result.id, result);
    if (document) this.attachDocument(result, document.fileName, document.bytes);
    pkg.labTestingState = 'TestingInProgress';
    pkg.labTestingStateAt = at;
    pkg.labTestingPerformedAt = resultDate;
    pkg.labTestingRecordedAt = at;
    pkg.lastModified = at;
    this.recordPostsByLabel.set(pkg.label, (this.recordPostsByLabel.get(pkg.label) ?? 0) + 1);
    return result;
  }

  attachDocument(result: LabTestResult, fileName: string, bytes: Buffer): StoredDocument {
    const doc: StoredDocument = { fileId: 70_000 + ++this.seq.file, labTestResultId: result.id, label: result.label, fileName, bytes, uploadedAt: this.now() };
    this.documents.set(doc.fileId, doc);
    result.documentFileId = doc.fileId;
    return doc;
  }

  refused(label: string): void {
    this.refusedRecordPostsByLabel.set(label, (this.refusedRecordPostsByLabel.get(label) ?? 0) + 1);
  }

  /**
   * Releases the package's unreleased results and pushes TestPassed/TestFailed to it and to its source lots
   * (Retest… on a lot that had failed before).
   */
  release(pkg: Package): Release {
    const at = this.now();
    const pending = this.resultsOf(pkg.id).filter((r) => r.releasedAt === null);
    for (const r of pending) r.releasedAt = at;
    const release: Release = { label: pkg.label, at, changed: pending.length > 0 };
    this.releases.push(release);
    if (!release.changed) return release;
    const passed = this.overallPassed(pkg.id);
    for (const target of [pkg, ...pkg.sourcePackageLabels.map((l) => this.packageByLabel(l))]) {
      if (!target) continue;
      const retest = target.everFailed;
      if (!passed) target.everFailed = true;
      target.labTestingState = passed ? (retest ? 'RetestPassed' : 'TestPassed') : retest ? 'RetestFailed' : 'TestFailed';
      target.labTestingStateAt = at;
      target.lastModified = at;
    }
    return release;
  }
}

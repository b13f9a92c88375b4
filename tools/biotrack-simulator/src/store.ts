import { conflict, notFound, SimError } from './errors';
import { AcceptBody, AmendBody, ReportedCategory, ResultBody, ResultLookupQuery } from './lab-schemas';
import { SampleStatus, TestStatus } from './vocabularies';

export interface SeedSample {
  sampleId: string;
  parentInventoryIds: string[];
  manifestId: string;
  senderLicense: string;
  productType: string;
  name: string;
  quantity: string;
  uom: string;
  createdAt?: string;
}

export interface SampleRecord extends Required<SeedSample> {
  labLicense: string;
  status: SampleStatus;
  receivedQuantity: string | null;
  receivedUom: string | null;
  receivedAt: string | null;
  rejectionReason: string | null;
  decidedAt: string | null;
}

export interface ResultVersion {
  version: number;
  externalId: string;
  testedAt: string;
  overall: TestStatus;
  categories: ReportedCategory[];
  /** Why this version replaced the one before; null on the first post. */
  reason: string | null;
  recordedAt: string;
}

export interface StoredDocument {
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  bytes: Buffer;
}

export interface ResultRecord {
  resultId: string;
  sampleId: string;
  labLicense: string;
  status: 'active' | 'void';
  current: ResultVersion;
  /** Earlier versions, oldest first. */
  history: ResultVersion[];
  createdAt: string;
  updatedAt: string;
  voidReason: string | null;
  voidedAt: string | null;
  document: StoredDocument | null;
}

export type LabStatus = 'untested' | 'passed' | 'failed';

const LAB_STATUS: Record<TestStatus, LabStatus> = { pass: 'passed', fail: 'failed', na: 'untested' };

/** Result ids keep counting across resets so a client never sees one id mean two results. */
let resultSeq = 0;
const nextResultId = () => String(5100000000000000 + ++resultSeq);

/** The simulated state system's data: samples sent to labs, posted results, and post counts. */
export class Store {
  readonly samples = new Map<string, SampleRecord>();
  readonly results = new Map<string, ResultRecord>();
  /** Accepted POST /v1/lab/results per parent inventory id (amendments counted apart). */
  readonly postsByInventoryId = new Map<string, number>();
  readonly amendsByInventoryId = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  reset(): void {
    this.samples.clear();
    this.results.clear();
    this.postsByInventoryId.clear();
    this.amendsByInventoryId.clear();
  }

  /** Seeding an id again refreshes what the sender declared and keeps the lab's decision on it. */
  seed(labLicense: string, samples: SeedSample[]): string[] {
    for (const s of samples) {
      const existing = this.samples.get(s.sampleId);
      this.samples.set(s.sampleId, {
        status: 'pending',
        receivedQuantity: null,
        receivedUom: null,
        receivedAt: null,
        rejectionReason: null,
        decidedAt: null,
        ...existing,
        ...s,
        parentInventoryIds: [...s.parentInventoryIds],
        createdAt: s.createdAt ?? existing?.createdAt ?? this.iso(),
        labLicense,
      });
    }
    return samples.map((s) => s.sampleId);
  }

  samplesFor(labLicense: string, status?: SampleStatus): SampleRecord[] {
    return [...this.samples.values()]
      .filter((s) => s.labLicense === labLicense && (!status || s.status === status))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Another lab's sample is as unknown to the caller as one that does not exist. */
  sampleFor(labLicense: string, sampleId: string): SampleRecord {
    const sample = this.samples.get(sampleId);
    if (!sample || sample.labLicense !== labLicense) throw notFound(`sample ${sampleId}`);
    return sample;
  }

  accept(labLicense: string, sampleId: string, body: AcceptBody): SampleRecord {
    const sample = this.pendingSample(labLicense, sampleId);
    Object.assign(sample, {
      status: 'accepted',
      receivedQuantity: body.receivedQuantity,
      receivedUom: body.uom,
      receivedAt: body.receivedAt,
      decidedAt: this.iso(),
    });
    return sample;
  }

  reject(labLicense: string, sampleId: string, reason: string): SampleRecord {
    const sample = this.pendingSample(labLicense, sampleId);
    Object.assign(sample, { status: 'rejected', rejectionReason: reason, decidedAt: this.iso() });
    return sample;
  }

  private pendingSample(labLicense: string, sampleId: string): SampleRecord {
    const sample = this.sampleFor(labLicense, sampleId);
    if (sample.status !== 'pending') throw conflict(`sample ${sampleId} is already ${sample.status}`);
    return sample;
  }

  /** `allowDuplicate` is asked only when the externalId was already used (the accept_duplicates fault). */
  postResult(labLicense: string, body: ResultBody, allowDuplicate: () => boolean): ResultRecord {
    this.refuseDuplicate(labLicense, body.externalId, allowDuplicate);
    const sample = this.sampleFor(labLicense, body.sampleId);
    if (sample.status !== 'accepted') throw conflict(`sample ${sample.sampleId} is ${sample.status}; results need an accepted sample`);
    const at = this.iso();
    const record: ResultRecord = {
      resultId: nextResultId(),
      sampleId: sample.sampleId,
      labLicense,
      status: 'active',
      current: {
        version: 1,
        externalId: body.externalId,
        testedAt: body.testedAt,
        overall: body.overall,
        categories: body.categories,
        reason: null,
        recordedAt: at,
      },
      history: [],
      createdAt: at,
      updatedAt: at,
      voidReason: null,
      voidedAt: null,
      document: null,
    };
    this.results.set(record.resultId, record);
    bump(this.postsByInventoryId, sample.parentInventoryIds);
    return record;
  }

  resultFor(labLicense: string, resultId: string): ResultRecord {
    const result = this.results.get(resultId);
    if (!result || result.labLicense !== labLicense) throw notFound(`result ${resultId}`);
    return result;
  }

  amend(labLicense: string, resultId: string, body: AmendBody, allowDuplicate: () => boolean): ResultRecord {
    const result = this.activeResult(labLicense, resultId);
    this.refuseDuplicate(labLicense, body.externalId, allowDuplicate);
    const at = this.iso();
    result.history.push(result.current);
    result.current = {
      version: result.current.version + 1,
      externalId: body.externalId,
      testedAt: result.current.testedAt,
      overall: body.overall,
      categories: body.categories,
      reason: body.reason,
      recordedAt: at,
    };
    result.updatedAt = at;
    bump(this.amendsByInventoryId, this.samples.get(result.sampleId)?.parentInventoryIds ?? []);
    return result;
  }

  voidResult(labLicense: string, resultId: string, reason: string): ResultRecord {
    const result = this.activeResult(labLicense, resultId);
    const at = this.iso();
    Object.assign(result, { status: 'void', voidReason: reason, voidedAt: at, updatedAt: at });
    return result;
  }

  attachDocument(labLicense: string, resultId: string, doc: Omit<StoredDocument, 'uploadedAt'>): ResultRecord {
    const result = this.activeResult(labLicense, resultId);
    result.document = { ...doc, uploadedAt: this.iso() };
    result.updatedAt = result.document.uploadedAt;
    return result;
  }

  private activeResult(labLicense: string, resultId: string): ResultRecord {
    const result = this.resultFor(labLicense, resultId);
    if (result.status === 'void') throw conflict(`result ${resultId} is void`);
    return result;
  }

  lookup(labLicense: string, query: ResultLookupQuery): ResultRecord[] {
    return [...this.results.values()].filter(
      (r) => r.labLicense === labLicense && ('sampleId' in query ? r.sampleId === query.sampleId : externalIdsOf(r).includes(query.externalId)),
    );
  }

  /** Results touching an inventory id, whether it is a sampled lot or the sample's own tag. */
  resultsForInventory(inventoryId: string): ResultRecord[] {
    return [...this.results.values()].filter((r) => {
      const sample = this.samples.get(r.sampleId);
      return r.sampleId === inventoryId || !!sample?.parentInventoryIds.includes(inventoryId);
    });
  }

  /** The latest result that is not void decides; a lot nobody reported on is untested. */
  inventory(inventoryId: string) {
    const holders = [...this.samples.values()].filter((s) => s.sampleId === inventoryId || s.parentInventoryIds.includes(inventoryId));
    if (!holders.length) throw notFound(`inventory ${inventoryId}`);
    const latest = this.resultsForInventory(inventoryId)
      .filter((r) => r.status === 'active')
      .pop();
    const source = holders[holders.length - 1];
    return {
      inventoryId,
      licenseNumber: source.senderLicense,
      productType: source.productType,
      name: source.name,
      labStatus: latest ? LAB_STATUS[latest.current.overall] : ('untested' as LabStatus),
      labResultId: latest?.resultId ?? null,
      labStatusUpdatedAt: latest?.updatedAt ?? null,
    };
  }

  private refuseDuplicate(labLicense: string, externalId: string, allowDuplicate: () => boolean): void {
    const earlier = [...this.results.values()].find((r) => r.labLicense === labLicense && externalIdsOf(r).includes(externalId));
    if (earlier && !allowDuplicate()) {
      throw new SimError(409, 'duplicate', `externalId ${externalId} was already posted as result ${earlier.resultId}`, undefined, {
        resultId: earlier.resultId,
      });
    }
  }
}

export const externalIdsOf = (r: ResultRecord) => [...r.history.map((v) => v.externalId), r.current.externalId];

function bump(counts: Map<string, number>, ids: string[]): void {
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
}

export function sampleView(s: SampleRecord) {
  const { sampleId, parentInventoryIds, manifestId, senderLicense, productType, name, quantity, uom, status, createdAt } = s;
  return { sampleId, parentInventoryIds, manifestId, senderLicense, productType, name, quantity, uom, status, createdAt };
}

export function resultView(r: ResultRecord) {
  const { bytes: _bytes, ...document } = r.document ?? { bytes: null };
  return {
    resultId: r.resultId,
    externalId: r.current.externalId,
    sampleId: r.sampleId,
    testedAt: r.current.testedAt,
    overall: r.current.overall,
    categories: r.current.categories,
    status: r.status,
    version: r.current.version,
    amendReason: r.current.reason,
    history: r.history,
    voidReason: r.voidReason,
    voidedAt: r.voidedAt,
    document: r.document ? document : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

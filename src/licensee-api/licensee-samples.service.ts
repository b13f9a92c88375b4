import { Injectable } from '@nestjs/common';
import { CoaService } from '../certificates/coa/coa.service';
import { TtlCache } from '../common/ttl-cache';
import { ResultsService } from '../results/results.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { SampleError, SampleErrorCode } from '../samples/samples.errors';
import { SamplesService } from '../samples/samples.service';
import { OutboxService } from '../traceability/outbox/outbox.service';
import { LicenseeSampleDto, LicenseeSamplePageDto } from './licensee-sample.dto';
import { SampleVersionFeed } from './poll/sample-version-feed';
import { ResolvedSample } from './poll/sample-version-map';

/** A sample's body for one row version: the object, and the exact JSON bytes Express would send for it. */
export interface SampleBody {
  dto: LicenseeSampleDto;
  json: Buffer;
}

/** The answer to `GET /v1/licensee/samples/:inventoryId`: 304 (no body) or 200 with the body, under `etag`. */
export type PollAnswer = { etag: string; notModified: true } | { etag: string; notModified: false; body: SampleBody };

/** What a licensee's system may see of its own samples: status always, results once released. */
@Injectable()
export class LicenseeSamplesService {
  private readonly bodies = new TtlCache<string, SampleBody>(10 * 60_000, 5_000);
  /** Bodies being built, so that many pollers missing on one new version build it once. */
  private readonly building = new Map<string, Promise<SampleBody>>();

  constructor(
    private readonly samples: SamplesService,
    private readonly results: ResultsService,
    private readonly coa: CoaService,
    private readonly outbox: OutboxService,
    private readonly versions: SampleVersionFeed,
  ) {}

  /**
   * A status poll. The current version comes from this process's version map when it is listening
   * (no database round trip), else from the sample's row; a 304 needs nothing more. A 200 reuses the
   * body built once per version. Throws SAMPLE_NOT_FOUND for another license's or an unknown id.
   */
  async poll(licenseeId: string, inventoryId: string, ifNoneMatch: string | undefined): Promise<PollAnswer> {
    const map = this.versions.map;
    let current: ResolvedSample | undefined = map.resolve(licenseeId, inventoryId);
    let sample: SampleEntity | undefined;
    if (!current) {
      const epoch = map.begin();
      sample = await this.findOwnSample(licenseeId, inventoryId);
      current = { sampleId: sample.id, version: sample.rowVersion };
      map.remember(licenseeId, inventoryId, current, epoch);
    }
    const known = this.answerWithoutReading(current, ifNoneMatch);
    if (known) return known;
    // The row read now may be newer than the map's version: the answer is then that newer one.
    sample ??= await this.samples.getSample(current.sampleId);
    if (sample.licenseeId !== licenseeId) throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `No sample ${inventoryId} for your license`);
    return { etag: LicenseeSamplesService.etagOf(sample), notModified: false, body: await this.bodyOf(sample) };
  }

  /**
   * `poll`'s answer when this process has it in memory (the version map knows the sample, and the tag
   * matches or the version's body is built), else undefined: then `poll` must be asked. Synchronous,
   * for the fast path's hit (no promise, no read).
   */
  pollFromMemory(licenseeId: string, inventoryId: string, ifNoneMatch: string | undefined): PollAnswer | undefined {
    const current = this.versions.map.resolve(licenseeId, inventoryId);
    return current && this.answerWithoutReading(current, ifNoneMatch);
  }

  /** 304 for a matching tag, else 200 with the body already built for the version; undefined when the body must be built. */
  private answerWithoutReading(current: ResolvedSample, ifNoneMatch: string | undefined): PollAnswer | undefined {
    const etag = LicenseeSamplesService.etagOf({ id: current.sampleId, rowVersion: current.version });
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag)) return { etag, notModified: true };
    const cached = this.bodies.get(etag);
    return cached ? { etag, notModified: false, body: cached } : undefined;
  }

  /** One indexed row: enough to answer a conditional request without building the body. */
  async findOwnSample(licenseeId: string, inventoryId: string): Promise<SampleEntity> {
    const sample = await this.samples.findForLicensee(licenseeId, inventoryId);
    if (!sample) throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `No sample ${inventoryId} for your license`);
    return sample;
  }

  /** A strong tag from the row's version: every change to the sample or its results bumps it. */
  static etagOf(sample: Pick<SampleEntity, 'id' | 'rowVersion'>): string {
    return `"${sample.id}.${sample.rowVersion}"`;
  }

  /**
   * The body for one row version. The tag changes with every change to the sample, its results and
   * its report status, so a body cached under its tag is never stale.
   */
  async describe(sample: SampleEntity): Promise<LicenseeSampleDto> {
    return (await this.bodyOf(sample)).dto;
  }

  private bodyOf(sample: SampleEntity): Promise<SampleBody> {
    const etag = LicenseeSamplesService.etagOf(sample);
    const cached = this.bodies.get(etag);
    if (cached) return Promise.resolve(cached);
    let pending = this.building.get(etag);
    if (!pending) {
      pending = this.build(sample).then(
        (dto) => {
          const body = { dto, json: Buffer.from(JSON.stringify(dto)) };
          this.bodies.set(etag, body);
          this.building.delete(etag);
          return body;
        },
        (e: unknown) => {
          this.building.delete(etag);
          throw e;
        },
      );
      this.building.set(etag, pending);
    }
    return pending;
  }

  private async build(sample: SampleEntity): Promise<LicenseeSampleDto> {
    const released = sample.status === 'released' && sample.coaVersion !== null;
    const results = released ? await this.results.getResults(sample.id, sample.coaVersion!) : null;
    return {
      inventoryId: sample.sampleInventoryId,
      sampledInventoryIds: sample.inventoryIds,
      labCode: sample.labCode,
      productType: sample.productType,
      name: sample.name,
      status: sample.status,
      // A partial certificate is shown as incomplete: only a clean pass reads as pass.
      overall: results ? (results.status === 'fail' ? 'fail' : results.status === 'pass' ? 'pass' : 'incomplete') : null,
      categories: results ? results.groups.map((g) => ({ group: g.group, status: g.status })) : [],
      receivedAt: sample.receivedAt?.toISOString() ?? null,
      releasedAt: sample.releasedAt?.toISOString() ?? null,
      coaVersion: sample.coaVersion,
      coaUrl: released ? `/v1/licensee/samples/${sample.sampleInventoryId}/coa` : null,
      stateReport: released ? await this.outbox.reportStatusFor(sample.id) : null,
      updatedAt: sample.updatedAt.toISOString(),
    };
  }

  async changedSince(licenseeId: string, updatedSince: string | undefined, cursor: string | undefined, limit: number): Promise<LicenseeSamplePageDto> {
    const page = await this.samples.changedSince(licenseeId, updatedSince, cursor, limit);
    return { items: await Promise.all(page.samples.map((s) => this.describe(s))), nextCursor: page.nextCursor };
  }

  async certificate(sample: SampleEntity) {
    if (sample.status !== 'released') throw new SampleError(SampleErrorCode.SAMPLE_NOT_FOUND, `Sample ${sample.sampleInventoryId} has no released COA yet`);
    return this.coa.certificatePdf(sample.id);
  }
}

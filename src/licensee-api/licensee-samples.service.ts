import { Injectable } from '@nestjs/common';
import { CoaService } from '../certificates/coa/coa.service';
import { TtlCache } from '../common/ttl-cache';
import { ResultsService } from '../results/results.service';
import type { SampleEntity } from '../samples/entities/sample.entity';
import { SampleError, SampleErrorCode } from '../samples/samples.errors';
import { SamplesService } from '../samples/samples.service';
import { OutboxService } from '../traceability/outbox/outbox.service';
import { LicenseeSampleDto, LicenseeSamplePageDto } from './licensee-sample.dto';

/** What a licensee's system may see of its own samples: status always, results once released. */
@Injectable()
export class LicenseeSamplesService {
  private readonly bodies = new TtlCache<string, LicenseeSampleDto>(10 * 60_000, 5_000);

  constructor(
    private readonly samples: SamplesService,
    private readonly results: ResultsService,
    private readonly coa: CoaService,
    private readonly outbox: OutboxService,
  ) {}

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
    const etag = LicenseeSamplesService.etagOf(sample);
    const cached = this.bodies.get(etag);
    if (cached) return cached;
    const body = await this.build(sample);
    this.bodies.set(etag, body);
    return body;
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

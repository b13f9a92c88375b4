import { Injectable } from '@nestjs/common';
import { SamplesService } from '../samples/samples.service';
import type { DeliveryHooks } from '../traceability/delivery-hooks';
import { WebhooksService } from '../webhooks/webhooks.service';
import { CoaService } from './coa/coa.service';

/**
 * What delivery to the state needs from the lab's side: the COA it attaches, and telling licensees
 * when a report's status changes (a new sample version for their ETags and `updatedSince` polls, and
 * the `sample.reported` webhook once it is delivered). Bound to DELIVERY_HOOKS at the composition root.
 */
@Injectable()
export class CertificateDeliveryHooks implements DeliveryHooks {
  constructor(
    private readonly coa: CoaService,
    private readonly samples: SamplesService,
    private readonly webhooks: WebhooksService,
  ) {}

  async certificatePdf(sampleId: string, coaVersion: number): Promise<Buffer> {
    return (await this.coa.certificatePdf(sampleId, coaVersion)).pdf;
  }

  async reportDelivered(sampleId: string, coaVersion: number): Promise<void> {
    const sample = await this.samples.touch(await this.samples.getSample(sampleId));
    await this.webhooks.publish('sample.reported', sample, { coaVersion });
  }

  async reportStatusChanged(sampleId: string): Promise<void> {
    await this.samples.touch(await this.samples.getSample(sampleId));
  }
}

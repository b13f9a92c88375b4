import { Logger } from '@nestjs/common';
import type { InboundStateSample } from '../traceability/traceability.adapter';
import { MAX_WINDOW_MS, MetrcClient } from './client/metrc.client';
import { isInbound, toInboundSample } from './metrc-intake.mapping';

export interface IntakeOptions {
  /** How far back the first pull after a start looks (intake is idempotent on manifest, so overlap is harmless). */
  lookbackHours: number;
  /** Each pull starts this long before the previous one ended, for clock skew between us and Metrc. */
  overlapMinutes: number;
  /** The zone of Metrc times without an offset (CreatedDateTime) [I]. */
  timeZone?: string;
}

/**
 * Incoming transfers, polled window by window (Metrc caps `lastModified` ranges at 24 hours) from a
 * cursor held in this process, followed to their deliveries and packages: one sample per package.
 * The cursor only moves past windows that were read whole.
 */
export class MetrcIntake {
  private readonly logger = new Logger(MetrcIntake.name);
  private cursor: Date | null = null;

  constructor(
    private readonly client: MetrcClient,
    private readonly options: IntakeOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get pulledThrough(): Date | null {
    return this.cursor;
  }

  async pull(): Promise<InboundStateSample[]> {
    // Metrc is sent whole seconds: the range is widened to them, so a change in the last second is not missed.
    const end = new Date(Math.ceil(this.now().getTime() / 1000) * 1000);
    const start = this.cursor ? this.cursor.getTime() - this.options.overlapMinutes * 60_000 : end.getTime() - this.options.lookbackHours * 3600_000;
    let from = new Date(Math.floor(start / 1000) * 1000);
    const samples = new Map<string, InboundStateSample>();
    const seenDeliveries = new Set<number>();
    while (from < end) {
      const to = new Date(Math.min(from.getTime() + MAX_WINDOW_MS, end.getTime()));
      for (const transfer of await this.client.listIncomingTransfers(from, to)) {
        if (transfer.IsVoided) continue;
        const deliveryIds = transfer.DeliveryId ? [transfer.DeliveryId] : (await this.client.listDeliveries(transfer.Id)).map((d) => d.Id);
        for (const deliveryId of deliveryIds) {
          if (seenDeliveries.has(deliveryId)) continue;
          seenDeliveries.add(deliveryId);
          for (const p of await this.client.listDeliveryPackages(deliveryId)) {
            if (isInbound(p)) samples.set(p.PackageLabel, toInboundSample(transfer, p, this.options.timeZone));
          }
        }
      }
      this.cursor = to;
      from = to;
    }
    this.logger.debug(`pulled ${samples.size} inbound package(s) through ${end.toISOString()}`);
    return [...samples.values()];
  }
}

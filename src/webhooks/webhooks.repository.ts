import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { WebhookDeliveryEntity, WebhookEndpointEntity, WebhookEventType } from './webhook.entities';

@Injectable()
export class WebhooksRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get endpoints() {
    return this.uow.manager.getRepository(WebhookEndpointEntity);
  }

  private get deliveries() {
    return this.uow.manager.getRepository(WebhookDeliveryEntity);
  }

  insertEndpoint(e: Pick<WebhookEndpointEntity, 'licenseeId' | 'url' | 'secret' | 'events'>): Promise<WebhookEndpointEntity> {
    return this.endpoints.save(this.endpoints.create(e));
  }

  endpointsOf(licenseeId: string): Promise<WebhookEndpointEntity[]> {
    return this.endpoints.find({ where: { licenseeId }, order: { createdAt: 'ASC' } });
  }

  findEndpoint(licenseeId: string, id: string): Promise<WebhookEndpointEntity | null> {
    return this.endpoints.findOneBy({ licenseeId, id });
  }

  saveEndpoint(e: WebhookEndpointEntity): Promise<WebhookEndpointEntity> {
    return this.endpoints.save(e);
  }

  /** Active endpoints of a licensee that subscribe to this event. */
  subscribers(licenseeId: string, type: WebhookEventType): Promise<WebhookEndpointEntity[]> {
    return this.endpoints.createQueryBuilder('e').where('e.licensee_id = :licenseeId AND e.active AND :type = ANY(e.events)', { licenseeId, type }).getMany();
  }

  async insertDeliveries(rows: Array<Pick<WebhookDeliveryEntity, 'endpointId' | 'eventId' | 'eventType' | 'payload'>>): Promise<void> {
    // jsonb payloads defeat TypeORM's deep-partial typing; the shape is the entity's.
    if (rows.length > 0) await this.deliveries.insert(rows.map((r) => ({ ...r, status: 'pending' as const, nextAttemptAt: new Date() })) as never);
  }

  deliveriesOf(endpointId: string, limit = 100): Promise<WebhookDeliveryEntity[]> {
    return this.deliveries.find({ where: { endpointId }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** Due deliveries with their endpoint's URL and secret, locked so two workers never send the same one. */
  async claimDue(limit: number): Promise<Array<WebhookDeliveryEntity & { url: string; secret: string }>> {
    const rows = await this.uow.query<Array<Record<string, unknown>>>(
      `SELECT d.id, d.event_id, d.event_type, d.payload, d.attempts, e.url, e.secret
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now()
        ORDER BY d.next_attempt_at
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED`,
      [limit],
    );
    return rows.map(
      (r) =>
        ({
          id: r.id,
          eventId: r.event_id,
          eventType: r.event_type,
          payload: r.payload,
          attempts: r.attempts,
          url: r.url,
          secret: r.secret,
        }) as WebhookDeliveryEntity & { url: string; secret: string },
    );
  }

  async recordAttempt(
    id: string,
    change: Partial<Pick<WebhookDeliveryEntity, 'status' | 'attempts' | 'lastStatus' | 'lastError' | 'nextAttemptAt' | 'deliveredAt'>>,
  ): Promise<void> {
    await this.deliveries.update({ id }, change);
  }
}

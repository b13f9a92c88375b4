import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { WebhookDeliveryEntity, WebhookDisabledReason, WebhookEndpointEntity, WebhookEventType } from './webhook.entities';

/** A delivery claimed for sending, with what the send needs of its endpoint. `attempts` already counts this one. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookEventType;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
}

/** An endpoint as a lab admin sees it: whose, and how its deliveries stand. */
export interface EndpointOverviewRow {
  id: string;
  licenseeId: string;
  licenseNumber: string;
  licenseeName: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: WebhookDisabledReason | null;
  createdByKeyPrefix: string | null;
  pending: number;
  dead: number;
  lastDeliveredAt: Date | null;
}

@Injectable()
export class WebhooksRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get endpoints() {
    return this.uow.manager.getRepository(WebhookEndpointEntity);
  }

  private get deliveries() {
    return this.uow.manager.getRepository(WebhookDeliveryEntity);
  }

  insertEndpoint(e: Pick<WebhookEndpointEntity, 'licenseeId' | 'url' | 'secret' | 'events' | 'createdByApiKeyId'>): Promise<WebhookEndpointEntity> {
    return this.endpoints.save(this.endpoints.create(e));
  }

  endpointsOf(licenseeId: string): Promise<WebhookEndpointEntity[]> {
    return this.endpoints.find({ where: { licenseeId }, order: { createdAt: 'ASC' } });
  }

  findEndpoint(licenseeId: string, id: string): Promise<WebhookEndpointEntity | null> {
    return this.endpoints.findOneBy({ licenseeId, id });
  }

  findEndpointById(id: string): Promise<WebhookEndpointEntity | null> {
    return this.endpoints.findOneBy({ id });
  }

  /**
   * In the caller's transaction: serialises registrations of one licensee (so the endpoint cap holds
   * under concurrent calls) and answers how many active endpoints it has and whether the registering
   * key is still live (revocation elsewhere may not have reached this process's key cache yet).
   */
  async lockForRegistration(licenseeId: string, apiKeyId: string): Promise<{ active: number; keyLive: boolean }> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints'), hashtext($1))`, [licenseeId]);
    const [row] = await this.uow.query<Array<{ active: number; key_live: boolean }>>(
      `SELECT (SELECT count(*)::int FROM webhook_endpoints WHERE licensee_id = $1 AND active) AS active,
              EXISTS (SELECT 1 FROM licensee_api_keys WHERE id = $2 AND licensee_id = $1 AND revoked_at IS NULL FOR SHARE) AS key_live`,
      [licenseeId, apiKeyId],
    );
    return { active: row.active, keyLive: row.key_live };
  }

  /** Turns endpoints off; pending deliveries to them are never sent (claimDue skips inactive endpoints). Returns the ids changed. */
  async disable(where: { id: string } | { apiKeyId: string }, reason: WebhookDisabledReason): Promise<string[]> {
    const [column, value] = 'id' in where ? ['id', where.id] : ['created_by_api_key_id', where.apiKeyId];
    const [rows] = await this.uow.query<[Array<{ id: string }>, number]>(
      `UPDATE webhook_endpoints SET active = false, disabled_at = now(), disabled_reason = $2 WHERE ${column} = $1 AND active RETURNING id`,
      [value, reason],
    );
    return rows.map((r) => r.id);
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

  /**
   * Claims due deliveries of active endpoints in one short statement (no transaction outlives it): at
   * most `perEndpoint` per endpoint so one endpoint's backlog cannot fill the batch, none for endpoints
   * in `busyEndpointIds` (this worker is still sending to them). A claim counts as an attempt and
   * leases the row for `leaseMs` by moving next_attempt_at; a second worker skips locked and leased
   * rows alike, and a worker that dies mid-send leaves the row to be retried when the lease runs out.
   */
  async claimDue(opts: { limit: number; perEndpoint: number; busyEndpointIds: string[]; leaseMs: number }): Promise<ClaimedDelivery[]> {
    const [rows] = await this.uow.query<[Array<Record<string, unknown>>, number]>(
      `WITH picked AS (
         SELECT d.id
           FROM webhook_endpoints e
           CROSS JOIN LATERAL (
             SELECT d.id, d.next_attempt_at
               FROM webhook_deliveries d
              WHERE d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= now()
              ORDER BY d.next_attempt_at
              LIMIT $2
                FOR UPDATE SKIP LOCKED
           ) d
          WHERE e.active AND NOT (e.id = ANY ($3::uuid[]))
          ORDER BY d.next_attempt_at
          LIMIT $1
       )
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $4)
         FROM picked, webhook_endpoints e
        WHERE d.id = picked.id AND e.id = d.endpoint_id
       RETURNING d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempts, e.url, e.secret`,
      [opts.limit, opts.perEndpoint, opts.busyEndpointIds, opts.leaseMs / 1000],
    );
    return rows.map((r) => ({
      id: r.id as string,
      endpointId: r.endpoint_id as string,
      eventId: r.event_id as string,
      eventType: r.event_type as WebhookEventType,
      payload: r.payload,
      attempts: r.attempts as number,
      url: r.url as string,
      secret: r.secret as string,
    }));
  }

  /** The outcome of one send. A delivered one is always recorded; a failure only while the row is still pending. */
  async recordAttempt(
    id: string,
    change: Pick<WebhookDeliveryEntity, 'status' | 'lastStatus' | 'lastError'> & Partial<Pick<WebhookDeliveryEntity, 'nextAttemptAt' | 'deliveredAt'>>,
  ): Promise<void> {
    await this.deliveries.update(change.status === 'delivered' ? { id } : { id, status: 'pending' }, change);
  }

  /** Every licensee's endpoints, newest first, with their delivery counts (admins). */
  async overview(filter: { licenseNumber?: string; active?: boolean; id?: string }): Promise<EndpointOverviewRow[]> {
    const rows = await this.uow.query<Array<Record<string, unknown>>>(
      `SELECT e.id, e.licensee_id, l.license_number, l.name AS licensee_name, e.url, e.events, e.active, e.created_at,
              e.disabled_at, e.disabled_reason, k.prefix AS key_prefix,
              (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending,
              (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'dead') AS dead,
              (SELECT max(d.delivered_at) FROM webhook_deliveries d WHERE d.endpoint_id = e.id) AS last_delivered_at
         FROM webhook_endpoints e
         JOIN licensees l ON l.id = e.licensee_id
         LEFT JOIN licensee_api_keys k ON k.id = e.created_by_api_key_id
        WHERE ($1::text IS NULL OR l.license_number = $1) AND ($2::boolean IS NULL OR e.active = $2) AND ($3::uuid IS NULL OR e.id = $3)
        ORDER BY e.created_at DESC, e.id
        LIMIT 1000`,
      [filter.licenseNumber ?? null, filter.active ?? null, filter.id ?? null],
    );
    return rows.map((r) => ({
      id: r.id as string,
      licenseeId: r.licensee_id as string,
      licenseNumber: r.license_number as string,
      licenseeName: r.licensee_name as string,
      url: r.url as string,
      events: r.events as WebhookEventType[],
      active: r.active as boolean,
      createdAt: r.created_at as Date,
      disabledAt: (r.disabled_at as Date | null) ?? null,
      disabledReason: (r.disabled_reason as WebhookDisabledReason | null) ?? null,
      createdByKeyPrefix: (r.key_prefix as string | null) ?? null,
      pending: r.pending as number,
      dead: r.dead as number,
      lastDeliveredAt: (r.last_delivered_at as Date | null) ?? null,
    }));
  }
}

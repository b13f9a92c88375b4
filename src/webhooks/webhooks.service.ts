import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { WEBHOOK_EVENTS, WebhookDeliveryEntity, WebhookDeliveryStatus, WebhookEndpointEntity, WebhookEventType } from './webhook.entities';
import { WebhookError, WebhookErrorCode } from './webhooks.errors';
import { WebhooksRepository } from './webhooks.repository';

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
}

/** A sample as an event announces it: enough to act on without a second call. */
export interface SampleEventData {
  inventoryId: string;
  sampledInventoryIds: string[];
  labCode: string | null;
  status: string;
  coaVersion?: number | null;
  overall?: string | null;
  coaUrl?: string | null;
}

/** The JSON body of every webhook request (a type, not an interface, so it fits the jsonb column's record). */
export type WebhookEventPayload = { id: string; type: WebhookEventType; occurredAt: string; data: SampleEventData };

/** One delivery as the endpoint's owner sees it in the log. */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** What an event needs of a sample (a SampleEntity fits). */
export interface EventSample {
  licenseeId: string;
  sampleInventoryId: string;
  inventoryIds: string[];
  labCode: string | null;
  status: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Licensees' webhooks: registration, and events written beside the change they announce. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** The secret is in this answer only; we keep it to sign, never show it again. */
  registerEndpoint(licenseeId: string, url: string, events: WebhookEventType[] | undefined, actor: Actor): Promise<WebhookEndpointView & { secret: string }> {
    this.checkUrl(url);
    return this.uow.run(async () => {
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const saved = await this.webhooks.insertEndpoint({ licenseeId, url, secret, events: events?.length ? [...new Set(events)] : [...WEBHOOK_EVENTS] });
      await this.audit.record({
        actor,
        action: 'webhook.registered',
        entityType: 'webhook_endpoint',
        entityId: saved.id,
        after: { url, events: saved.events },
      });
      return { ...toView(saved), secret };
    });
  }

  async listEndpoints(licenseeId: string): Promise<WebhookEndpointView[]> {
    return (await this.webhooks.endpointsOf(licenseeId)).map(toView);
  }

  disableEndpoint(licenseeId: string, id: string, actor: Actor): Promise<void> {
    return this.uow.run(async () => {
      const endpoint = await this.ownEndpoint(licenseeId, id);
      if (!endpoint.active) return;
      Object.assign(endpoint, { active: false, disabledAt: new Date() });
      await this.webhooks.saveEndpoint(endpoint);
      await this.audit.record({
        actor,
        action: 'webhook.disabled',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: { active: true },
        after: { active: false },
      });
    });
  }

  async deliveryLog(licenseeId: string, id: string): Promise<WebhookDeliveryView[]> {
    await this.ownEndpoint(licenseeId, id);
    return (await this.webhooks.deliveriesOf(id)).map((d: WebhookDeliveryEntity) => ({
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    }));
  }

  /**
   * Records an event about a sample for every subscribed endpoint of its licensee, in the caller's
   * transaction: if the change rolls back, so does its announcement. The worker sends it afterwards.
   */
  async publish(type: WebhookEventType, sample: EventSample, extra: Pick<SampleEventData, 'coaVersion' | 'overall' | 'coaUrl'> = {}): Promise<void> {
    if (!this.uow.inTransaction) throw new Error(`webhook ${type} published outside a transaction`);
    const data: SampleEventData = {
      inventoryId: sample.sampleInventoryId,
      sampledInventoryIds: sample.inventoryIds,
      labCode: sample.labCode,
      status: sample.status,
      ...extra,
    };
    const endpoints = await this.webhooks.subscribers(sample.licenseeId, type);
    if (endpoints.length === 0) return;
    const eventId = randomUUID();
    const payload: WebhookEventPayload = { id: eventId, type, occurredAt: new Date().toISOString(), data };
    await this.webhooks.insertDeliveries(endpoints.map((e) => ({ endpointId: e.id, eventId, eventType: type, payload })));
  }

  private async ownEndpoint(licenseeId: string, id: string): Promise<WebhookEndpointEntity> {
    const endpoint = await this.webhooks.findEndpoint(licenseeId, id);
    if (!endpoint) throw new WebhookError(WebhookErrorCode.ENDPOINT_NOT_FOUND, `No webhook endpoint ${id}`);
    return endpoint;
  }

  /** HTTPS only; plain HTTP to this machine is allowed outside production, for local receivers and tests. */
  private checkUrl(raw: string): void {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookError(WebhookErrorCode.INVALID_URL, 'url is not a valid URL', [{ field: 'url', message: 'must be an absolute https URL' }]);
    }
    const localHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname) && this.config.env !== 'production';
    if (url.protocol !== 'https:' && !localHttp)
      throw new WebhookError(WebhookErrorCode.INVALID_URL, 'Webhook URLs must use HTTPS', [{ field: 'url', message: 'must use https' }]);
    if (url.username || url.password)
      throw new WebhookError(WebhookErrorCode.INVALID_URL, 'url must not carry credentials', [{ field: 'url', message: 'must not contain user:password' }]);
  }
}

function toView(e: WebhookEndpointEntity): WebhookEndpointView {
  return { id: e.id, url: e.url, events: e.events, active: e.active, createdAt: e.createdAt.toISOString() };
}

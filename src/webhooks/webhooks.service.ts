import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { WebhookTargets } from './webhook-targets';
import {
  WEBHOOK_EVENTS,
  WebhookDeliveryEntity,
  WebhookDeliveryStatus,
  WebhookDisabledReason,
  WebhookEndpointEntity,
  WebhookEventType,
} from './webhook.entities';
import { WebhookError, WebhookErrorCode } from './webhooks.errors';
import { WebhooksRepository } from './webhooks.repository';

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
  /** Why it is off: 'licensee' (you disabled it), 'api_key_revoked' (the key that registered it was revoked), 'admin' (the lab). */
  disabledReason: WebhookDisabledReason | null;
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

type LicenseeActor = Extract<Actor, { type: 'licensee' }>;

/** Licensees' webhooks: registration, and events written beside the change they announce. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly targets: WebhookTargets,
  ) {}

  /**
   * The secret is in this answer only; we keep it to sign, never show it again. The URL is checked
   * (scheme, port, every resolved address public) before the transaction, the cap and the key inside it.
   */
  async registerEndpoint(url: string, events: WebhookEventType[] | undefined, actor: LicenseeActor): Promise<WebhookEndpointView & { secret: string }> {
    // What was checked is what is stored and later sent: the URL as the parser normalised it.
    const checked = await this.targets.check(this.targets.parse(url));
    const href = checked.url.href;
    const licenseeId = actor.id;
    return this.uow.run(async () => {
      const { active, keyLive } = await this.webhooks.lockForRegistration(licenseeId, actor.apiKeyId);
      if (!keyLive) throw new WebhookError(WebhookErrorCode.API_KEY_REVOKED, 'This API key has been revoked');
      const max = this.config.webhooks.maxEndpoints;
      if (active >= max) {
        const message = `A licensee may have at most ${max} active webhook endpoints; disable one before registering another`;
        throw new WebhookError(WebhookErrorCode.TOO_MANY_ENDPOINTS, message, { active, max });
      }
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const saved = await this.webhooks.insertEndpoint({
        licenseeId,
        url: href,
        secret,
        events: events?.length ? [...new Set(events)] : [...WEBHOOK_EVENTS],
        createdByApiKeyId: actor.apiKeyId,
      });
      await this.audit.record({
        actor,
        action: 'webhook.registered',
        entityType: 'webhook_endpoint',
        entityId: saved.id,
        after: { url: href, events: saved.events },
      });
      return { ...toView(saved), secret };
    });
  }

  async listEndpoints(licenseeId: string): Promise<WebhookEndpointView[]> {
    return (await this.webhooks.endpointsOf(licenseeId)).map(toView);
  }

  disableEndpoint(licenseeId: string, id: string, actor: Actor): Promise<void> {
    return this.uow.run(async () => {
      await this.ownEndpoint(licenseeId, id);
      await this.disableAudited({ id }, 'licensee', actor);
    });
  }

  /** Revoking an API key turns off the endpoints it registered, in the revocation's transaction. */
  disableEndpointsOfApiKey(apiKeyId: string, actor: Actor): Promise<string[]> {
    return this.uow.run(() => this.disableAudited({ apiKeyId }, 'api_key_revoked', actor));
  }

  /** A lab admin turns off any licensee's endpoint. */
  disableAnyEndpoint(id: string, actor: Actor, reason?: string): Promise<void> {
    return this.uow.run(async () => {
      if (!(await this.webhooks.findEndpointById(id))) throw new WebhookError(WebhookErrorCode.ENDPOINT_NOT_FOUND, `No webhook endpoint ${id}`);
      await this.disableAudited({ id }, 'admin', actor, reason);
    });
  }

  private async disableAudited(where: { id: string } | { apiKeyId: string }, why: WebhookDisabledReason, actor: Actor, reason?: string): Promise<string[]> {
    const ids = await this.webhooks.disable(where, why);
    for (const id of ids) {
      await this.audit.record({
        actor,
        action: 'webhook.disabled',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: { active: true },
        after: { active: false, disabledReason: why },
        reason,
      });
    }
    return ids;
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
}

function toView(e: WebhookEndpointEntity): WebhookEndpointView {
  return { id: e.id, url: e.url, events: e.events, active: e.active, createdAt: e.createdAt.toISOString(), disabledReason: e.disabledReason };
}

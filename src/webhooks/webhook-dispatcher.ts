import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { retryDelayMs } from '../common/backoff';
import { counter, histogram } from '../common/metrics';
import { OutageLog } from '../common/outage-log';
import { AppConfig } from '../config/app-config';
import { postWebhook, SendOutcome } from './webhook-http';
import { signWebhook } from './webhook-signature';
import { WebhookTargets } from './webhook-targets';
import { ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

/** Requests in flight to one endpoint from one worker: a slow receiver holds at most this many slots. */
export const PER_ENDPOINT_CONCURRENCY = 2;
/** Response bytes read before the connection is cut; receivers need say nothing but a status. */
export const MAX_RESPONSE_BYTES = 4096;
/** How long a claimed delivery stays leased past its deadline before another worker may take it over. */
const LEASE_MARGIN_MS = 30_000;

const sends = counter('labtrace_webhook_sends_total', 'Webhook requests by outcome', ['outcome']);
const sendSeconds = histogram('labtrace_webhook_send_seconds', 'Webhook request duration, deadline included', [], [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30]);

/**
 * The worker's webhook sender. Each poll claims due deliveries in one short statement (no transaction
 * is open while a request is out), starts them without waiting for earlier ones, and records each
 * outcome on its own. Every request has a wall-clock deadline and a response-size cap; an endpoint
 * already being sent to is not claimed again until its requests finish, and the worker never has more
 * than WEBHOOK_CONCURRENCY requests out, so a slow receiver delays nobody else. The host is resolved
 * and checked before every send and the socket connects only to the checked addresses.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer?: NodeJS.Timeout;
  /** The claim statement in progress, if any: one at a time, and shutdown waits for it. */
  private claiming: Promise<number> | null = null;
  private stopped = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly busyEndpoints = new Map<string, number>();
  /** The claim runs every WEBHOOK_POLL_MS: while the database is down, one line per outage, not per poll. */
  private readonly claimOutage = new OutageLog(this.logger, 'webhook claim');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly targets: WebhookTargets,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sendDue(), this.config.webhooks.pollMs);
  }

  /** Before the database closes: stop claiming and let the requests out finish and be recorded (each has a deadline). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.claiming;
    await this.idle();
  }

  /** Claims what is due and starts sending it; returns how many sends were started (they finish on their own). */
  sendDue(): Promise<number> {
    const free = this.config.webhooks.concurrency - this.inFlight.size;
    if (this.claiming || this.stopped || free <= 0) return Promise.resolve(0);
    this.claiming = this.claimAndStart(free).finally(() => (this.claiming = null));
    return this.claiming;
  }

  private async claimAndStart(free: number): Promise<number> {
    try {
      // One statement, so its own short transaction; nothing stays open while the requests are out.
      const due = await this.webhooks.claimDue({
        limit: free,
        perEndpoint: PER_ENDPOINT_CONCURRENCY,
        busyEndpointIds: [...this.busyEndpoints.keys()],
        leaseMs: this.config.webhooks.timeoutMs + LEASE_MARGIN_MS,
      });
      this.claimOutage.succeeded();
      for (const d of due) this.start(d);
      return due.length;
    } catch (e) {
      this.claimOutage.failed(e);
      return 0;
    }
  }

  /** Resolves when every send started so far has been recorded. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private start(d: ClaimedDelivery): void {
    this.busyEndpoints.set(d.endpointId, (this.busyEndpoints.get(d.endpointId) ?? 0) + 1);
    const sending = this.deliver(d)
      .catch((e: Error) => this.logger.warn(`webhook delivery ${d.id} not recorded: ${e.message}`))
      .finally(() => {
        this.inFlight.delete(d.id);
        const left = (this.busyEndpoints.get(d.endpointId) ?? 1) - 1;
        if (left > 0) this.busyEndpoints.set(d.endpointId, left);
        else this.busyEndpoints.delete(d.endpointId);
        // A finished send frees a slot: look for more work now rather than at the next poll.
        if (!this.stopped) void this.sendDue();
      });
    this.inFlight.set(d.id, sending);
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const stopTimer = sendSeconds.startTimer();
    const outcome = await this.send(d);
    stopTimer();
    sends.inc({ outcome: outcome.ok ? 'delivered' : outcome.error.startsWith('HTTP ') ? 'http_error' : outcome.error.replace(/ /g, '_') });
    if (outcome.ok) {
      await this.webhooks.recordAttempt(d.id, { status: 'delivered', lastStatus: outcome.status, lastError: null, deliveredAt: new Date() });
      return;
    }
    const dead = d.attempts >= this.config.webhooks.maxAttempts;
    // Named by event (the X-LabTrace-Delivery id the receiver sees) and endpoint id, never the URL: a
    // receiver that timed out may still have taken the request, so the retry is a repeat it must dedupe.
    this.logger.warn(`webhook ${d.eventId} to endpoint ${d.endpointId}: attempt ${d.attempts} failed (${outcome.error}); ${dead ? 'given up' : 'will retry'}`);
    await this.webhooks.recordAttempt(d.id, {
      status: dead ? 'dead' : 'pending',
      lastStatus: outcome.status,
      lastError: outcome.error,
      nextAttemptAt: new Date(Date.now() + retryDelayMs(d.attempts, Math.random, this.config.webhooks.retryBaseMs, 60 * 60_000)),
    });
  }

  private async send(d: ClaimedDelivery): Promise<SendOutcome> {
    const deadline = Date.now() + this.config.webhooks.timeoutMs;
    const body = JSON.stringify(d.payload);
    let checked;
    try {
      // The rules may have changed since registration (config, DNS): checked again, within the deadline.
      checked = await this.targets.check(this.targets.parse(d.url), deadline);
    } catch {
      // Refused, unresolvable or slow to resolve: one answer, so the log cannot map the lab's network.
      return { ok: false, status: null, error: 'connection failed' };
    }
    return postWebhook(
      {
        url: checked.url,
        addresses: checked.addresses,
        body,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'LabTrace-Webhooks/1',
          'X-LabTrace-Event': d.eventType,
          'X-LabTrace-Delivery': d.eventId,
          'X-LabTrace-Signature': signWebhook(d.secret, Math.floor(Date.now() / 1000), body),
        },
      },
      { deadline, maxResponseBytes: MAX_RESPONSE_BYTES },
    );
  }
}

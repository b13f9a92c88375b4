import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import axios from 'axios';
import { retryDelayMs } from '../common/backoff';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { signWebhook } from './webhook-signature';
import { WebhooksRepository } from './webhooks.repository';

/**
 * The worker's webhook sender: due deliveries are claimed with SKIP LOCKED, posted with a signature,
 * and marked delivered on 2xx; otherwise retried with backoff until the attempts run out (dead, and
 * visible in the endpoint's delivery log).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly http = axios.create({ maxRedirects: 0, validateStatus: () => true });

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sendDue(), this.config.webhooks.pollMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One round; returns how many deliveries were attempted. */
  async sendDue(limit = 20): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      return await this.uow.run(async () => {
        const due = await this.webhooks.claimDue(limit);
        await Promise.all(due.map((d) => this.sendOne(d)));
        return due.length;
      });
    } catch (e) {
      this.logger.warn(`webhook round failed: ${(e as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }

  private async sendOne(d: { id: string; eventId: string; eventType: string; payload: unknown; attempts: number; url: string; secret: string }): Promise<void> {
    const body = JSON.stringify(d.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.http.post(d.url, body, {
        timeout: this.config.webhooks.timeoutMs,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'LabTrace-Webhooks/1',
          'X-LabTrace-Event': d.eventType,
          'X-LabTrace-Delivery': d.eventId,
          'X-LabTrace-Signature': signWebhook(d.secret, timestamp, body),
        },
        transformRequest: [(data: string) => data],
      });
      status = res.status;
      if (status < 200 || status >= 300) error = `receiver answered ${status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const attempts = d.attempts + 1;
    if (!error) {
      await this.webhooks.recordAttempt(d.id, { status: 'delivered', attempts, lastStatus: status, lastError: null, deliveredAt: new Date() });
      return;
    }
    const dead = attempts >= this.config.webhooks.maxAttempts;
    await this.webhooks.recordAttempt(d.id, {
      status: dead ? 'dead' : 'pending',
      attempts,
      lastStatus: status,
      lastError: error,
      nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts, Math.random, this.config.webhooks.retryBaseMs, 60 * 60_000)),
    });
  }
}

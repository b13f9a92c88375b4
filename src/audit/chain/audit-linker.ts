import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutageLog } from '../../common/outage-log';
import { AppConfig } from '../../config/app-config';
import { AuditChainService } from './audit-chain.service';

/**
 * The worker's linker: every AUDIT_LINK_INTERVAL_MS it chains the audit events committed since, then
 * signs a head when one is due. Every worker runs one; the advisory lock lets one of them work at a time.
 */
@Injectable()
export class AuditLinker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditLinker.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  // The events wait in audit_events while linking fails, and are chained once it works again.
  private readonly outage = new OutageLog(this.logger, 'audit chain linking');

  constructor(
    private readonly chain: AuditChainService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.auditChain.headKey === null) {
      this.logger.warn('no AUDIT_HEAD_KEY (or key file): the audit chain is linked but its heads are not signed');
    }
    this.timer = setInterval(() => void this.tick(), this.config.auditChain.linkIntervalMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.chain.linkPending();
      const head = await this.chain.signHeadIfDue();
      if (head) this.logger.log(`signed audit chain head at position ${head.position}`);
      this.outage.succeeded();
    } catch (e) {
      this.outage.failed(e);
    } finally {
      this.running = false;
    }
  }
}

import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { AuditChainService } from './audit-chain.service';
import { VerifyReport } from './chain-verifier';
import { firstProblem } from './verifications';

export const AUDIT_CHAIN_QUEUE = 'audit-chain';
export const DAILY_VERIFY_SCHEDULER = 'audit-chain-daily-verify';
/** Days run incrementally, except that the whole chain is walked again at least weekly. */
const FULL_WALK_EVERY_MS = 7 * 24 * 3600_000 - 3600_000;

/** The daily verification: links added since the last good one, the whole chain weekly (a BullMQ job scheduler). */
@Processor(AUDIT_CHAIN_QUEUE)
export class AuditVerifyProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditVerifyProcessor.name);

  constructor(
    private readonly chain: AuditChainService,
    private readonly config: AppConfig,
    @InjectQueue(AUDIT_CHAIN_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Not awaited: a worker starting while Redis is away still starts; the scheduler is upserted when it returns.
    this.queue
      .upsertJobScheduler(DAILY_VERIFY_SCHEDULER, { pattern: '20 3 * * *', tz: this.config.lab.timezone }, { name: 'verify' })
      .catch((e: Error) => this.logger.warn(`could not schedule the daily audit chain verification: ${e.message}`));
  }

  async process(): Promise<Pick<VerifyReport, 'ok' | 'fromPosition' | 'verifiedPosition' | 'linksChecked'>> {
    const lastFull = await this.chain.lastFullVerificationAt();
    const full = lastFull === null || Date.now() - lastFull.getTime() > FULL_WALK_EVERY_MS;
    const report = await this.chain.verifyNew('daily', { full });
    const problem = firstProblem(report);
    if (problem) this.logger.error(`audit chain verification FAILED: ${problem}`);
    else this.logger.log(`audit chain verified: positions ${report.fromPosition + 1}..${report.verifiedPosition}`);
    return { ok: report.ok, fromPosition: report.fromPosition, verifiedPosition: report.verifiedPosition, linksChecked: report.linksChecked };
  }
}

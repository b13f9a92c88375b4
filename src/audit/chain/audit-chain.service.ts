import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { signHead, SignedChainHead } from './audit-chain';
import { ChainBacklog, chainBacklog, linkBatch, LinkOutcome } from './chain-linker';
import { chainTip, insertHead, latestHead, Sql } from './chain-sql';
import { verifyChain, VerifyReport } from './chain-verifier';
import { lastVerification, LastVerification, recordVerification, VerificationTrigger } from './verifications';

const sqlOf =
  (m: EntityManager | DataSource): Sql =>
  <T>(text: string, params: unknown[] = []) =>
    m.query<T[]>(text, params);

/** The chain's operations on the application's database: link, sign heads, verify, report status. */
@Injectable()
export class AuditChainService {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Chains everything committed so far, batch by batch, each in its own short transaction. */
  async linkPending(maxBatches = 50): Promise<LinkOutcome> {
    let total: LinkOutcome = { locked: true, linked: 0, position: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const out = await this.db.transaction('READ COMMITTED', (m) => linkBatch(sqlOf(m)));
      total = { locked: out.locked, linked: total.linked + out.linked, position: out.position };
      if (!out.locked || out.linked < 2000) break;
    }
    return total;
  }

  /** Signs the current tip when the last head is older than the interval and the chain has grown. */
  async signHeadIfDue(now = new Date()): Promise<SignedChainHead | null> {
    const key = this.config.auditChain.headKey;
    if (key === null) return null;
    const sql = sqlOf(this.db);
    const [tip, last] = await Promise.all([chainTip(sql), latestHead(sql)]);
    if (!tip || (last && last.position >= tip.position)) return null;
    if (last && now.getTime() - last.createdAt.getTime() < this.config.auditChain.headIntervalMinutes * 60_000) return null;
    const head = signHead(key, { position: tip.position, chainHash: tip.chainHash, signedAt: now.toISOString() });
    await insertHead(sql, head);
    return head;
  }

  /**
   * Verifies the links added since the last successful verification, or the whole chain when `full` (the
   * daily job does that once a week: an incremental run cannot see an edit to an event it passed before).
   */
  async verifyNew(trigger: VerificationTrigger, opts: { full?: boolean } = {}): Promise<VerifyReport> {
    const sql = sqlOf(this.db);
    const started = new Date();
    const last = opts.full ? null : await lastVerification(sql, { okOnly: true });
    const report = await verifyChain(sql, {
      headKeys: [this.config.auditChain.headKey ?? [], this.config.auditChain.oldHeadKeys].flat(),
      from: last ? { position: last.verifiedPosition, chainHash: last.verifiedChainHash } : undefined,
    });
    await recordVerification(sql, report, trigger, started);
    return report;
  }

  backlog(): Promise<ChainBacklog> {
    return chainBacklog(sqlOf(this.db));
  }

  lastVerification(): Promise<LastVerification | null> {
    return lastVerification(sqlOf(this.db), { okOnly: false });
  }

  /** When the chain was last walked from its start, whatever the outcome. */
  async lastFullVerificationAt(): Promise<Date | null> {
    const [row] = await sqlOf(this.db)<{ at: Date }>(`SELECT max(finished_at) AS at FROM audit_chain_verifications WHERE from_position = 0`);
    return row?.at ? new Date(row.at) : null;
  }
}

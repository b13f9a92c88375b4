import { gauge } from '../../common/metrics';
import type { AuditChainService } from './audit-chain.service';

interface ChainStatus {
  linkedPosition: number;
  unchained: number;
  oldestUnchainedAgeSeconds: number;
  verifiedPosition: number;
  verifyOk: number;
  verifiedAt: number;
}

let source: AuditChainService | undefined;

async function status(): Promise<ChainStatus> {
  const [b, v] = await Promise.all([source!.backlog(), source!.lastVerification()]);
  return {
    linkedPosition: b.linkedPosition,
    unchained: b.unchained,
    oldestUnchainedAgeSeconds: b.oldestUnchainedAt ? Math.max(0, (Date.now() - b.oldestUnchainedAt.getTime()) / 1000) : 0,
    verifiedPosition: v?.verifiedPosition ?? 0,
    verifyOk: v === null ? -1 : v.ok ? 1 : 0,
    verifiedAt: v ? v.finishedAt.getTime() / 1000 : 0,
  };
}

let pending: Promise<ChainStatus | null> | null = null;

/** One read per scrape: prom-client starts every metric's collect in the same tick, so they share it. */
function sharedStatus(): Promise<ChainStatus | null> {
  // A database outage must not fail the whole scrape: the gauges keep their last values.
  pending ??= status()
    .catch(() => null)
    .finally(() => (pending = null));
  return pending;
}

/** Gauges read from the database at scrape time, so every API instance reports the same chain. */
export function registerAuditChainMetrics(chain: AuditChainService): void {
  source = chain;
  const from = (pick: (s: ChainStatus) => number) =>
    async function (this: { set(v: number): void }) {
      const s = await sharedStatus();
      if (s) this.set(pick(s));
    };
  gauge(
    'labtrace_audit_chain_linked_position',
    'Position of the last audit event in the hash chain',
    [],
    from((s) => s.linkedPosition),
  );
  gauge(
    'labtrace_audit_chain_unchained_events',
    'Audit events not yet in the hash chain (the backlog)',
    [],
    from((s) => s.unchained),
  );
  gauge(
    'labtrace_audit_chain_oldest_unchained_age_seconds',
    'Age of the oldest audit event not yet chained (0 when none): the linker lag',
    [],
    from((s) => s.oldestUnchainedAgeSeconds),
  );
  gauge(
    'labtrace_audit_chain_verified_position',
    'Last chain position the latest verification reached',
    [],
    from((s) => s.verifiedPosition),
  );
  gauge(
    'labtrace_audit_chain_last_verify_ok',
    'Outcome of the latest chain verification: 1 ok, 0 broken, -1 never run',
    [],
    from((s) => s.verifyOk),
  );
  gauge(
    'labtrace_audit_chain_last_verify_timestamp_seconds',
    'When the latest chain verification finished (Unix time)',
    [],
    from((s) => s.verifiedAt),
  );
}

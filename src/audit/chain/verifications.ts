import type { Sql } from './chain-sql';
import type { VerifyReport } from './chain-verifier';

export type VerificationTrigger = 'daily' | 'manual' | 'restore';

export interface LastVerification {
  finishedAt: Date;
  verifiedPosition: number;
  verifiedChainHash: string;
  ok: boolean;
  brokenPosition: number | null;
}

/** One sentence for the record and the logs: the first problem the report found, or null. */
export function firstProblem(r: VerifyReport): string | null {
  if (r.firstBreak) return `position ${r.firstBreak.position} (event ${r.firstBreak.eventId ?? '-'}): ${r.firstBreak.kind}: ${r.firstBreak.detail}`;
  const h = r.heads.problems[0];
  if (h) return `signed head at position ${h.head.position} (${h.head.signedAt}): ${h.problem}`;
  const c = r.coa.problems[0];
  if (c) return `COA ${c.sampleId} v${c.version}: ${c.problem}: ${c.detail}`;
  if (r.strandedEvents.length) return `audit events never chained: ${r.strandedEvents.slice(0, 10).join(', ')}`;
  return null;
}

export async function recordVerification(sql: Sql, r: VerifyReport, trigger: VerificationTrigger, startedAt: Date): Promise<void> {
  await sql(
    `INSERT INTO audit_chain_verifications
       (started_at, from_position, verified_position, verified_chain_hash, ok, broken_position, broken_event_id, problem, trigger)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      startedAt,
      r.fromPosition,
      r.verifiedPosition,
      r.verifiedChainHash,
      r.ok,
      r.firstBreak?.position ?? null,
      r.firstBreak?.eventId ?? null,
      firstProblem(r),
      trigger,
    ],
  );
}

export async function lastVerification(sql: Sql, opts: { okOnly: boolean }): Promise<LastVerification | null> {
  const [row] = await sql<{ finished_at: Date; verified_position: string; verified_chain_hash: string; ok: boolean; broken_position: string | null }>(
    `SELECT finished_at, verified_position::text, verified_chain_hash, ok, broken_position::text
       FROM audit_chain_verifications ${opts.okOnly ? 'WHERE ok' : ''} ORDER BY id DESC LIMIT 1`,
  );
  if (!row) return null;
  return {
    finishedAt: new Date(row.finished_at),
    verifiedPosition: Number(row.verified_position),
    verifiedChainHash: row.verified_chain_hash,
    ok: row.ok,
    brokenPosition: row.broken_position === null ? null : Number(row.broken_position),
  };
}

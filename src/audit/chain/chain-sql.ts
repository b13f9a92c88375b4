import type { AuditEventContent, SignedChainHead } from './audit-chain';

/** Runs one statement and returns its rows: a pg Client, a TypeORM manager or query runner, adapted. */
export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** The event columns as the chain hashes them: `at` in UTC with microseconds, jsonb as its text. */
export const EVENT_COLUMNS = `
  e.id::text AS e_id,
  to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS e_at,
  e.actor_type AS e_actor_type, e.actor_id AS e_actor_id, e.actor_label AS e_actor_label,
  e.action AS e_action, e.entity_type AS e_entity_type, e.entity_id AS e_entity_id,
  e.before::text AS e_before, e.after::text AS e_after, e.reason AS e_reason, e.request_id AS e_request_id`;

export interface EventRow {
  e_id: string | null;
  e_at: string;
  e_actor_type: string;
  e_actor_id: string | null;
  e_actor_label: string;
  e_action: string;
  e_entity_type: string;
  e_entity_id: string;
  e_before: string | null;
  e_after: string | null;
  e_reason: string | null;
  e_request_id: string | null;
}

export function eventFromRow(r: EventRow): AuditEventContent | null {
  if (r.e_id === null) return null;
  return {
    id: r.e_id,
    at: r.e_at,
    actorType: r.e_actor_type,
    actorId: r.e_actor_id,
    actorLabel: r.e_actor_label,
    action: r.e_action,
    entityType: r.e_entity_type,
    entityId: r.e_entity_id,
    beforeJson: r.e_before,
    afterJson: r.e_after,
    reason: r.e_reason,
    requestId: r.e_request_id,
  };
}

export interface ChainTip {
  position: number;
  chainHash: string;
  eventId: string;
  eventTxid: string;
}

export async function chainTip(sql: Sql): Promise<ChainTip | null> {
  const [row] = await sql<{ position: string; chain_hash: string; event_id: string; event_txid: string }>(
    `SELECT l.position::text, l.chain_hash, l.event_id::text, l.event_txid::text FROM audit_chain_links l ORDER BY l.position DESC LIMIT 1`,
  );
  return row ? { position: Number(row.position), chainHash: row.chain_hash, eventId: row.event_id, eventTxid: row.event_txid } : null;
}

interface HeadRow {
  position: string;
  chain_hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

const HEAD_COLUMNS = `position::text, chain_hash, to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at, key_id, signature`;
const headFromRow = (r: HeadRow): SignedChainHead => ({
  position: Number(r.position),
  chainHash: r.chain_hash,
  signedAt: r.signed_at,
  keyId: r.key_id,
  signature: r.signature,
});

export async function storedHeads(sql: Sql): Promise<SignedChainHead[]> {
  return (await sql<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM audit_chain_heads ORDER BY id`)).map(headFromRow);
}

export async function latestHead(sql: Sql): Promise<(SignedChainHead & { createdAt: Date }) | null> {
  const [row] = await sql<HeadRow & { created_at: Date }>(`SELECT ${HEAD_COLUMNS}, created_at FROM audit_chain_heads ORDER BY id DESC LIMIT 1`);
  return row ? { ...headFromRow(row), createdAt: new Date(row.created_at) } : null;
}

export async function insertHead(sql: Sql, h: SignedChainHead): Promise<void> {
  await sql(`INSERT INTO audit_chain_heads (position, chain_hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)`, [
    h.position,
    h.chainHash,
    h.signedAt,
    h.keyId,
    h.signature,
  ]);
}

/** Chain hashes at the given positions (0 is the genesis and never stored). */
export async function chainHashesAt(sql: Sql, positions: number[]): Promise<Map<number, string>> {
  const rows = await sql<{ position: string; chain_hash: string }>(
    `SELECT position::text, chain_hash FROM audit_chain_links WHERE position = ANY($1::bigint[])`,
    [positions.filter((p) => p > 0)],
  );
  return new Map(rows.map((r) => [Number(r.position), r.chain_hash]));
}

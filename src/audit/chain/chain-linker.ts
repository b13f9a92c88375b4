import { contentHash, GENESIS_CHAIN_HASH, nextChainHash } from './audit-chain';
import { chainTip, EVENT_COLUMNS, EventRow, eventFromRow, Sql } from './chain-sql';

/**
 * The statement's horizon: chain only events of transactions below it. It is the oldest transaction the
 * statement's snapshot sees running, skipping those proven to belong to another database (a backend of
 * another database shows that xid in pg_stat_activity; read after the snapshot, so a transaction of this
 * database that ended in between is still counted, which is only cautious). Without that proof a running
 * transaction counts: the runtime role sees other roles' xids only with pg_read_all_stats. Nothing running:
 * the snapshot's xmax, below which every transaction has ended.
 */
const HORIZON = `
  snap AS (SELECT pg_current_snapshot() AS s),
  elsewhere AS (SELECT backend_xid FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()),
  horizon AS (
    SELECT least(pg_snapshot_xmax(snap.s),
                 (SELECT min(x) FROM pg_snapshot_xip(snap.s) x WHERE NOT EXISTS (SELECT 1 FROM elsewhere WHERE elsewhere.backend_xid = x::xid))) AS below
      FROM snap)`;

/** pg_try_advisory_xact_lock key: one linker at a time across every worker process. */
export const LINKER_LOCK_KEY = '7120021000';

export interface LinkOutcome {
  /** False when another linker held the lock (nothing was done). */
  locked: boolean;
  linked: number;
  position: number;
}

/**
 * Chains one batch of committed, unchained audit events. Call inside a READ COMMITTED transaction: the
 * tip is read after the lock is held (so it sees the previous linker's commit), and the candidate query
 * is one statement, so the snapshot that decides which transactions are finished is the one it reads in.
 *
 * Which rows: those whose inserting transaction (audit_events.txid) is below the horizon, i.e. every
 * transaction of this database that could still add a row before them has ended. Chained in (txid, id)
 * order, resuming after the last chained (txid, id): a transaction's rows all become visible at once. So
 * a row that commits late is never skipped, and the linker never waits for writers nor they for it;
 * the price is that one long transaction holds back chaining of everything after it (the window).
 */
export async function linkBatch(sql: Sql, limit = 2000): Promise<LinkOutcome> {
  const [lock] = await sql<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1::bigint) AS locked`, [LINKER_LOCK_KEY]);
  const tip = await chainTip(sql);
  if (!lock.locked) return { locked: false, linked: 0, position: tip?.position ?? 0 };
  const rows = await sql<EventRow & { txid: string }>(
    `WITH ${HORIZON}
     SELECT ${EVENT_COLUMNS}, e.txid::text AS txid
       FROM audit_events e, horizon
      WHERE (e.txid, e.id) > ($1::xid8, $2::bigint)
        AND e.txid < horizon.below
        AND NOT EXISTS (SELECT 1 FROM audit_chain_links l WHERE l.event_id = e.id)
      ORDER BY e.txid, e.id
      LIMIT $3`,
    [tip?.eventTxid ?? '0', tip?.eventId ?? '0', limit],
  );
  let position = tip?.position ?? 0;
  let chain = tip?.chainHash ?? GENESIS_CHAIN_HASH;
  const links = { position: [] as number[], eventId: [] as string[], txid: [] as string[], content: [] as string[], chain: [] as string[] };
  for (const row of rows) {
    const content = contentHash(eventFromRow(row)!);
    chain = nextChainHash(chain, content);
    position += 1;
    links.position.push(position);
    links.eventId.push(row.e_id!);
    links.txid.push(row.txid);
    links.content.push(content);
    links.chain.push(chain);
  }
  if (rows.length) {
    await sql(
      `INSERT INTO audit_chain_links (position, event_id, event_txid, content_hash, chain_hash)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::xid8[], $4::text[], $5::text[])`,
      [links.position, links.eventId, links.txid, links.content, links.chain],
    );
  }
  return { locked: true, linked: rows.length, position };
}

export interface ChainBacklog {
  linkedPosition: number;
  /** Events not yet chained (committed ones the linker has not reached, or waiting on an older transaction). */
  unchained: number;
  oldestUnchainedAt: Date | null;
}

/** Cheap: only looks at events from the last chained transaction on (the index on txid). */
export async function chainBacklog(sql: Sql): Promise<ChainBacklog> {
  const tip = await chainTip(sql);
  const [row] = await sql<{ unchained: string; oldest: Date | null }>(
    `SELECT count(*)::text AS unchained, min(e.at) AS oldest FROM audit_events e
      WHERE e.txid >= $1::xid8 AND NOT EXISTS (SELECT 1 FROM audit_chain_links l WHERE l.event_id = e.id)`,
    [tip?.eventTxid ?? '0'],
  );
  return { linkedPosition: tip?.position ?? 0, unchained: Number(row.unchained), oldestUnchainedAt: row.oldest ? new Date(row.oldest) : null };
}

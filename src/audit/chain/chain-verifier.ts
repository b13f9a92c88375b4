import { ChainBreak, ChainWalker, GENESIS_CHAIN_HASH, headKeyId, headSignatureValid, SignedChainHead } from './audit-chain';
import { chainHashesAt, EVENT_COLUMNS, EventRow, eventFromRow, Sql, storedHeads } from './chain-sql';

export interface VerifyOptions {
  /** Start after this position, trusting its chain hash (an earlier verification's); default genesis. */
  from?: { position: number; chainHash: string };
  /** Heads from outside the database too (a backup's chain-head.json). */
  extraHeads?: SignedChainHead[];
  /** The head keys (the current one and any earlier ones); none: signatures are not checked (reported so). */
  headKeys: string[];
  batchSize?: number;
}

export interface HeadProblem {
  head: SignedChainHead;
  problem: 'bad_signature' | 'unknown_key' | 'hash_mismatch' | 'beyond_chain';
}

export interface CoaProblem {
  sampleId: string;
  version: number;
  problem: 'not_in_chain' | 'sha256_differs';
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  fromPosition: number;
  /** The last position whose link verified (before the first break, if any). */
  verifiedPosition: number;
  verifiedChainHash: string;
  linksChecked: number;
  firstBreak: ChainBreak | null;
  heads: { checked: number; signaturesChecked: boolean; problems: HeadProblem[] };
  coa: { checked: number; problems: CoaProblem[] };
  /** Events the linker can never reach (inserted around the txid trigger): always a problem. */
  strandedEvents: string[];
  elapsedMs: number;
}

/**
 * Walks the chain in position order and checks every link, then the signed heads, then that every COA
 * version's SHA-256 is in a chained release or amendment event. Read-only.
 */
export async function verifyChain(sql: Sql, opts: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const batch = opts.batchSize ?? 5000;
  const from = opts.from ?? { position: 0, chainHash: GENESIS_CHAIN_HASH };
  const walker = new ChainWalker(from.position, from.chainHash);
  if (from.position > 0) {
    const stored = (await chainHashesAt(sql, [from.position])).get(from.position);
    if (stored !== from.chainHash) {
      return finish(sql, opts, walker, started, from.position, 0, {
        position: from.position,
        eventId: null,
        kind: 'start_altered',
        detail: `position ${from.position} was verified with chain hash ${from.chainHash}; it now has ${stored ?? 'no link'}`,
      });
    }
  }
  let checked = 0;
  for (;;) {
    const rows = await sql<EventRow & { position: string; event_id: string; content_hash: string; chain_hash: string }>(
      `SELECT l.position::text, l.event_id::text, l.content_hash, l.chain_hash, ${EVENT_COLUMNS}
         FROM audit_chain_links l LEFT JOIN audit_events e ON e.id = l.event_id
        WHERE l.position > $1 ORDER BY l.position LIMIT $2`,
      [walker.position, batch],
    );
    for (const r of rows) {
      const broken = walker.accept({
        position: Number(r.position),
        eventId: r.event_id,
        contentHash: r.content_hash,
        chainHash: r.chain_hash,
        event: eventFromRow(r),
      });
      if (broken) return finish(sql, opts, walker, started, from.position, checked, broken);
      checked++;
    }
    if (rows.length < batch) break;
  }
  return finish(sql, opts, walker, started, from.position, checked, null);
}

async function finish(
  sql: Sql,
  opts: VerifyOptions,
  walker: ChainWalker,
  started: number,
  fromPosition: number,
  checked: number,
  firstBreak: ChainBreak | null,
): Promise<VerifyReport> {
  const heads = await checkHeads(sql, [...(await storedHeads(sql)), ...(opts.extraHeads ?? [])], walker, opts.headKeys);
  const coa = await checkCoaCoverage(sql, walker.position);
  const stranded = await sql<{ id: string }>(
    `SELECT e.id::text FROM audit_events e
      WHERE e.txid < (SELECT coalesce(max(event_txid), '0'::xid8) FROM audit_chain_links)
        AND NOT EXISTS (SELECT 1 FROM audit_chain_links l WHERE l.event_id = e.id)
      ORDER BY e.id LIMIT 100`,
  );
  const strandedEvents = stranded.map((r) => r.id);
  return {
    ok: !firstBreak && heads.problems.length === 0 && coa.problems.length === 0 && strandedEvents.length === 0,
    fromPosition,
    verifiedPosition: walker.position,
    verifiedChainHash: walker.chainHash,
    linksChecked: checked,
    firstBreak,
    heads,
    coa,
    strandedEvents,
    elapsedMs: Date.now() - started,
  };
}

/**
 * A head must name a position the chain reaches (else the chain was cut short after it was signed) with
 * the same chain hash, and carry a valid signature. Heads past a break cannot be judged and are skipped.
 */
async function checkHeads(sql: Sql, heads: SignedChainHead[], walker: ChainWalker, keys: string[]): Promise<VerifyReport['heads']> {
  const problems: HeadProblem[] = [];
  const [{ max }] = await sql<{ max: string | null }>(`SELECT max(position)::text AS max FROM audit_chain_links`);
  const length = Number(max ?? 0);
  const hashes = await chainHashesAt(
    sql,
    heads.map((h) => h.position),
  );
  let checked = 0;
  for (const head of heads) {
    const key = keys.find((k) => headKeyId(k) === head.keyId);
    if (keys.length > 0 && (!key || !headSignatureValid(key, head))) {
      problems.push({ head, problem: key ? 'bad_signature' : 'unknown_key' });
      continue;
    }
    if (head.position > length) {
      problems.push({ head, problem: 'beyond_chain' });
      continue;
    }
    if (walker.firstBreak && head.position > walker.position) continue;
    const hash = head.position === 0 ? GENESIS_CHAIN_HASH : hashes.get(head.position);
    if (hash !== head.chainHash) problems.push({ head, problem: 'hash_mismatch' });
    checked++;
  }
  return { checked, signaturesChecked: keys.length > 0, problems };
}

/**
 * Every released COA version's SHA-256 must be in a chained coa.released / coa.amended event for that
 * sample and version (whose content the walk has just verified). Versions whose event is not yet
 * chained (the unchained window) or lies past a break are not judged here.
 */
async function checkCoaCoverage(sql: Sql, verifiedPosition: number): Promise<VerifyReport['coa']> {
  const rows = await sql<{ sample_id: string; version: number; sha256: string; chained_sha256: string | null; pending: boolean }>(
    `SELECT d.sample_id::text, d.version, d.sha256, c.sha256 AS chained_sha256,
            (c.sha256 IS NULL AND EXISTS (
              SELECT 1 FROM audit_events p LEFT JOIN audit_chain_links pl ON pl.event_id = p.id
               WHERE p.action IN ('coa.released', 'coa.amended') AND p.entity_type = 'sample' AND p.entity_id = d.sample_id::text
                 AND p.after->>'version' = d.version::text AND (pl.position IS NULL OR pl.position > $1))) AS pending
       FROM coa_documents d
       LEFT JOIN LATERAL (
         SELECT e.after->>'sha256' AS sha256 FROM audit_events e JOIN audit_chain_links l ON l.event_id = e.id
          WHERE e.action IN ('coa.released', 'coa.amended') AND e.entity_type = 'sample' AND e.entity_id = d.sample_id::text
            AND e.after->>'version' = d.version::text AND l.position <= $1
          ORDER BY l.position LIMIT 1) c ON true
      ORDER BY d.sample_id, d.version`,
    [verifiedPosition],
  );
  const problems: CoaProblem[] = [];
  for (const r of rows) {
    if (r.chained_sha256 === null) {
      if (!r.pending)
        problems.push({ sampleId: r.sample_id, version: r.version, problem: 'not_in_chain', detail: 'no chained release event names this version' });
    } else if (r.chained_sha256 !== r.sha256) {
      problems.push({
        sampleId: r.sample_id,
        version: r.version,
        problem: 'sha256_differs',
        detail: `coa_documents has ${r.sha256}, the chained release event has ${r.chained_sha256}`,
      });
    }
  }
  return { checked: rows.length, problems };
}

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { contentHash, GENESIS_CHAIN_HASH, nextChainHash } from '../src/audit/chain/audit-chain';
import { AuditChainService } from '../src/audit/chain/audit-chain.service';
import { AUDIT_CHAIN_QUEUE, DAILY_VERIFY_SCHEDULER } from '../src/audit/chain/audit-verify.processor';
import { eventFromRow, EVENT_COLUMNS, EventRow, Sql } from '../src/audit/chain/chain-sql';
import { verifyChain } from '../src/audit/chain/chain-verifier';
import { redisConnectionOptions } from '../src/queue/redis-connection';
import { registerLicensee } from './support/lab';
import { eventually } from './support/release';
import { createTestApp, startWorker, TestContext } from './support/test-app';

const HEAD_KEY = 'audit-head-key-for-the-e2e-suite-0123456789';

/** The real CLI, as an operator runs it, against the test database. */
function auditVerify(t: TestContext, ...args: string[]) {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/scripts/audit-verify.ts', ...args], {
    cwd: join(__dirname, '..'),
    env: { PATH: process.env.PATH, DATABASE_URL: t.databaseUrl, AUDIT_HEAD_KEY: HEAD_KEY },
    encoding: 'utf8',
    timeout: 45_000,
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/** Insert an audit row straight into the table, as any writer's transaction would. */
const insertEvent = (c: Client, action: string) =>
  c.query<{ id: string }>(
    `INSERT INTO audit_events (actor_type, actor_label, action, entity_type, entity_id, after) VALUES ('system', 'e2e', $1, 'probe', $1, '{"n": 1.50}') RETURNING id::text`,
    [action],
  );

/** The owner role's connection (the harness's own): it can switch the append-only triggers off. */
async function asOwner(t: TestContext, statements: string[]): Promise<void> {
  await t.sql('BEGIN');
  try {
    for (const s of statements) await t.sql(s);
    await t.sql('COMMIT');
  } catch (e) {
    await t.sql('ROLLBACK');
    throw e;
  }
}

describe('tamper-evident audit trail', () => {
  let t: TestContext;
  let chain: AuditChainService;
  /**
   * Links until nothing is left. The horizon is the cluster's oldest running transaction, so another
   * database's long transaction on this shared test server can hold chaining back for a moment.
   */
  const chainAll = () => eventually(async () => (await chain.linkPending(), (await chain.backlog()).unchained === 0), 20_000, 'the chain to catch up');

  beforeAll(async () => {
    t = await createTestApp({ simulator: false, env: { AUDIT_HEAD_KEY: HEAD_KEY, AUDIT_HEAD_INTERVAL_MINUTES: '1' } });
    chain = t.app.get(AuditChainService);
    const admin = await t.userToken('admin');
    await t.userToken('technician');
    await registerLicensee(t, admin.token);
  });

  afterAll(() => t?.close());

  it('chains every committed event once, in transaction order, never skipping one that commits late', async () => {
    await chainAll();
    const [{ before }] = await t.sql<{ before: string }>(`SELECT count(*)::text AS before FROM audit_chain_links`);
    expect(Number(before)).toBeGreaterThanOrEqual(4);

    const slow = new Client({ connectionString: t.databaseUrl });
    const quick = new Client({ connectionString: t.databaseUrl });
    await Promise.all([slow.connect(), quick.connect()]);
    try {
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()'); // the slow transaction starts first
      const quickId = (await insertEvent(quick, 'probe.quick')).rows[0].id; // commits at once, lower id
      const slowId = (await insertEvent(slow, 'probe.slow')).rows[0].id;
      expect(Number(slowId)).toBeGreaterThan(Number(quickId));

      await chain.linkPending();
      const waiting = await t.sql(`SELECT 1 FROM audit_chain_links WHERE event_id = $1`, [quickId]);
      expect(waiting).toHaveLength(0); // committed, but behind a transaction still running: the window
      const backlog = await chain.backlog();
      expect(backlog.unchained).toBeGreaterThanOrEqual(1);

      await slow.query('COMMIT');
      await chainAll();
      const linked = await t.sql<{ position: string; event_id: string }>(
        `SELECT position::text, event_id::text FROM audit_chain_links WHERE event_id = ANY($1::bigint[]) ORDER BY position`,
        [[quickId, slowId]],
      );
      // The slow transaction's xid is older, so its event comes first although its id is higher.
      expect(linked.map((l) => l.event_id)).toEqual([slowId, quickId]);
      expect(Number(linked[1].position)).toBe(Number(linked[0].position) + 1);
    } finally {
      await Promise.all([slow.end(), quick.end()]);
    }

    const [counts] = await t.sql<{ events: string; links: string; max: string }>(
      `SELECT (SELECT count(*) FROM audit_events)::text AS events, count(*)::text AS links, max(position)::text AS max FROM audit_chain_links`,
    );
    expect(counts.links).toBe(counts.events);
    expect(counts.max).toBe(counts.links);
  });

  it('refuses to forge the txid that orders the chain, and keeps links append-only', async () => {
    const [row] = await t.sql<{ txid: string }>(
      `INSERT INTO audit_events (actor_type, actor_label, action, entity_type, entity_id, txid) VALUES ('system', 'e2e', 'probe.forged', 'probe', 'x', '1') RETURNING txid::text`,
    );
    expect(BigInt(row.txid)).toBeGreaterThan(1n);
    await expect(t.sql(`UPDATE audit_chain_links SET chain_hash = repeat('0', 64) WHERE position = 1`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`TRUNCATE audit_chain_links CASCADE`)).rejects.toThrow(/append-only/);
    await chainAll();
  });

  it('stores a large before/after document LZ4-compressed, reads it back unchanged, and chains it', async () => {
    // A batch import's event: one sample's results, several KB, so TOAST compresses it.
    const rows = Array.from({ length: 50 }, (_, i) => ({ analyte: `analyte-${i}`, value: `0.0${i}`, unit: 'µg/g', status: 'pass', lod: null }));
    const [{ id }] = await t.sql<{ id: string }>(
      `INSERT INTO audit_events (actor_type, actor_label, action, entity_type, entity_id, after) VALUES ('system', 'e2e', 'probe.large', 'probe', 'large', $1) RETURNING id::text`,
      [JSON.stringify({ rows })],
    );
    const [row] = await t.sql<{ id: string; compression: string; after: unknown }>(
      `SELECT id::text, pg_column_compression(after) AS compression, after FROM audit_events WHERE id = $1`,
      [id],
    );
    expect(row.compression).toBe('lz4');
    expect(row.after).toEqual({ rows });
    await chainAll();
    const [link] = await t.sql<{ content_hash: string }>(`SELECT content_hash FROM audit_chain_links WHERE event_id = $1`, [row.id]);
    const [stored] = await t.sql<EventRow>(`SELECT ${EVENT_COLUMNS} FROM audit_events e WHERE e.id = $1`, [row.id]);
    expect(link.content_hash).toBe(contentHash(eventFromRow(stored)!));
  });

  it('verifies an intact chain with the CLI, records it and shows it in /metrics', async () => {
    expect(await chain.signHeadIfDue(new Date())).toEqual(expect.objectContaining({ keyId: expect.any(String) }));
    const run = auditVerify(t);
    expect(run.out).toMatch(/signed heads: 1 checked\n/);
    expect(run.out).toMatch(/\nOK\n/);
    expect(run.status).toBe(0);
    await chainAll();
    const [{ max }] = await t.sql<{ max: string }>(`SELECT max(position)::text AS max FROM audit_chain_links`);
    const metrics = (await t.http().get('/metrics').expect(200)).text;
    expect(metrics).toContain(`labtrace_audit_chain_verified_position ${max}`);
    expect(metrics).toContain(`labtrace_audit_chain_linked_position ${max}`);
    expect(metrics).toContain('labtrace_audit_chain_last_verify_ok 1');
    expect(metrics).toMatch(/labtrace_audit_chain_unchained_events 0\n/);
  });

  it('still verifies heads signed with an earlier key after the key is rotated, and names an unknown one', async () => {
    const sql: Sql = (text, params) => t.sql(text, params);
    const newKey = 'the-next-audit-head-key-after-rotation-0123';
    expect(await verifyChain(sql, { headKeys: [newKey, HEAD_KEY] })).toMatchObject({ ok: true, heads: { checked: 1, problems: [] } });
    const withoutOld = await verifyChain(sql, { headKeys: [newKey] });
    expect(withoutOld.heads.problems).toEqual([expect.objectContaining({ problem: 'unknown_key' })]);
  });

  it('reports a row altered by the owner role with its position and event id, exit code 1', async () => {
    const [target] = await t.sql<{ position: string; event_id: string }>(
      `SELECT position::text, event_id::text FROM audit_chain_links ORDER BY position OFFSET 2 LIMIT 1`,
    );
    await asOwner(t, [
      `ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`,
      `UPDATE audit_events SET actor_label = 'someone else' WHERE id = ${target.event_id}`,
      `ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`,
    ]);
    const run = auditVerify(t);
    expect(run.status).toBe(1);
    expect(run.out).toContain(`BROKEN at position ${target.position} (audit event ${target.event_id}): event_altered`);

    // The daily job's incremental run starts after the last good position and cannot see this; its weekly full walk does.
    expect((await chain.verifyNew('daily')).ok).toBe(true);
    const full = await chain.verifyNew('daily', { full: true });
    expect(full.firstBreak).toEqual(expect.objectContaining({ position: Number(target.position), eventId: target.event_id, kind: 'event_altered' }));
    const metrics = (await t.http().get('/metrics').expect(200)).text;
    expect(metrics).toContain('labtrace_audit_chain_last_verify_ok 0');
  });

  it('catches an owner who rewrites the whole chain after the edit, by the signed head', async () => {
    const rows = await t.sql<EventRow & { position: string }>(
      `SELECT l.position::text, ${EVENT_COLUMNS} FROM audit_chain_links l JOIN audit_events e ON e.id = l.event_id ORDER BY l.position`,
    );
    let prev = GENESIS_CHAIN_HASH;
    const rewrites: string[] = [];
    for (const r of rows) {
      const content = contentHash(eventFromRow(r)!);
      prev = nextChainHash(prev, content);
      rewrites.push(`UPDATE audit_chain_links SET content_hash = '${content}', chain_hash = '${prev}' WHERE position = ${r.position}`);
    }
    await asOwner(t, [
      `ALTER TABLE audit_chain_links DISABLE TRIGGER audit_chain_links_append_only`,
      ...rewrites,
      `ALTER TABLE audit_chain_links ENABLE TRIGGER audit_chain_links_append_only`,
    ]);
    const run = auditVerify(t, '--no-record');
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/BAD HEAD at position \d+ signed [\d:TZ.-]+: hash_mismatch/);
    expect(run.out).not.toContain('BROKEN at position'); // the links agree with each other now; only the key-signed head does not
  });

  it('the worker chains new events within about a second and schedules the daily verification', async () => {
    const worker = await startWorker(t);
    const queue = new Queue(AUDIT_CHAIN_QUEUE, { connection: redisConnectionOptions(t.config.redisUrl), prefix: t.config.queuePrefix });
    try {
      const started = Date.now();
      const [{ id }] = await t.sql<{ id: string }>(
        `INSERT INTO audit_events (actor_type, actor_label, action, entity_type, entity_id) VALUES ('system', 'e2e', 'probe.worker', 'probe', 'w') RETURNING id::text`,
      );
      await eventually(async () => (await t.sql(`SELECT 1 FROM audit_chain_links WHERE event_id = $1`, [id])).length === 1, 10_000, 'the worker to chain it');
      expect(Date.now() - started).toBeLessThan(5_000);
      const scheduler = await eventually(() => queue.getJobScheduler(DAILY_VERIFY_SCHEDULER), 5_000, 'the daily scheduler');
      expect(scheduler).toMatchObject({ pattern: '20 3 * * *', tz: 'America/New_York' });
    } finally {
      await queue.close();
      await worker.close();
    }
  });
});

import { DataSource } from 'typeorm';
import { AuditDocumentsJson1764000025500 } from '../migrations/1764000025500-AuditDocumentsJson';
import { linkBatch } from '../src/audit/chain/chain-linker';
import type { Sql } from '../src/audit/chain/chain-sql';
import { verifyChain } from '../src/audit/chain/chain-verifier';
import { dbUrl } from './support/databases';
import { eventually } from './support/release';
import { createTestDatabase, dropTestDatabase } from './support/test-app';

/** A document written the way nobody would canonicalise it: keys out of order, spaces, trailing zeros, an exponent. */
const WRITTEN = '{"z": 1.50, "a": {"y": [1, 2.0, "x"], "b": null}, "e": 1E+2, "s": "quote \\" and é"}';

/**
 * Migration 1764000025500 turns the audit documents from jsonb into json. Events chained while they were
 * jsonb were hashed from jsonb's text; after the rewrite each holds exactly that text, so the chain still
 * verifies, and new documents keep the text LabTrace wrote.
 */
describe('audit documents become json (migration 1764000025500)', () => {
  let name: string;
  let owner: DataSource;
  const sql: Sql = async (text, params) => owner.query(text, params);
  const migration = new AuditDocumentsJson1764000025500();
  const run = async (step: 'up' | 'down') => {
    const runner = owner.createQueryRunner();
    try {
      await migration[step](runner);
    } finally {
      await runner.release();
    }
  };
  const insert = async (entityId: string) =>
    (
      await sql<{ id: string }>(
        `INSERT INTO audit_events (actor_type, actor_label, action, entity_type, entity_id, before, after) VALUES ('system', 'e2e', 'probe', 'probe', $1, NULL, $2) RETURNING id::text`,
        [entityId, WRITTEN],
      )
    )[0].id;
  const documentText = async (id: string) =>
    (await sql<{ type: string; text: string }>(`SELECT pg_typeof(after)::text AS type, after::text AS text FROM audit_events WHERE id = $1`, [id]))[0];
  const chainEverything = () =>
    eventually(
      async () => (
        await linkBatch(sql),
        (
          await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events e WHERE NOT EXISTS (SELECT 1 FROM audit_chain_links l WHERE l.event_id = e.id)`)
        )[0].n === 0
      ),
      20_000,
      'every event chained',
    );

  beforeAll(async () => {
    name = await createTestDatabase();
    owner = new DataSource({ type: 'postgres', url: dbUrl(name) });
    await owner.initialize();
  });
  afterAll(async () => {
    await owner.destroy();
    await dropTestDatabase(name);
  });

  it('keeps every earlier link verifying, and stores new documents as written', async () => {
    await run('down');
    const before = await insert('while-jsonb');
    expect(await documentText(before)).toEqual({ type: 'jsonb', text: '{"a": {"b": null, "y": [1, 2.0, "x"]}, "e": 100, "s": "quote \\" and é", "z": 1.50}' });
    await chainEverything();

    await run('up');
    expect(await documentText(before)).toEqual({ type: 'json', text: '{"a": {"b": null, "y": [1, 2.0, "x"]}, "e": 100, "s": "quote \\" and é", "z": 1.50}' });
    const after = await insert('now-json');
    expect(await documentText(after)).toEqual({ type: 'json', text: WRITTEN });
    const [{ compression }] = await sql<{ compression: string }>(
      `SELECT attcompression AS compression FROM pg_attribute WHERE attrelid = 'audit_events'::regclass AND attname = 'after'`,
    );
    expect(compression).toBe('l');
    await chainEverything();

    const report = await verifyChain(sql, { headKeys: [] });
    expect(report).toMatchObject({ ok: true, firstBreak: null, strandedEvents: [] });
    expect(report.linksChecked).toBeGreaterThanOrEqual(2);
  });
});

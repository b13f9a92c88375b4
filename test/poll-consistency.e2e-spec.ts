import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { PollFastPath } from '../src/licensee-api/poll/poll-fast-path';
import { SampleVersionFeed } from '../src/licensee-api/poll/sample-version-feed';
import { superuserDbUrl } from './support/databases';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { eventually } from './support/release';
import { passingFlowerPanel, putResults } from './support/results';
import { bootContext, createTestApp, TestContext } from './support/test-app';

/**
 * Two API apps on one database, as two processes behind a balancer would be: each has its own
 * version map, fed only by its own LISTEN connection, so what B knows of a change made through A
 * came through PostgreSQL.
 */
describe('licensee polls across API processes', () => {
  let a: TestContext;
  let b: TestContext;
  let urlA: string;
  let urlB: string;
  let tech: { token: string };
  let licensee: LicenseeHandle;
  /** The test's reads of the row version, many at once (a single client would queue them). */
  let reads: Pool;

  beforeAll(async () => {
    // The race polls far faster than a licensee may: the per-key limit is not what is tested here.
    a = await createTestApp({ env: { LICENSEE_RATE_PER_SECOND: '100000', LICENSEE_RATE_BURST: '100000' } });
    b = await bootContext(a.env);
    urlA = await listen(a);
    urlB = await listen(b);
    const admin = await a.userToken('admin');
    tech = await a.userToken('technician');
    licensee = await registerLicensee(a, admin.token);
    reads = new Pool({ connectionString: a.env.DATABASE_MIGRATION_URL, max: 5 });
  });

  afterAll(async () => {
    await reads?.end();
    await b?.close();
    await a?.close();
  });

  async function listen(t: TestContext): Promise<string> {
    await t.app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
  }

  async function poll(base: string, inventoryId: string, tag?: string) {
    const res = await fetch(`${base}/v1/licensee/samples/${inventoryId}`, {
      headers: { 'X-API-Key': licensee.apiKey, ...(tag ? { 'If-None-Match': tag } : {}) },
    });
    const body = res.status === 200 ? ((await res.json()) as Record<string, unknown>) : (await res.text(), null);
    return { status: res.status, etag: res.headers.get('etag') ?? '', body, headers: res.headers };
  }

  const versionOf = (etag: string) => Number(/\.(\d+)"$/.exec(etag)?.[1]);

  async function dbVersion(sampleId: string): Promise<number> {
    const { rows } = await reads.query<{ row_version: number }>(`SELECT row_version FROM samples WHERE id = $1`, [sampleId]);
    return rows[0].row_version;
  }

  /** A result change through A: Lead re-read at another value (a real change, so the row version moves). */
  let lead = 100;
  async function changeThroughA(sampleId: string): Promise<void> {
    const metals = passingFlowerPanel().find((g) => g.group === 'metals')!;
    const value = `0.${++lead}`;
    const group = { group: 'metals', analytes: metals.analytes.map((r) => (r.analyte === 'Lead' ? { ...r, value } : r)) };
    const res = await putResults(a, tech.token, sampleId, [group], 'lead re-read after recalibration');
    expect(res.status).toBe(200);
  }

  async function sampleWithResults() {
    const s = await receivedSample(a, tech.token, licensee);
    expect((await putResults(a, tech.token, s.id, passingFlowerPanel())).status).toBe(200);
    return s;
  }

  it('a change made through A is seen by a poll on B within one second (200 with the new ETag)', async () => {
    const s = await sampleWithResults();
    const first = await poll(urlB, s.sampleInventoryId);
    expect(first.status).toBe(200);
    // B now answers this sample from its map: a repeat is a 304 with no database read.
    expect((await poll(urlB, s.sampleInventoryId, first.etag)).status).toBe(304);
    expect(b.app.get(SampleVersionFeed).map.resolve(await licenseeId(), s.sampleInventoryId)).toBeDefined();

    for (let round = 0; round < 3; round++) {
      const before = await poll(urlB, s.sampleInventoryId);
      await changeThroughA(s.id);
      const committed = performance.now();
      const seen = await eventually(
        async () => {
          const r = await poll(urlB, s.sampleInventoryId, before.etag);
          return r.status === 200 ? r : null;
        },
        1000,
        'B to answer 200 with the new ETag',
      ).catch((e: Error) => {
        throw new Error(`round ${round}: ${e.message}`);
      });
      expect(performance.now() - committed).toBeLessThan(1000);
      expect(seen.etag).not.toBe(before.etag);
      expect(versionOf(seen.etag)).toBe(await dbVersion(s.id));
    }
  });

  it('never answers 304 for a superseded version while results change through A (race)', async () => {
    const s = await sampleWithResults();
    /** Versions whose change had committed (A answered, then the row was read) by each instant. */
    const acked: Array<{ at: number; version: number }> = [{ at: performance.now(), version: await dbVersion(s.id) }];
    /** When each app's map heard each of the sample's versions (its own LISTEN connection). */
    const heard: Record<string, Array<{ at: number; version: number }>> = { A: [], B: [] };
    for (const [via, t] of [['A', a] as const, ['B', b] as const]) {
      const map = t.app.get(SampleVersionFeed).map;
      const original = map.heard.bind(map);
      map.heard = (payload: string) => {
        original(payload);
        const [id, version] = payload.split(' ');
        if (id === s.id) heard[via].push({ at: performance.now(), version: Number(version) });
      };
    }
    const answers: Array<{ via: string; sentAt: number; sentTag: string; status: number; etag: string; dbAfter: number }> = [];
    let writing = true;

    const writer = (async () => {
      for (let i = 0; i < 25; i++) {
        await changeThroughA(s.id);
        acked.push({ at: performance.now(), version: await dbVersion(s.id) });
      }
      writing = false;
    })();
    const poller = async (via: string, base: string) => {
      let tag = (await poll(base, s.sampleInventoryId)).etag;
      while (writing) {
        const sentAt = performance.now();
        const r = await poll(base, s.sampleInventoryId, tag);
        answers.push({ via, sentAt, sentTag: tag, status: r.status, etag: r.etag, dbAfter: await dbVersion(s.id) });
        if (r.status === 200) tag = r.etag;
      }
    };
    await Promise.all([writer, poller('B', urlB), poller('B', urlB), poller('B', urlB), poller('A', urlA)]);

    const latest = (list: Array<{ at: number; version: number }>, by: number) => Math.max(0, ...list.filter((x) => x.at <= by).map((x) => x.version));
    const problems = answers.flatMap((r) => {
      const v = versionOf(r.etag);
      const out: string[] = [];
      if (r.status !== 200 && r.status !== 304) out.push(`status ${r.status}`);
      if (r.status === 304 && r.etag !== r.sentTag) out.push(`304 under ${r.etag} for ${r.sentTag}`);
      // Never older than what the answering process had been told before the poll was sent.
      if (v < latest(heard[r.via], r.sentAt)) out.push(`${r.status} for version ${v} after it had heard of ${latest(heard[r.via], r.sentAt)}`);
      // Never older than a change that had committed a second before the poll was sent (the promise).
      if (v < latest(acked, r.sentAt - 1000)) out.push(`${r.status} for version ${v} over a second after ${latest(acked, r.sentAt - 1000)} had committed`);
      if (v > r.dbAfter) out.push(`version ${v} above the database's ${r.dbAfter}`);
      return out.map((p) => `${r.via}: ${p}`);
    });
    // Every committed change reached B's map within a second of its writer's answer (usually milliseconds).
    const lagsMs = acked.slice(1).map((c) => (heard.B.find((h) => h.version >= c.version)?.at ?? Infinity) - c.at);
    expect(problems).toEqual([]);
    expect(acked.length).toBe(26);
    expect(Math.max(...lagsMs)).toBeLessThan(1000);
    // The race was real: B answered both kinds many times while the versions moved.
    expect(answers.filter((r) => r.via === 'B' && r.status === 304).length).toBeGreaterThan(10);
    expect(answers.filter((r) => r.via === 'B' && r.status === 200).length).toBeGreaterThan(5);
  });

  it('falls back to the database when the LISTEN connection is lost, and listens again', async () => {
    const s = await sampleWithResults();
    const feedB = b.app.get(SampleVersionFeed);
    const first = await poll(urlB, s.sampleInventoryId);
    expect((await poll(urlB, s.sampleInventoryId, first.etag)).status).toBe(304);

    const dbName = new URL(a.env.DATABASE_URL).pathname.slice(1);
    const admin = new Client({ connectionString: superuserDbUrl(dbName) });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'labtrace-poll-listener' AND datname = $1`, [dbName]);
    } finally {
      await admin.end();
    }
    await changeThroughA(s.id);
    const committed = performance.now();
    const seen = await eventually(async () => {
      const r = await poll(urlB, s.sampleInventoryId, first.etag);
      return r.status === 200 ? r : null;
    }, 1000);
    expect(performance.now() - committed).toBeLessThan(1000);
    expect(versionOf(seen.etag)).toBe(await dbVersion(s.id));

    await eventually(async () => feedB.map.live, 10_000, 'B to listen again');
    expect((await poll(urlB, s.sampleInventoryId, seen.etag)).status).toBe(304);
    await changeThroughA(s.id);
    const again = await eventually(async () => {
      const r = await poll(urlB, s.sampleInventoryId, seen.etag);
      return r.status === 200 ? r : null;
    }, 1000);
    expect(versionOf(again.etag)).toBe(await dbVersion(s.id));
  });

  it('answers polls before Express with what Express answers (headers, body, 304)', async () => {
    const s = await sampleWithResults();
    const sent = jest.spyOn(PollFastPath.prototype as unknown as { send: () => void }, 'send');
    const fast = await poll(urlB, s.sampleInventoryId);
    expect(sent).toHaveBeenCalledTimes(1);
    // A query string is not a plain poll: Express's route answers it.
    const viaExpress = await fetch(`${urlB}/v1/licensee/samples/${s.sampleInventoryId}?via=express`, { headers: { 'X-API-Key': licensee.apiKey } });
    expect(sent).toHaveBeenCalledTimes(1);
    expect(viaExpress.status).toBe(200);
    expect(await viaExpress.json()).toEqual(fast.body);
    expect(viaExpress.headers.get('etag')).toBe(fast.etag);
    const comparable = (h: Headers) => [...h.entries()].filter(([k]) => !['date', 'x-request-id', 'keep-alive', 'connection'].includes(k));
    expect(comparable(fast.headers).sort()).toEqual(comparable(viaExpress.headers).sort());
    expect(fast.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const notModified = await poll(urlB, s.sampleInventoryId, fast.etag);
    const notModifiedExpress = await fetch(`${urlB}/v1/licensee/samples/${s.sampleInventoryId}?via=express`, {
      headers: { 'X-API-Key': licensee.apiKey, 'If-None-Match': fast.etag },
    });
    expect(sent).toHaveBeenCalledTimes(2);
    expect([notModified.status, notModifiedExpress.status]).toEqual([304, 304]);
    expect(comparable(notModified.headers).sort()).toEqual(comparable(notModifiedExpress.headers).sort());

    // What it cannot answer goes to Express unchanged: a wrong key is a 401 in the house format.
    const wrong = await fetch(`${urlB}/v1/licensee/samples/${s.sampleInventoryId}`, { headers: { 'X-API-Key': 'ltk_wrong' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ statusCode: 401 });
    const unknown = await poll(urlB, '1234567890123456');
    expect(unknown.status).toBe(404);
    expect(sent).toHaveBeenCalledTimes(2);
    sent.mockRestore();
  });

  async function licenseeId(): Promise<string> {
    const [row] = await a.sql<{ id: string }>(`SELECT id FROM licensees WHERE license_number = $1`, [licensee.licenseNumber]);
    return row.id;
  }
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditChainService } from '../src/audit/chain/audit-chain.service';
import { verifyChain } from '../src/audit/chain/chain-verifier';
import { checkCoaRecords } from '../src/audit/chain/coa-records-check';
import { amendAndRelease, metalsWithLead } from './support/amendments';
import { dbUrl, pgAdminUrl, runtimeDbUrl } from './support/databases';
import { massHunterFor } from './support/instrument-files';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { eventually, releasedSample, submissionsOf } from './support/release';
import { bootContext, createTestApp, dropTestDatabase, TestContext } from './support/test-app';

const ROOT = join(__dirname, '..');
const HEAD_KEY = 'audit-head-key-for-the-backup-drill-0123456789';

/** The operator's scripts, run as they would be, from source (no build in a test run). */
function script(name: string, args: string[], env: Record<string, string>) {
  const run = spawnSync('bash', [join(ROOT, 'scripts', name), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LABTRACE_SCRIPTS: 'src', AUDIT_HEAD_KEY: HEAD_KEY, ...env },
    encoding: 'utf8',
    timeout: 50_000,
  });
  return { status: run.status, stdout: run.stdout, out: `${run.stdout}${run.stderr}` };
}

async function createEmptyDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
}

describe('backup and restore drill', () => {
  let t: TestContext;
  let restored: TestContext | undefined;
  let backups: string;
  const restoredDb = `labtrace_e2e_${process.env.LABTRACE_E2E_RUN}_${process.pid}_restored`;

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { AUDIT_HEAD_KEY: HEAD_KEY } });
    backups = mkdtempSync(join(tmpdir(), 'labtrace-backups-'));
  });

  afterAll(async () => {
    await restored?.close();
    await t?.close();
    await dropTestDatabase(restoredDb);
    rmSync(backups, { recursive: true, force: true });
  });

  it('brings back a lab day that verifies, with the same COAs and the same licensee answers', async () => {
    // A lab day: intake, an instrument import, two releases, an amendment, deliveries to the state.
    const tech = await t.userToken('technician');
    const managerA = await t.userToken('manager');
    const managerB = await t.userToken('manager');
    const licensee: LicenseeHandle = await registerLicensee(t, (await t.userToken('admin')).token);
    const batch = [await receivedSample(t, tech.token, licensee), await receivedSample(t, tech.token, licensee), await receivedSample(t, tech.token, licensee)];
    await t
      .http()
      .post('/v1/instrument-imports')
      .set('Authorization', `Bearer ${tech.token}`)
      .attach('file', massHunterFor(batch.map((s) => s.labCode)), 'batch.csv')
      .expect(201);
    const first = await releasedSample(t, tech, managerA, licensee);
    const second = await releasedSample(t, tech, managerB, licensee);
    await amendAndRelease(t, managerA, managerB, first.id, { amendsVersion: 1, reason: 'Lead re-run after a failed CCV', results: metalsWithLead('0.71') });
    for (const s of [first, second]) {
      await eventually(async () => (await submissionsOf(t, s.id)).every((r) => r.status === 'delivered'), 30_000, `delivery of ${s.id}`);
    }
    const chain = t.app.get(AuditChainService);
    await eventually(async () => (await chain.linkPending(), (await chain.backlog()).unchained === 0), 20_000, 'the chain to catch up');

    const poll = (ctx: TestContext, s: { sampleInventoryId: string }) =>
      ctx.http().get(`/v1/licensee/samples/${s.sampleInventoryId}`).set('X-API-Key', licensee.apiKey);
    const before = await Promise.all([first, second].map((s) => poll(t, s).expect(200)));
    expect(before[0].body).toMatchObject({ coaVersion: 2 });

    // Backup.
    const backup = script('backup.sh', [backups], { DATABASE_URL: t.env.DATABASE_URL, DATABASE_MIGRATION_URL: t.env.DATABASE_MIGRATION_URL });
    expect(backup.out).not.toMatch(/error/i);
    expect(backup.status).toBe(0);
    const dir = backup.stdout.trim().split('\n').pop()!;
    expect(readdirSync(dir).sort()).toEqual(['SHA256SUMS', 'chain-head.json', 'database.dump', 'manifest.json']);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { coaDocuments: number; chainHead: { position: number } };
    expect(manifest.coaDocuments).toBe(3);
    const [{ events }] = await t.sql<{ events: string }>(`SELECT count(*)::text AS events FROM audit_events`);
    expect(manifest.chainHead.position).toBe(Number(events));

    // A restore refuses a database that is not empty, and a damaged backup.
    expect(script('restore.sh', [dir], { RESTORE_DATABASE_URL: t.env.DATABASE_MIGRATION_URL }).out).toContain('is not empty');
    await createEmptyDatabase(restoredDb);
    const damaged = join(backups, 'damaged');
    spawnSync('cp', ['-r', dir, damaged]);
    writeFileSync(join(damaged, 'chain-head.json'), readFileSync(join(dir, 'chain-head.json'), 'utf8').replace(/"position": \d+/, '"position": 1'));
    const refused = script('restore.sh', [damaged], { RESTORE_DATABASE_URL: dbUrl(restoredDb) });
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('checksum mismatch');

    // Restore into a fresh database: the chain and the signed head verify, every COA matches.
    const restore = script('restore.sh', [dir], { RESTORE_DATABASE_URL: dbUrl(restoredDb) });
    expect(restore.out).toMatch(/signed heads: \d+ checked\n/);
    expect(restore.out).toContain(`COA versions: 3 checked against the chain`);
    expect(restore.out).toContain('COA documents: 3 checked');
    expect(restore.out).toContain('restore verified');
    expect(restore.status).toBe(0);
    // PUBLIC may not connect to the copy: only the roles its tables name (and its owner) may.
    const [acl] = await t.sql<{ public_connect: boolean; roles: string[] }>(
      `SELECT has_database_privilege('public', d.oid, 'CONNECT') AS public_connect,
              ARRAY(SELECT r.rolname::text FROM aclexplode(d.datacl) a JOIN pg_roles r ON r.oid = a.grantee WHERE a.privilege_type = 'CONNECT' ORDER BY 1) AS roles
         FROM pg_database d WHERE d.datname = $1`,
      [restoredDb],
    );
    const roles = [new URL(dbUrl(restoredDb)).username, new URL(runtimeDbUrl(restoredDb)).username].map(decodeURIComponent).sort();
    expect(acl).toEqual({ public_connect: false, roles: [...new Set(roles)] });
    expect(restore.out).toContain(`database privileges: CONNECT for ${[...new Set(roles)].join(', ')} only`);

    // An app on the restored copy answers a licensee's poll exactly as before, and serves the same COA bytes.
    restored = await bootContext({ ...t.env, DATABASE_URL: runtimeDbUrl(restoredDb), DATABASE_MIGRATION_URL: dbUrl(restoredDb) });
    const after = await Promise.all([first, second].map((s) => poll(restored!, s).expect(200)));
    for (let i = 0; i < 2; i++) {
      expect(after[i].body).toEqual(before[i].body);
      expect(after[i].headers.etag).toBe(before[i].headers.etag);
      await poll(restored, [first, second][i]).set('If-None-Match', before[i].headers.etag).expect(304);
    }
    // Every verify token resolves through the restored app's public verify route to its version and hash.
    const server = (await restored.app.listen(0, '127.0.0.1')) as Server;
    const pg = new Client({ connectionString: dbUrl(restoredDb) });
    await pg.connect();
    try {
      const sql = async <T>(text: string, params?: unknown[]) => (await pg.query(text, params)).rows as T[];
      const viaApi = await checkCoaRecords(sql, { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      expect(viaApi).toEqual({ ok: true, documents: 3, problems: [], checkedThrough: expect.stringMatching(/^http:/) });
    } finally {
      await pg.end();
    }
  });

  it('writes to and reads from an s3:// target through the aws CLI', async () => {
    // A stand-in for `aws s3 cp --recursive` that maps s3://bucket/key onto a local directory.
    const bin = join(backups, 'bin');
    const bucketRoot = join(backups, 's3');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'aws'),
      [
        '#!/usr/bin/env bash',
        '[ "$1 $2 $3 $4" = "s3 cp --recursive --only-show-errors" ] || { echo "unexpected: $*" >&2; exit 2; }',
        'map() { case "$1" in s3://*) echo "$FAKE_S3_ROOT/${1#s3://}";; *) echo "$1";; esac; }',
        'mkdir -p "$(map "$6")" && cp -r "$(map "$5")"/. "$(map "$6")"/',
      ].join('\n'),
      { mode: 0o755 },
    );
    const env = { PATH: `${bin}:${process.env.PATH}`, FAKE_S3_ROOT: bucketRoot };
    const backup = script('backup.sh', ['s3://drill-bucket/labtrace'], {
      ...env,
      DATABASE_URL: t.env.DATABASE_URL,
      DATABASE_MIGRATION_URL: t.env.DATABASE_MIGRATION_URL,
    });
    expect(backup.status).toBe(0);
    const url = backup.stdout.trim().split('\n').pop()!;
    expect(url).toMatch(/^s3:\/\/drill-bucket\/labtrace\/labtrace-\d{8}T\d{6}Z$/);
    expect(readdirSync(join(bucketRoot, url.slice('s3://'.length))).sort()).toEqual(['SHA256SUMS', 'chain-head.json', 'database.dump', 'manifest.json']);
    // Downloaded and checksummed, then refused: the restored copy is not empty any more.
    const restore = script('restore.sh', [url], { ...env, RESTORE_DATABASE_URL: dbUrl(restoredDb) });
    expect(restore.out).toContain('checksums match');
    expect(restore.out).toContain('is not empty');
    expect(restore.status).toBe(1);
  });

  it('reports a COA whose PDF or recorded hash was changed behind the application, in the restored copy', async () => {
    const pg = new Client({ connectionString: dbUrl(restoredDb) });
    await pg.connect();
    try {
      const sql = async <T>(text: string, params?: unknown[]) => (await pg.query(text, params)).rows as T[];
      const [doc] = await sql<{ id: string; sample_id: string; version: number }>(
        `SELECT id::text, sample_id::text, version FROM coa_documents ORDER BY released_at LIMIT 1`,
      );
      await sql('BEGIN');
      await sql('ALTER TABLE coa_documents DISABLE TRIGGER coa_documents_append_only');
      await sql(`UPDATE coa_documents SET pdf = pdf || '\\x0a'::bytea, sha256 = encode(sha256(pdf || '\\x0a'::bytea), 'hex') WHERE id = $1`, [doc.id]);
      await sql('ALTER TABLE coa_documents ENABLE TRIGGER coa_documents_append_only');
      await sql('COMMIT');
      // The PDF and its record agree again, but the chained release event still holds the released hash.
      expect((await checkCoaRecords(sql)).ok).toBe(true);
      const report = await verifyChain(sql, { headKeys: [HEAD_KEY] });
      expect(report.firstBreak).toBeNull();
      expect(report.coa.problems).toEqual([expect.objectContaining({ sampleId: doc.sample_id, version: doc.version, problem: 'sha256_differs' })]);
      expect(report.ok).toBe(false);
    } finally {
      await pg.end();
    }
  });
});

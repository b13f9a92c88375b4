import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { hashPassword } from '../src/auth/password-hasher';
import { seedDemo } from '../src/scripts/demo-seed';
import { entryCommand } from './support/app-entry';
import { dbUrl, runtimeDbUrl } from './support/databases';
import { bootContext, createTestDatabase, dropTestDatabase, TestContext } from './support/test-app';

const ROOT = join(__dirname, '..');
const METRICS_TOKEN = `metrics-${randomBytes(18).toString('base64url')}`;
const ADMIN = { email: 'first.admin@lab.example', name: 'First Admin', password: 'a long and private passphrase 7' };

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A LabTrace entry point as its own process (the real boot path), with this environment only. */
function run(entry: string, env: Record<string, string>, args: string[] = [], stdin = ''): Promise<Run> {
  const entryPoint = entryCommand(entry);
  return new Promise((resolve, reject) => {
    const child = spawn(entryPoint.command, [...entryPoint.args, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...entryPoint.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

describe('production mode (LABTRACE_ENV=production)', () => {
  let dbName: string;
  let env: Record<string, string>;
  let pg: Client;

  beforeAll(async () => {
    dbName = await createTestDatabase();
    env = {
      NODE_ENV: 'test',
      LABTRACE_ENV: 'production',
      // The runtime role, with the password services.sh generated (production checks that there is one).
      DATABASE_URL: runtimeDbUrl(dbName),
      QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
      JWT_SECRET: randomBytes(36).toString('base64url'),
      METRICS_TOKEN,
      AUDIT_HEAD_KEY: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'silent',
      BIOTRACK_BASE_URL: 'http://127.0.0.1:9',
      BIOTRACK_API_KEY: 'the-labs-own-integrator-key',
      BIOTRACK_PASSWORD: 'the-labs-own-biotrack-password',
    };
    pg = new Client({ connectionString: dbUrl(dbName) });
    await pg.connect();
  });

  afterAll(async () => {
    await pg.end();
    await dropTestDatabase(dbName);
  });

  // Each process compiles the app on start: slow on a busy machine.
  it('the API and the worker refuse to start while an account has the demo password, naming every reason', async () => {
    await pg.query(`INSERT INTO users (email, display_name, password_hash, role) VALUES ('old.admin@lab.example', 'Old Admin', $1, 'admin')`, [
      await hashPassword('labtrace-demo'),
    ]);
    // The owner role (it owns the tables) in place of the runtime role.
    const weak = { ...env, JWT_SECRET: 'x'.repeat(40), DATABASE_URL: dbUrl(dbName) };
    const [api, worker] = await Promise.all([run('main', weak), run('worker', env)]);
    for (const process of [api, worker]) {
      expect(process.status).toBe(1);
      expect(process.stderr).toMatch(/LabTrace refuses to start with LABTRACE_ENV=production/);
      expect(process.stderr).toMatch(/- 1 account\(s\) still have a demo password: old\.admin@lab\.example/);
    }
    expect(api.stdout).not.toMatch(/listening/);
    expect(api.stderr).toMatch(/- JWT_SECRET is a short pattern/);
    expect(api.stderr).toMatch(/- DATABASE_URL connects as labtrace_owner, which owns \d+ table\(s\); that role is for migrations only/);
    expect(worker.stderr).not.toMatch(/JWT_SECRET|DATABASE_URL/);
  }, 300_000);

  it('refuses to boot without METRICS_TOKEN', async () => {
    const api = await run('main', { ...env, METRICS_TOKEN: '' });
    expect(api.status).toBe(1);
    expect(api.stderr).toMatch(/METRICS_TOKEN is required when LABTRACE_ENV=production/);
  });

  describe('admin:create', () => {
    const create = (args: string[], stdin: string) => run('scripts/admin-create', env, args, stdin);

    it('creates an admin from a password on stdin, printing nothing secret, audited', async () => {
      const made = await create(['--email', ADMIN.email, '--name', ADMIN.name], `${ADMIN.password}\n`);
      expect(made.stderr).toBe('');
      expect(made.status).toBe(0);
      expect(made.stdout).toMatch(/^created admin first\.admin@lab\.example \([0-9a-f-]{36}\)\n$/);
      const { rows } = await pg.query<{ role: string; active: boolean; display_name: string; password_hash: string }>(
        `SELECT role, active, display_name, password_hash FROM users WHERE email = $1`,
        [ADMIN.email],
      );
      expect(rows).toEqual([expect.objectContaining({ role: 'admin', active: true, display_name: ADMIN.name })]);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      const audit = await pg.query<{ actor_type: string; actor_label: string; after: Record<string, unknown> }>(
        `SELECT actor_type, actor_label, after FROM audit_events WHERE action = 'user.created' AND after->>'email' = $1`,
        [ADMIN.email],
      );
      expect(audit.rows).toEqual([expect.objectContaining({ actor_type: 'system', actor_label: 'admin:create (command line)' })]);
      expect(JSON.stringify(audit.rows[0].after)).not.toMatch(/password|passphrase/i);
    }, 180_000);

    it('refuses an e-mail that exists, a password in argv and a weak password, changing nothing', async () => {
      const [again, argv, demo, mail] = await Promise.all([
        create(['--email', ADMIN.email.toUpperCase(), '--name', 'Someone Else'], `${ADMIN.password}\n`),
        create(['--email', 'argv@lab.example', '--name', 'Argv', '--password', ADMIN.password], ''),
        create(['--email', 'weak@lab.example', '--name', 'Weak'], 'my labtrace-demo password\n'),
        create(['--email', 'quality.manager@lab.example', '--name', 'QM'], 'quality.manager@lab.example\n'),
      ]);
      expect(again).toMatchObject({ status: 1, stderr: expect.stringMatching(/a user with e-mail first\.admin@lab\.example already exists/) });
      expect(argv).toMatchObject({ status: 1, stderr: expect.stringMatching(/never taken from the command line/) });
      expect(demo).toMatchObject({ status: 1, stderr: expect.stringMatching(/refused: The password must not be or contain the demo password/) });
      expect(mail).toMatchObject({ status: 1, stderr: expect.stringMatching(/refused: The password must not contain your e-mail address/) });
      const { rows } = await pg.query(`SELECT email FROM users WHERE email IN ('argv@lab.example', 'weak@lab.example', 'quality.manager@lab.example')`);
      expect(rows).toEqual([]);
      expect((await pg.query(`SELECT display_name FROM users WHERE email = $1`, [ADMIN.email])).rows).toEqual([{ display_name: ADMIN.name }]);
    }, 180_000);
  });

  describe('once no account has a demo password', () => {
    let t: TestContext;

    beforeAll(async () => {
      // The old admin changed their password; the boot checks pass now.
      await pg.query(`UPDATE users SET password_hash = $1 WHERE email = 'old.admin@lab.example'`, [await hashPassword('another private passphrase 9')]);
      t = await bootContext(env);
    });
    afterAll(() => t.close());

    it('the first admin signs in; the session cookie is Secure even over plain HTTP', async () => {
      const res = await t.http().post('/v1/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-labtrace_session='));
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      const token = (res.body as { accessToken: string }).accessToken;
      await t.http().get('/v1/users').set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('the demo accounts do not exist, and the demo seed refuses in process too', async () => {
      await t.http().post('/v1/auth/login').send({ email: 'admin@demo.lab', password: 'labtrace-demo' }).expect(401);
      await expect(seedDemo(t.app, 'labtrace-demo', t.config)).rejects.toThrow(/The demo seed refuses to run with LABTRACE_ENV=production/);
      expect(await t.sql(`SELECT email FROM users WHERE email LIKE '%@demo.lab'`)).toEqual([]);
    });

    it('/metrics needs the metrics token', async () => {
      const anonymous = await t.http().get('/metrics').expect(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="labtrace-metrics"');
      expect(anonymous.text).not.toMatch(/labtrace_http_requests_total/);
      await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
      const admin = await t.http().post('/v1/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
      await t
        .http()
        .get('/metrics')
        .set('Authorization', `Bearer ${(admin.body as { accessToken: string }).accessToken}`)
        .expect(401);
      const metrics = await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(metrics.headers['content-type']).toMatch(/text\/plain/);
      expect(metrics.text).toMatch(/labtrace_http_requests_total\{[^}]*route="\/metrics"[^}]*status="401"/);
    });

    it('/health tells anonymous callers only up or down; details to the metrics token and to an admin', async () => {
      expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'up' });
      const withToken = await t.http().get('/health').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(withToken.body).toEqual({ status: 'up', checks: { database: 'up', redis: 'up' } });
      expect((await t.http().get('/health').set('Authorization', 'Bearer not-the-token').expect(200)).body).toEqual({ status: 'up' });
      const admin = await t.http().post('/v1/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
      const token = (admin.body as { accessToken: string }).accessToken;
      const details = await t.http().get('/v1/health').set('Authorization', `Bearer ${token}`).expect(200);
      expect(details.body).toEqual({ status: 'up', checks: { database: 'up', redis: 'up' } });
      await t.http().get('/v1/health').expect(401);
    });

    it('sends the security headers on every response, HSTS included', async () => {
      for (const res of [await t.http().get('/health'), await t.http().get('/v1/users'), await t.http().get('/docs/openapi.json')]) {
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('same-origin');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });
  });
});

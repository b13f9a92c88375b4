import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { UnitOfWork } from '../src/database/unit-of-work';
import { WebhookEndpointOverviewDto } from '../src/webhooks/webhook-admin.dto';
import { ResolvedAddress, WebhookResolver } from '../src/webhooks/webhook-resolver';
import { WebhooksRepository } from '../src/webhooks/webhooks.repository';
import { WebhookDeliveryView, WebhookEndpointView, WebhooksService } from '../src/webhooks/webhooks.service';
import { inventoryId, LicenseeHandle, registerLicensee } from './support/lab';
import { eventually } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

type Behaviour = 'ok' | 'fail' | 'drip' | 'gzip-bomb' | 'flood';

interface Hit {
  at: number;
  closedAt?: number;
  /** Bytes the receiver managed to hand to its socket before we hung up (gzip: compressed). */
  bytesSent: number;
}

interface Receiver {
  url: string;
  hits: Hit[];
  /** Resolves with the n-th request (1-based) as it arrives. */
  nth(n: number): Promise<Hit>;
  close(): Promise<void>;
}

const GIB = 1024 ** 3;
/** 1 MiB of zeros as one gzip member; a gzip stream may hold any number of members back to back. */
const MEMBER = gzipSync(Buffer.alloc(1024 * 1024));

/** A licensee's receiver (bytesSent counts what it handed to its socket, kernel buffers included), reached as http://receiver.test:<port>/ (allow-listed, resolved to 127.0.0.1). */
async function receiver(behaviour: Behaviour): Promise<Receiver> {
  const hits: Hit[] = [];
  const waiting: Array<{ n: number; resolve: (h: Hit) => void }> = [];
  const respond = (res: ServerResponse, hit: Hit) => {
    res.on('close', () => (hit.closedAt = Date.now()));
    if (behaviour === 'ok') return res.writeHead(200).end('ok');
    if (behaviour === 'fail') return res.writeHead(500).end('database password is hunter2');
    if (behaviour === 'drip') {
      // Headers at once, then one byte every 250 ms for ever: never idle long enough for an idle timeout.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const drip = setInterval(() => {
        res.write('.');
        hit.bytesSent += 1;
      }, 250);
      return res.on('close', () => clearInterval(drip));
    }
    // gzip-bomb: 1 GiB of zeros once inflated, about 1 MB on the wire; flood: 1 GiB on the wire. Both as fast as the client reads.
    const chunk = behaviour === 'gzip-bomb' ? MEMBER : Buffer.alloc(1024 * 1024, 0x20);
    res.writeHead(200, behaviour === 'gzip-bomb' ? { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } : { 'Content-Type': 'application/json' });
    let chunks = 0;
    const pump = () => {
      while (!res.destroyed && chunks < GIB / (1024 * 1024)) {
        chunks++;
        hit.bytesSent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  const server: Server = createServer((req, res) => {
    const hit: Hit = { at: Date.now(), bytesSent: 0 };
    hits.push(hit);
    for (const w of waiting.filter((x) => x.n === hits.length)) w.resolve(hit);
    req.resume();
    req.on('end', () => respond(res, hit));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://receiver.test:${(server.address() as AddressInfo).port}/hooks`,
    hits,
    nth: (n) => (hits.length >= n ? Promise.resolve(hits[n - 1]) : new Promise((resolve) => waiting.push({ n, resolve }))),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const PUBLIC: ResolvedAddress[] = [{ address: '93.184.215.14', family: 4 }];

describe('webhook defences', () => {
  let t: TestContext;
  let admin: { token: string };
  let technician: { token: string };
  const receivers: Receiver[] = [];
  /** What the fake DNS answers; anything else goes to the system resolver (only `localhost` is asked). */
  const dns = new Map<string, ResolvedAddress[]>([
    ['receiver.test', [{ address: '127.0.0.1', family: 4 }]],
    ['metadata.attacker.example', [{ address: '169.254.169.254', family: 4 }]],
    ['intranet.attacker.example', [{ address: '10.0.0.1', family: 4 }]],
    ['rebind.attacker.example', PUBLIC],
  ]);
  let resolved: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      worker: true,
      simulator: false,
      env: {
        WEBHOOK_ALLOWED_HOSTS: 'receiver.test',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_MAX_ENDPOINTS: '3',
        WEBHOOK_MAX_ATTEMPTS: '5',
        WEBHOOK_RETRY_BASE_MS: '300',
      },
    });
    const resolver = t.app.get(WebhookResolver);
    const system = resolver.resolveHost.bind(resolver);
    jest.spyOn(resolver, 'resolveHost').mockImplementation((host) => {
      resolved.push(host);
      if (/^erp-\d+\.example\.com$/.test(host)) return Promise.resolve(PUBLIC);
      return dns.has(host) ? Promise.resolve(dns.get(host)!) : system(host);
    });
    admin = await t.userToken('admin');
    technician = await t.userToken('technician');
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await t.close();
  });

  const open = async (behaviour: Behaviour) => {
    const r = await receiver(behaviour);
    receivers.push(r);
    return r;
  };
  const register = (l: LicenseeHandle, url: string) =>
    t
      .http()
      .post('/v1/licensee/webhooks')
      .set('X-API-Key', l.apiKey)
      .send({ url, events: ['coa.released'] });
  const licenseeId = async (l: LicenseeHandle) => (await t.sql<{ id: string }>('SELECT id FROM licensees WHERE license_number = $1', [l.licenseNumber]))[0].id;
  /** A coa.released event for the licensee, written as a release would write it. */
  const publish = async (l: LicenseeHandle) => {
    const id = await licenseeId(l);
    await t.app
      .get(UnitOfWork)
      .run(() =>
        t.app
          .get(WebhooksService)
          .publish(
            'coa.released',
            { licenseeId: id, sampleInventoryId: inventoryId(), inventoryIds: [], labCode: null, status: 'reported' },
            { coaVersion: 1, overall: 'pass' },
          ),
      );
  };
  const log = async (l: LicenseeHandle, endpointId: string) =>
    (await t.http().get(`/v1/licensee/webhooks/${endpointId}/deliveries`).set('X-API-Key', l.apiKey).expect(200)).body as WebhookDeliveryView[];

  it('refuses registration to loopback, private, link-local and metadata addresses, by literal or by name', async () => {
    const l = await registerLicensee(t, admin.token);
    const refusals: Array<[string, number, string]> = [
      ['https://127.0.0.1/hook', 422, 'Webhook URL must point at a public internet address; 127.0.0.1 is a loopback address'],
      ['https://10.0.0.1/hook', 422, 'Webhook URL must point at a public internet address; 10.0.0.1 is a private address'],
      ['https://169.254.169.254/latest/meta-data/', 422, 'Webhook URL must point at a public internet address; 169.254.169.254 is a link-local address'],
      ['https://[::1]/hook', 422, 'Webhook URL must point at a public internet address; ::1 is a loopback address'],
      ['https://[::ffff:169.254.169.254]/hook', 422, 'Webhook URL must point at a public internet address; ::ffff:a9fe:a9fe is a link-local address'],
      ['https://100.100.100.200/hook', 422, 'Webhook URL must point at a public internet address; 100.100.100.200 is a carrier-grade NAT address'],
      [
        'https://metadata.attacker.example/hook',
        422,
        'Webhook URL must point at a public internet address; metadata.attacker.example does not resolve to public addresses only',
      ],
      [
        'https://intranet.attacker.example/hook',
        422,
        'Webhook URL must point at a public internet address; intranet.attacker.example does not resolve to public addresses only',
      ],
      ['https://localhost/hook', 422, 'Webhook URL must point at a public internet address; localhost does not resolve to public addresses only'],
      ['http://127.0.0.1:5432/', 400, 'Webhook URLs must use HTTPS'],
      ['https://erp-1.example.com:8443/hook', 400, 'Webhook URLs must use the standard HTTPS port 443'],
    ];
    for (const [url, status, message] of refusals) {
      const res = await register(l, url);
      expect({ url, status: res.status, message: (res.body as { message: string }).message }).toEqual({ url, status, message });
    }
    const listed = await t.http().get('/v1/licensee/webhooks').set('X-API-Key', l.apiKey).expect(200);
    expect(listed.body).toEqual([]);
    // What is checked is what is stored and sent: the parser's normal form.
    const ok = await register(l, 'https://ERP-9.Example.com:443/x/../hook').expect(201);
    expect(ok.body).toMatchObject({ url: 'https://erp-9.example.com/hook', active: true, disabledReason: null });
  });

  it('checks the address again at send time: a name re-pointed at loopback after registration gets nothing', async () => {
    const l = await registerLicensee(t, admin.token);
    const endpoint = (await register(l, 'https://rebind.attacker.example/hook').expect(201)).body as WebhookEndpointView;
    dns.set('rebind.attacker.example', [{ address: '127.0.0.1', family: 4 }]);
    resolved = [];
    await publish(l);
    // A claim counts the attempt before the send; its outcome is written after. Wait for the outcome.
    const [first] = await eventually(async () => {
      const rows = await log(l, endpoint.id);
      return rows[0]?.attempts >= 1 && (rows[0].lastError !== null || rows[0].lastStatus !== null) && rows;
    }, 10_000);
    expect(first).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'connection failed' });
    expect(resolved).toContain('rebind.attacker.example');
    await t.http().delete(`/v1/licensee/webhooks/${endpoint.id}`).set('X-API-Key', l.apiKey).expect(204);
  });

  it('cuts a dripping and a gzip-bomb receiver at the timeout and size cap while another licensee is served on time', async () => {
    const [drip, bomb, flood, healthy] = await Promise.all([open('drip'), open('gzip-bomb'), open('flood'), open('ok')]);
    const [a, b, f, c] = await Promise.all([1, 2, 3, 4].map(() => registerLicensee(t, admin.token)));
    const ea = (await register(a, drip.url).expect(201)).body as WebhookEndpointView;
    const eb = (await register(b, bomb.url).expect(201)).body as WebhookEndpointView;
    const ef = (await register(f, flood.url).expect(201)).body as WebhookEndpointView;
    const ec = (await register(c, healthy.url).expect(201)).body as WebhookEndpointView;
    const rssBefore = process.memoryUsage().rss;

    for (const l of [a, b, f]) await publish(l);
    const [dripHit, bombHit, floodHit] = await Promise.all([drip.nth(1), bomb.nth(1), flood.nth(1)]);

    // While the drip is still being fed, another licensee's event goes out at the next poll.
    const published = Date.now();
    await publish(c);
    const healthyHit = await healthy.nth(1);
    const onTimeMs = healthyHit.at - published;
    expect(dripHit.closedAt).toBeUndefined();
    expect(onTimeMs).toBeLessThan(1000);
    // No transaction is held open across the requests in flight (the drip has been open for a while by now).
    const idleInTx = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND state_change < now() - interval '50 milliseconds'`,
    );
    expect(idleInTx[0].n).toBe(0);

    await eventually(async () => [dripHit, bombHit, floodHit].every((h) => h.closedAt !== undefined), 10_000, 'the three receivers cut off');
    const [dripCutMs, bombCutMs, floodCutMs] = [dripHit, bombHit, floodHit].map((h) => h.closedAt! - h.at);
    expect(dripCutMs).toBeGreaterThanOrEqual(1900);
    expect(dripCutMs).toBeLessThan(3500);
    expect(bombCutMs).toBeLessThan(1000);
    expect(floodCutMs).toBeLessThan(1000);
    expect(floodHit.bytesSent).toBeLessThan(64 * 1024 * 1024);

    const [logA, logB, logF, logC] = await eventually(async () => {
      const logs = await Promise.all([log(a, ea.id), log(b, eb.id), log(f, ef.id), log(c, ec.id)]);
      return logs.every((x) => x[0]?.lastError || x[0]?.status === 'delivered') && logs;
    }, 10_000);
    expect({ drip: logA[0], bomb: logB[0], flood: logF[0], healthy: logC[0] }).toMatchObject({
      drip: { status: 'pending', lastStatus: null, lastError: 'timeout' },
      // These fail fast, so by now their retries may have run out (dead) while the drip was still timing out.
      bomb: { status: expect.stringMatching(/^(pending|dead)$/), lastStatus: 200, lastError: 'response too large' },
      flood: { status: expect.stringMatching(/^(pending|dead)$/), lastStatus: 200, lastError: 'response too large' },
      healthy: { status: 'delivered', attempts: 1, lastStatus: 200, lastError: null },
    });
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;

    console.log(
      [
        'webhook defences (timeout 2000 ms, cap 4096 B, poll 100 ms):',
        `  another licensee's webhook delivered ${onTimeMs} ms after its event, while the drip was still open`,
        `  drip receiver cut after ${dripCutMs} ms (${dripHit.bytesSent} bytes dripped)`,
        `  gzip bomb (1 GiB inflated, ${((GIB / (1024 * 1024)) * MEMBER.length) / 1024} KiB on the wire) cut after ${bombCutMs} ms, never inflated`,
        `  1 GiB plain body cut after ${floodCutMs} ms; the receiver got ${(floodHit.bytesSent / 1024 / 1024).toFixed(1)} MiB into socket buffers before the hang-up`,
        `  test process RSS change across all three: ${rssGrowthMb.toFixed(1)} MB`,
      ].join('\n'),
    );
    await t.http().delete(`/v1/licensee/webhooks/${ea.id}`).set('X-API-Key', a.apiKey).expect(204);
    await t.http().delete(`/v1/licensee/webhooks/${eb.id}`).set('X-API-Key', b.apiKey).expect(204);
    await t.http().delete(`/v1/licensee/webhooks/${ef.id}`).set('X-API-Key', f.apiKey).expect(204);
  });

  it('never quotes a receiver or a socket in the delivery log', async () => {
    const failing = await open('fail');
    const l = await registerLicensee(t, admin.token);
    const e = (await register(l, failing.url).expect(201)).body as WebhookEndpointView;
    const gone = (await register(l, 'http://receiver.test:1/hooks').expect(201)).body as WebhookEndpointView;
    await publish(l);
    const [failed, refused] = await eventually(async () => {
      const rows = await Promise.all([log(l, e.id), log(l, gone.id)]);
      return rows.every((r) => r[0]?.lastError) && rows.map((r) => r[0]);
    }, 10_000);
    expect(failed).toMatchObject({ lastStatus: 500, lastError: 'HTTP 500' });
    expect(refused).toMatchObject({ lastStatus: null, lastError: 'connection failed' });
    for (const id of [e.id, gone.id]) await t.http().delete(`/v1/licensee/webhooks/${id}`).set('X-API-Key', l.apiKey).expect(204);
  });

  it('caps active endpoints per licensee, also under concurrent registrations', async () => {
    const l = await registerLicensee(t, admin.token);
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => register(l, `https://erp-${n}.example.com/hook`)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409]);
    expect(answers.find((r) => r.status === 409)!.body).toMatchObject({
      statusCode: 409,
      error: 'TOO_MANY_ENDPOINTS',
      message: 'A licensee may have at most 3 active webhook endpoints; disable one before registering another',
    });
    const first = answers.find((r) => r.status === 201)!.body as WebhookEndpointView;
    await t.http().delete(`/v1/licensee/webhooks/${first.id}`).set('X-API-Key', l.apiKey).expect(204);
    await register(l, 'https://erp-6.example.com/hook').expect(201);
  });

  it('disables the endpoints a revoked key registered; their pending retries are never sent', async () => {
    const [failing, healthy] = await Promise.all([open('fail'), open('ok')]);
    const l = await registerLicensee(t, admin.token);
    const second = await t
      .http()
      .post(`/v1/licensees/${l.licenseNumber}/api-keys`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ label: 'ERP 2' })
      .expect(201);
    const k2 = { ...l, apiKey: (second.body as { key: string }).key };
    const viaK1 = (await register(l, failing.url).expect(201)).body as WebhookEndpointView;
    const viaK2 = (await register(k2, healthy.url).expect(201)).body as WebhookEndpointView;
    await publish(l);
    await Promise.all([failing.nth(1), healthy.nth(1)]);

    await t.http().delete(`/v1/licensees/${l.licenseNumber}/api-keys/${l.apiKeyId}`).set('Authorization', `Bearer ${admin.token}`).expect(200);
    await new Promise((r) => setTimeout(r, 200));
    const hitsAtRevocation = failing.hits.length;
    const listed = (await t.http().get('/v1/licensee/webhooks').set('X-API-Key', k2.apiKey).expect(200)).body as WebhookEndpointView[];
    expect(listed.find((e) => e.id === viaK1.id)).toMatchObject({ active: false, disabledReason: 'api_key_revoked' });
    expect(listed.find((e) => e.id === viaK2.id)).toMatchObject({ active: true, disabledReason: null });

    await publish(l);
    await healthy.nth(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(failing.hits.length).toBe(hitsAtRevocation);
    const pending = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'pending'`, [viaK1.id]);
    expect(pending[0].n).toBe(1);
    const audit = await t.sql<{ action: string; after: { disabledReason: string } }>(
      `SELECT action, after FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [viaK1.id],
    );
    expect(audit.map((a) => [a.action, a.after.disabledReason])).toEqual([
      ['webhook.registered', undefined],
      ['webhook.disabled', 'api_key_revoked'],
    ]);
    await register(l, healthy.url).expect(401);
  });

  it('lets admins list every licensee’s endpoints and disable any of them, audited', async () => {
    const failing = await open('fail');
    const [p, q] = await Promise.all([registerLicensee(t, admin.token), registerLicensee(t, admin.token)]);
    const ep = (await register(p, failing.url).expect(201)).body as WebhookEndpointView;
    const eq = (await register(q, 'https://erp-7.example.com/hook').expect(201)).body as WebhookEndpointView;

    await t.http().get('/v1/webhook-endpoints').set('Authorization', `Bearer ${technician.token}`).expect(403);
    const all = (await t.http().get('/v1/webhook-endpoints').set('Authorization', `Bearer ${admin.token}`).expect(200)).body as WebhookEndpointOverviewDto[];
    expect(all.map((e) => e.id)).toEqual(expect.arrayContaining([ep.id, eq.id]));
    expect(new Set(all.map((e) => e.licenseNumber)).size).toBeGreaterThan(2);
    const onlyQ = (
      await t.http().get(`/v1/webhook-endpoints?licenseNumber=${q.licenseNumber}&state=active`).set('Authorization', `Bearer ${admin.token}`).expect(200)
    ).body as WebhookEndpointOverviewDto[];
    expect(onlyQ).toEqual([
      expect.objectContaining({
        id: eq.id,
        licenseNumber: q.licenseNumber,
        url: 'https://erp-7.example.com/hook',
        active: true,
        createdByKeyPrefix: q.apiKey.slice(3, 13),
        pending: 0,
      }),
    ]);
    expect(JSON.stringify(onlyQ)).not.toContain('whsec_');

    await publish(p);
    await failing.nth(1);
    const disabled = await t
      .http()
      .post(`/v1/webhook-endpoints/${ep.id}/disable`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ reason: 'Receiver answers 500 to everything' })
      .expect(200);
    expect(disabled.body).toMatchObject({ id: ep.id, licenseNumber: p.licenseNumber, active: false, disabledReason: 'admin', pending: 1 });
    await new Promise((r) => setTimeout(r, 200));
    const hits = failing.hits.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(failing.hits.length).toBe(hits);
    const seenByLicensee = (await t.http().get('/v1/licensee/webhooks').set('X-API-Key', p.apiKey).expect(200)).body as WebhookEndpointView[];
    expect(seenByLicensee[0]).toMatchObject({ id: ep.id, active: false, disabledReason: 'admin' });
    const audit = await t.sql<{ actor_label: string; reason: string }>(
      `SELECT actor_label, reason FROM audit_events WHERE entity_id = $1 AND action = 'webhook.disabled'`,
      [ep.id],
    );
    expect(audit).toEqual([expect.objectContaining({ reason: 'Receiver answers 500 to everything' })]);

    await t
      .http()
      .post('/v1/webhook-endpoints/00000000-0000-4000-8000-000000000000/disable')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({})
      .expect(404);
    await t.http().post(`/v1/webhook-endpoints/${eq.id}/disable`).set('Authorization', `Bearer ${technician.token}`).send({}).expect(403);
  });
});

describe('webhook claims', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ simulator: false });
  });
  afterAll(() => t.close());

  it('never hands one delivery to two workers, caps each endpoint per claim, and skips disabled and busy endpoints', async () => {
    const admin = await t.userToken('admin');
    const l = await registerLicensee(t, admin.token);
    const [{ id: licensee }] = await t.sql<{ id: string }>('SELECT id FROM licensees WHERE license_number = $1', [l.licenseNumber]);
    const endpoints = await t.sql<{ id: string; active: boolean }>(
      `INSERT INTO webhook_endpoints (licensee_id, url, secret, events, active, disabled_at, disabled_reason)
       SELECT $1, 'https://erp.example.com/' || n, 'whsec_x', '{coa.released}', n <= 3, CASE WHEN n > 3 THEN now() END, CASE WHEN n > 3 THEN 'admin' END
         FROM generate_series(1, 4) n RETURNING id, active`,
      [licensee],
    );
    await t.sql(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, next_attempt_at)
       SELECT e.id, gen_random_uuid(), 'coa.released', '{}', now() - interval '1 minute' FROM webhook_endpoints e, generate_series(1, 15) WHERE e.licensee_id = $1`,
      [licensee],
    );
    const repo = t.app.get(WebhooksRepository);
    const uow = t.app.get(UnitOfWork);
    const claim = (busyEndpointIds: string[] = []) => uow.run(() => repo.claimDue({ limit: 10, perEndpoint: 4, busyEndpointIds, leaseMs: 60_000 }));

    const [busy] = endpoints;
    const whileBusy = await claim([busy.id]);
    expect(whileBusy.length).toBe(8);
    expect(whileBusy.some((d) => d.endpointId === busy.id)).toBe(false);

    const claimed = [...whileBusy];
    for (;;) {
      const round = await Promise.all([claim(), claim(), claim(), claim()]);
      for (const batch of round) {
        const perEndpoint = new Map<string, number>();
        for (const d of batch) perEndpoint.set(d.endpointId, (perEndpoint.get(d.endpointId) ?? 0) + 1);
        expect(Math.max(0, ...perEndpoint.values())).toBeLessThanOrEqual(4);
      }
      if (round.every((b) => b.length === 0)) break;
      claimed.push(...round.flat());
    }
    const ids = claimed.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(45);
    const disabled = endpoints.filter((e) => !e.active).map((e) => e.id);
    expect(claimed.some((d) => disabled.includes(d.endpointId))).toBe(false);
    const rows = await t.sql<{ attempts: number; leased: boolean }>(
      `SELECT attempts, next_attempt_at > now() + interval '50 seconds' AS leased FROM webhook_deliveries WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows.every((r) => r.attempts === 1 && r.leased)).toBe(true);
  });
});

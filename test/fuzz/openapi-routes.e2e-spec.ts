import fc from 'fast-check';
import { Role } from '../../src/common/actor';
import { announce, flowerSample, inventoryId, licenseNumber, receivedSample, registerLicensee, seedStateSample } from '../support/lab';
import { createTestApp, TEST_PASSWORD, TestContext } from '../support/test-app';
import { edgeValueForRealRecord, FuzzRequest, invalidBodyForRealRecord, malformedRequest } from './malformed-requests';
import { exampleOf, OpenApiDocument, WriteRoute, writeRoutes } from './openapi-routes';

/**
 * Every write route of the served OpenAPI document gets fast-check-generated malformed requests
 * (bodies, parameters, query strings, headers, credentials) with the credentials of a role the
 * route admits: none may answer 5xx, and none may write (every table's row count and a digest of its
 * rows, before and after each route's batches). A second batch sends a valid body wrong in exactly
 * one property to real records, which must be refused with a 4xx. Last, values at the edges of their
 * types (empty, huge, impossible dates, look-alike digits), which may be accepted: no 5xx.
 * Fixed seed. FUZZ_RUNS (default 12) requests per route and batch, FUZZ_SEED another sequence,
 * FUZZ_VERBOSE=1 the answers per route.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const ROLES: Role[] = ['technician', 'manager', 'admin'];

describe('OpenAPI write routes under malformed requests', () => {
  let t: TestContext;
  let doc: OpenApiDocument;
  const tokens = new Map<Role, string>();
  let apiKey: string;
  const real: Record<string, string> = {};
  /** Bodies the routes accept as they are (the document's examples alone are not always consistent), keyed `METHOD template`. */
  let validBodies: Record<string, unknown> = {};
  let unreceivedIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES) tokens.set(role, (await t.userToken(role)).token);
    const licensee = await registerLicensee(t, tokens.get('admin')!);
    apiKey = licensee.apiKey;
    const sample = await receivedSample(t, tokens.get('technician')!, licensee);
    real.sampleId = sample.id;
    real.userId = (await t.userToken('technician')).id;
    real.licenseNumber = licensee.licenseNumber;
    // Announced, not received: one for each edge-value receipt (the first accepted receipt closes a sample to the rest).
    const unreceived = Array.from({ length: RUNS + 1 }, () => flowerSample());
    for (const s of unreceived) await seedStateSample(t, licensee.licenseNumber, s);
    unreceivedIds = ((await announce(t, licensee, unreceived)).res.body as { sampleIds: string[] }).sampleIds;
    real.announcedId = unreceivedIds[0];
    const now = new Date().toISOString();
    validBodies = {
      'PUT /v1/samples/{id}/results': {
        groups: [
          {
            group: 'metals',
            analytes: [
              { analyte: 'Lead', value: '0.1', unit: 'µg/g', lod: '0.01', loq: '0.05', dilution: '1', method: 'ICP-MS', instrument: 'ICP-1', analysedAt: now },
            ],
          },
        ],
        reason: 'fuzz',
      },
      'POST /v1/samples/{id}/receive': {
        receivedQuantity: '7.0',
        unit: 'g',
        condition: 'acceptable',
        storageLocation: 'Fridge 1',
        notes: 'n',
        collectionSite: 'Farm',
        receivedAt: now,
      },
      'POST /v1/samples/{id}/custody': { kind: 'moved', location: 'Fridge 2', quantity: '1', unit: 'g', note: 'n' },
      'POST /v1/samples/{id}/retests': { sampleInventoryId: inventoryId(), quantity: '1', unit: 'g', reason: 'r' },
      'PATCH /v1/users/{id}': { active: true, role: 'technician', displayName: 'Fuzz' },
      'POST /v1/users': { email: 'fuzz-new@test.lab', displayName: 'Fuzz', password: `${TEST_PASSWORD}-2`, role: 'technician' },
      'POST /v1/licensees': {
        licenseNumber: licenseNumber(),
        name: 'Fuzz Farm',
        contactName: 'Desk',
        contactEmail: 'desk@example.com',
        contactPhone: '(518) 555-0100',
        address: '1 Farm Lane',
      },
      'POST /v1/sample-transfers': {
        manifestId: `M-${inventoryId()}`,
        licenseNumber: licensee.licenseNumber,
        samples: [flowerSample({ requestedTests: ['terpenes'] })],
      },
      'POST /v1/auth/password': { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD}-new` },
    };
    doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
  });
  afterAll(() => t.close());

  /**
   * Every table's row count and a digest of its rows, in one query: an update shows as well as an
   * insert or delete. A session's last_seen_at and an API key's last_used_at move with any authenticated
   * request (at most every 30 s and every minute), so they are left out.
   */
  async function tableFingerprints(): Promise<Record<string, string>> {
    const tables = await t.sql<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const rows = await t.sql<{ name: string; n: string }>(
      tables
        .map(
          (x) =>
            `SELECT '${x.name}' AS name, count(*) || ' ' || md5(coalesce(string_agg((to_jsonb(r) - 'last_seen_at' - 'last_used_at')::text, '|' ORDER BY r::text), '')) AS n FROM "${x.name}" r`,
        )
        .join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.n]));
  }

  /** Real records for the parameters a route names, where the fuzzer has one (else none: the route gets no second batch). */
  function realParams(route: WriteRoute): Record<string, string> | null {
    const byTemplate: [RegExp, Record<string, string>][] = [
      [/^\/v1\/samples\/\{id\}\/receive/, { id: real.announcedId }],
      [/^\/v1\/samples\/\{id\}/, { id: real.sampleId, analyte: 'lead' }],
      [/^\/v1\/users\/\{id\}/, { id: real.userId }],
      [/^\/v1\/licensees\/\{licenseNumber\}/, { licenseNumber: real.licenseNumber }],
      [/^\/v1\/instrument-imports\/mappings\/instruments\/\{instrument\}/, { instrument: 'QQQ-1' }],
    ];
    if (route.pathParams.length === 0) return {};
    const known = byTemplate.find(([re]) => re.test(route.template))?.[1];
    if (!known || !route.pathParams.every((p) => known[p])) return null;
    return Object.fromEntries(route.pathParams.map((p) => [p, known[p]]));
  }

  function report(batch: string, started: number, sent: number, statuses: Map<number, number>): void {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = JSON.stringify(Object.fromEntries([...statuses].sort()));
    process.stdout.write(
      `[fuzz] ${batch}: ${writeRoutes(doc).length} write routes, ${sent} requests in ${seconds} s (seed ${SEED}, FUZZ_RUNS=${RUNS}); statuses ${counts}\n`,
    );
  }

  function exampleFor(route: WriteRoute): unknown {
    const key = `${route.method.toUpperCase()} ${route.template}`;
    return key in validBodies ? validBodies[key] : route.jsonBody ? exampleOf(doc, route.jsonBody) : {};
  }

  function send(route: WriteRoute, role: Role | null, r: FuzzRequest) {
    const path = route.template.replace(/\{(\w+)\}/g, (_, name: string) => r.params[name] ?? 'x');
    const req = t.http()[route.method](r.query ? `${path}?${r.query}` : path);
    for (const [k, v] of Object.entries(r.headers)) void req.set(k, v);
    if (r.auth === 'valid') {
      if (route.auth === 'licensee-key') void req.set('X-API-Key', apiKey);
      else if (role) void req.set('Authorization', `Bearer ${tokens.get(role)}`);
    } else if (r.auth !== null) void req.set('Authorization', r.auth);
    void req.timeout({ response: 20000 });
    return r.body === undefined ? req : req.send(r.body);
  }

  /** The first role the route admits (RolesGuard answers 403 before anything reads the request). */
  async function roleFor(route: WriteRoute): Promise<Role | null> {
    if (route.auth !== 'bearer') return null;
    const params = Object.fromEntries(route.pathParams.map((p) => [p, '6f1c2b1e-0000-4000-8000-000000000000']));
    for (const role of ROLES) {
      const res = await send(route, role, { params, query: '', auth: 'valid', headers: {}, kind: 'probe' });
      if (res.status !== 403) return role;
    }
    return 'admin';
  }

  it(`answers every malformed request with a 4xx and writes nothing (${RUNS} per route and batch, seed ${SEED})`, async () => {
    const started = Date.now();
    const routes = writeRoutes(doc);
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const [index, route] of routes.entries()) {
      const name = `${route.method.toUpperCase()} ${route.template}`;
      // Bodiless routes without parameters (refresh, state sync) act on the caller alone: only bad credentials are malformed there.
      const bodiless = !route.jsonBody && route.pathParams.length === 0 && route.auth !== 'none' && !/imports|-sets$/.test(route.template);
      const role = bodiless ? null : await roleFor(route);
      const perRoute = new Map<string, number>();
      const batches: { requests: FuzzRequest[]; mustRefuse: boolean }[] = [
        {
          requests: fc
            .sample(malformedRequest(route, exampleFor(route)), { seed: SEED + index, numRuns: RUNS })
            .map((r) => (bodiless && r.auth === 'valid' ? { ...r, auth: 'Bearer x' } : r)),
          mustRefuse: false,
        },
      ];
      const params = realParams(route);
      const invalid = params && route.jsonBody ? invalidBodyForRealRecord(exampleFor(route), params) : null;
      if (invalid) batches.push({ requests: fc.sample(invalid, { seed: SEED + index, numRuns: RUNS }), mustRefuse: true });
      const routeStarted = Date.now();
      const before = await tableFingerprints();
      for (const { requests, mustRefuse } of batches) {
        for (const r of requests) {
          let status: number;
          let text: string;
          try {
            const res = await send(route, role, r);
            status = res.status;
            text = res.text;
          } catch (e) {
            // Node's client refuses some header values before sending: nothing reached the server.
            if (e instanceof TypeError || (e as { code?: string }).code === 'ERR_INVALID_CHAR') continue;
            throw e;
          }
          sent++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const key = `${status}${r.auth === 'valid' ? '' : ' (bad credentials)'}`;
          perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
          if (status >= 500 || (mustRefuse && status < 400))
            failures.push(`${name} [${r.kind}] ${JSON.stringify(r.params)} ?${r.query.slice(0, 60)} → ${status} ${text.slice(0, 160)}`);
        }
      }
      if (process.env.FUZZ_VERBOSE)
        process.stdout.write(`[fuzz] ${name} as ${role ?? route.auth} (${Date.now() - routeStarted} ms): ${JSON.stringify(Object.fromEntries(perRoute))}\n`);
      const after = await tableFingerprints();
      const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
      if (changed.length > 0) failures.push(`${name} wrote: ${changed.map((k) => `${k} ${before[k]} → ${after[k]}`).join(', ')}`);
    }
    report('malformed', started, sent, statuses);
    expect(failures).toEqual([]);
  }, 600_000);

  // Last, as these may be accepted and change the records: values at the edges of their type, where only a 5xx is wrong.
  it(`answers values at the edges of their types (well-formed, maybe accepted) without a 5xx`, async () => {
    const started = Date.now();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const [index, route] of writeRoutes(doc).entries()) {
      const params = realParams(route);
      // A changed password would end the sessions the fuzzer runs on.
      const edge = params && route.jsonBody && route.template !== '/v1/auth/password' ? edgeValueForRealRecord(exampleFor(route), params) : null;
      if (!edge) continue;
      const role = await roleFor(route);
      const edgeStarted = Date.now();
      for (const [n, r] of fc.sample(edge, { seed: SEED + index, numRuns: RUNS }).entries()) {
        const res = await send(route, role, route.template.endsWith('/receive') ? { ...r, params: { id: unreceivedIds[n + 1] } } : r);
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) failures.push(`${route.method.toUpperCase()} ${route.template} [${r.kind}] → ${res.status} ${res.text.slice(0, 160)}`);
      }
      if (process.env.FUZZ_VERBOSE)
        process.stdout.write(`[fuzz] edge values ${route.method.toUpperCase()} ${route.template} (${Date.now() - edgeStarted} ms)\n`);
    }
    report('edge values', started, sent, statuses);
    expect(failures).toEqual([]);
  }, 600_000);
});

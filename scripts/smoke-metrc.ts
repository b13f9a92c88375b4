/**
 * The "done when" walk of issue 17 against a running lab on the Metrc simulator
 * (`TRACEABILITY_ADAPTER=metrc scripts/start.sh --detach`), over HTTP only, asserting every step:
 * transfer in the simulator -> sync -> receive -> a complete panel -> submit -> release by a second
 * manager -> recorded (once) and released in Metrc with the COA -> the licensee poll shows it reported;
 * then an amendment, which Metrc cannot take: the submission waits as needs_state_action with steps.
 *
 *   scripts/smoke-metrc.sh    (LABTRACE_URL, METRC_SIM_URL, DEMO_PASSWORD, METRC_LICENSE override the defaults)
 */
import { randomInt } from 'node:crypto';
import { passingFlowerPanel } from '../src/scripts/demo-panel';

const API = (process.env.LABTRACE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const SIM = (process.env.METRC_SIM_URL ?? 'http://127.0.0.1:4020').replace(/\/$/, '');
const PASSWORD = process.env.DEMO_PASSWORD ?? 'labtrace-demo';
const LAB = process.env.METRC_LICENSE ?? 'OCM-LAB-25-000007';
/** The demo licensee (src/scripts/demo-seed.ts), which is also the simulator's demo shipper. */
const SHIPPER = process.env.SMOKE_SHIPPER_LICENSE ?? 'OCM-CULT-24-000123';
const DELIVERY_TIMEOUT_MS = Number(process.env.SMOKE_TIMEOUT_MS ?? 60_000);

type Json = Record<string, unknown>;
let step = 0;
let failures = 0;

function ok(what: string, detail = ''): void {
  process.stdout.write(`  ok ${++step}  ${what}${detail ? `: ${detail}` : ''}\n`);
}

class StepFailed extends Error {}

function check(condition: unknown, what: string, seen: unknown): asserts condition {
  if (!condition) throw new StepFailed(`${what}; saw ${typeof seen === 'string' ? seen : JSON.stringify(seen)}`);
}

async function http(base: string, method: string, path: string, opts: { token?: string; apiKey?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as Json & Json[] };
}

async function expectStatus(want: number, what: string, call: Promise<{ status: number; body: Json & Json[] }>) {
  const res = await call;
  check(res.status === want, `${what} answered ${res.status}, expected ${want}`, res.body);
  return res.body;
}

async function login(email: string): Promise<string> {
  const body = await expectStatus(200, `sign in ${email}`, http(API, 'POST', '/v1/auth/login', { body: { email, password: PASSWORD } }));
  return body.accessToken as string;
}

async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    const value = await probe().catch((e: unknown) => {
      last = e instanceof Error ? e.message : JSON.stringify(e);
      return null;
    });
    if (value) return value;
    if (Date.now() > until) throw new StepFailed(`timed out after ${timeoutMs / 1000} s waiting for ${what}${typeof last === 'string' ? ` (${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A fresh 24-character Metrc package label. */
function label(): string {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `1A4${Array.from({ length: 21 }, () => chars[randomInt(chars.length)]).join('')}`;
}

async function walk(): Promise<void> {
  process.stdout.write(`Metrc walk: LabTrace ${API}, Metrc simulator ${SIM}, lab ${LAB}\n`);
  await expectStatus(200, 'LabTrace /health', http(API, 'GET', '/health'));
  await expectStatus(200, 'Metrc simulator /_sim/config', http(SIM, 'GET', '/_sim/config'));
  const tech = await login('tech@demo.lab');
  const manager = await login('manager@demo.lab');
  const manager2 = await login('manager2@demo.lab');
  const admin = await login('admin@demo.lab');
  ok('API and simulator up; tech, two managers and admin signed in');

  const system = await expectStatus(200, 'GET /v1/state-system', http(API, 'GET', '/v1/state-system', { token: tech }));
  check(system.name === 'Metrc' && system.receivesInState === false, 'the API reports to Metrc, with no receive API', system);
  ok('the console is told the state system', `${String(system.name)}, ${String(system.inventoryIdLabel)}, receivesInState false`);

  const sampleLabel = label();
  const lotLabel = label();
  const transfer = await expectStatus(
    201,
    'POST /_sim/transfers',
    http(SIM, 'POST', '/_sim/transfers', {
      body: {
        shipperLicense: SHIPPER,
        packages: [
          {
            label: sampleLabel,
            itemName: 'Smoke Kush 3.5 g',
            itemCategoryName: 'Flower',
            quantity: 7,
            unitOfMeasureName: 'Grams',
            sourcePackageLabels: [lotLabel],
          },
        ],
      },
    }),
  );
  ok('transfer created in Metrc', `manifest ${String(transfer.manifestNumber)}, test sample ${sampleLabel}, lot ${lotLabel}`);

  const sync = await expectStatus(200, 'POST /v1/sample-transfers/sync', http(API, 'POST', '/v1/sample-transfers/sync', { token: tech }));
  const page = await expectStatus(200, 'GET /v1/samples?q=', http(API, 'GET', `/v1/samples?q=${sampleLabel}`, { token: tech }));
  const found = (page.items as Json[]).find((s) => s.sampleInventoryId === sampleLabel);
  check(found, `the synced sample ${sampleLabel} is listed`, { sync, items: page.items });
  check(found.status === 'pending', 'the synced sample waits to be received', found);
  check(JSON.stringify(found.inventoryIds) === JSON.stringify([lotLabel]), 'its sampled lot is the source package', found.inventoryIds);
  const sampleId = found.id as string;
  ok('synced from Metrc', `created ${String(sync.created)}, unchanged ${String(sync.unchanged)}, conflicts ${JSON.stringify(sync.conflicts)}`);

  const received = await expectStatus(
    200,
    'POST receive',
    http(API, 'POST', `/v1/samples/${sampleId}/receive`, {
      token: tech,
      body: { receivedQuantity: '7.0', unit: 'g', condition: 'acceptable', storageLocation: 'Cold room A' },
    }),
  );
  check(received.status === 'received' && received.labCode, 'the sample is received with a lab code', received);
  ok('received (in LabTrace; Metrc has no receive API)', JSON.stringify(received.labCode));

  await expectStatus(200, 'PUT results', http(API, 'PUT', `/v1/samples/${sampleId}/results`, { token: tech, body: { groups: passingFlowerPanel() } }));
  ok('complete flower panel entered');
  await expectStatus(200, 'POST submit', http(API, 'POST', `/v1/samples/${sampleId}/submit`, { token: tech }));
  ok('submitted for review by the technician');
  const release = await expectStatus(
    200,
    'POST release',
    http(API, 'POST', `/v1/samples/${sampleId}/release`, {
      token: manager2,
      body: { signature: { password: PASSWORD, meaning: 'Reviewed and released' } },
    }),
  );
  ok('released by a second manager (manager2)', `COA v${JSON.stringify((release as Json).version ?? (release as Json).coaVersion ?? 1)}`);

  const submission = await eventually('the worker to deliver the report to Metrc', async () => {
    const rows = (
      await expectStatus(200, 'GET /v1/state-system/submissions', http(API, 'GET', `/v1/state-system/submissions?sampleId=${sampleId}`, { token: manager }))
    )
      .slice()
      .filter((r) => r.coaVersion === 1);
    const row = rows[0];
    if (row?.status === 'dead') throw new StepFailed(`the submission died: ${String(row.lastError)}`);
    return row?.status === 'delivered' ? row : null;
  });
  check(submission.stateResultId === sampleLabel, "the state's result id is the package label", submission);
  ok('delivered', `state result id ${String(submission.stateResultId)}, ${String(submission.attempts)} failed attempts`);

  const inMetrc = await expectStatus(200, 'GET /_sim/results', http(SIM, 'GET', `/_sim/results?label=${sampleLabel}`));
  const rows = inMetrc.data as Json[];
  const posts = (inMetrc.recordPostsByLabel as Record<string, number>)[sampleLabel];
  check(posts === 1, 'exactly one record POST for the label', inMetrc.recordPostsByLabel);
  check(rows.length > 0 && rows.every((r) => r.releasedAt), 'every result row is released in Metrc', rows);
  check(
    rows.every((r) => r.documentFileId),
    'every result row carries the COA',
    rows.map((r) => r.documentFileId),
  );
  const documents = ((await expectStatus(200, 'GET /_sim/state', http(SIM, 'GET', '/_sim/state'))).documents as Json[]).filter((d) => d.label === sampleLabel);
  check(
    documents.length > 0 && documents.every((d) => String(d.fileName).endsWith('.pdf') && Number(d.bytes) > 1000),
    'the COA PDF is stored in Metrc',
    documents,
  );
  const pkg = await expectStatus(200, 'GET /_sim/packages/{label}', http(SIM, 'GET', `/_sim/packages/${sampleLabel}`));
  const lot = await expectStatus(200, 'GET /_sim/packages/{lot}', http(SIM, 'GET', `/_sim/packages/${lotLabel}`));
  check(pkg.labTestingState === 'TestPassed' && lot.labTestingState === 'TestPassed', 'the test sample and its lot show TestPassed', { pkg, lot });
  ok(
    'recorded once and released in Metrc with the COA',
    `${rows.length} lab test types, ${documents.length} document(s) ${String(documents[0].fileName)} (${String(documents[0].bytes)} bytes), package and lot TestPassed`,
  );

  const key = await expectStatus(
    201,
    'POST api-keys',
    http(API, 'POST', `/v1/licensees/${SHIPPER}/api-keys`, { token: admin, body: { label: 'smoke-metrc' } }),
  );
  const licensee = await expectStatus(200, 'licensee GET sample', http(API, 'GET', `/v1/licensee/samples/${sampleLabel}`, { apiKey: key.key as string }));
  const report = licensee.stateReport as Json | null;
  check(
    licensee.status === 'released' && report?.status === 'delivered' && report.coaVersion === 1,
    'the licensee poll shows the sample released and reported',
    licensee,
  );
  ok('licensee poll: released and reported', `overall ${String(licensee.overall)}, stateReport ${JSON.stringify(report)}`);

  const metals = passingFlowerPanel().find((g) => g.group === 'metals')!;
  const amended = [{ group: 'metals', analytes: metals.analytes.map((a) => (a.analyte === 'Lead' ? { ...a, value: '0.21' } : a)) }];
  const request = await expectStatus(
    201,
    'POST amendments',
    http(API, 'POST', `/v1/samples/${sampleId}/amendments`, {
      token: manager,
      body: { amendsVersion: 1, reason: 'Lead re-run after calibration check', results: amended },
    }),
  );
  await expectStatus(
    200,
    'POST amendment release',
    http(API, 'POST', `/v1/samples/${sampleId}/amendments/${String(request.id)}/release`, {
      token: manager2,
      body: { signature: { password: PASSWORD, meaning: 'Reviewed and approved the amendment' } },
    }),
  );
  const waiting = await eventually('the amendment to wait for a manager in Metrc', async () => {
    const list = await expectStatus(200, 'GET submissions', http(API, 'GET', `/v1/state-system/submissions?sampleId=${sampleId}`, { token: manager }));
    const row = list.find((r) => r.coaVersion === 2);
    return row?.status === 'needs_state_action' ? row : null;
  });
  const steps = String(waiting.stateAction);
  check(steps.includes(sampleLabel) && /Lead/.test(steps), 'the steps name the package and the corrected analyte', steps);
  const after = await expectStatus(200, 'GET /_sim/results', http(SIM, 'GET', `/_sim/results?label=${sampleLabel}`));
  check(
    (after.recordPostsByLabel as Record<string, number>)[sampleLabel] === 1,
    'nothing more was posted to Metrc for the amendment',
    after.recordPostsByLabel,
  );
  ok('amendment: needs_state_action with the steps for a manager; nothing posted to Metrc', steps.split('\n')[0]);
}

walk().then(
  () => {
    process.stdout.write(`Metrc walk passed: ${step} steps\n`);
  },
  (e: unknown) => {
    failures++;
    process.stdout.write(`  FAILED at step ${step + 1}: ${e instanceof StepFailed ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = failures ? 1 : 0;
  },
);

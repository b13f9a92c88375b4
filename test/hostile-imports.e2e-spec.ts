import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { ParsePool } from '../src/common/parsing/parse-pool';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Issue 20: a hostile upload cannot freeze the API. While a 5 MB one-line instrument export is being
 * imported (stored and, at the same time, as a dry run), /health and a licensee's poll answer
 * within 100 ms, and the import answers 413 stating the line limit. The app runs in this process, so
 * the event-loop delay measured here is the API's own.
 */
const FIVE_MB = 5 * 1024 * 1024;
const LINE_LIMIT = 131072;

/** One line that claims to be a moisture analyzer printout: the old key/value expressions took hours on it. */
function hostileMoistureLine(): Buffer {
  const head = 'Moisture Analysis  Start Weight  1.000 g  Final Result  9.87 %MC  ';
  return Buffer.from(head + 'A  '.repeat(Math.ceil((FIVE_MB - head.length) / 3)).slice(0, FIVE_MB - head.length), 'latin1');
}

describe('hostile imports', () => {
  let t: TestContext;
  let tech: { token: string; id: string };
  let licensee: LicenseeHandle;
  let inventoryId: string;

  beforeAll(async () => {
    // The polls here measure answer times; with a fast API they outrun the default per-key rate (a 429 is not the point).
    t = await createTestApp({ env: { LICENSEE_RATE_PER_SECOND: '1000', LICENSEE_RATE_BURST: '1000' } });
    tech = await t.userToken('technician');
    licensee = await registerLicensee(t, (await t.userToken('admin')).token);
    inventoryId = (await receivedSample(t, tech.token, licensee)).sampleInventoryId;
  });
  afterAll(() => t.close());

  it('keeps /health and licensee polls under 100 ms while a 5 MB one-line file is imported, and refuses it with 413', async () => {
    const file = hostileMoistureLine();
    expect(file.length).toBe(FIVE_MB);
    // Warm the parsing threads and the routes, so that the figures are the steady state.
    await t.http().get('/health');
    await t
      .http()
      .post('/v1/instrument-imports')
      .set('Authorization', `Bearer ${tech.token}`)
      .field('dryRun', 'true')
      .attach('file', Buffer.from('Moisture Analysis\nStart Weight  1.000 g\n'), 'warm.txt');
    await t.http().get(`/v1/licensee/samples/${inventoryId}`).set('X-API-Key', licensee.apiKey).expect(200);

    const timings: Array<{ phase: 'idle' | 'importing'; what: string; ms: number; status: number }> = [];
    let phase: 'idle' | 'importing' = 'idle';
    const timed = async (what: string, send: () => PromiseLike<{ status: number }>) => {
      const start = performance.now();
      const res = await send();
      timings.push({ phase, what, ms: performance.now() - start, status: res.status });
    };
    const pollRound = async () => {
      await timed('/health', () => t.http().get('/health'));
      await timed('licensee poll', () => t.http().get(`/v1/licensee/samples/${inventoryId}`).set('X-API-Key', licensee.apiKey));
    };
    const upload = (fields: Record<string, string>) => {
      const req = t.http().post('/v1/instrument-imports').set('Authorization', `Bearer ${tech.token}`);
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return req.attach('file', file, 'hostile-moisture.txt');
    };

    // The same polls with nothing importing: on this shared two-core box the scheduler alone makes a
    // few slow answers, and the baseline shows how many.
    const idleDelay = monitorEventLoopDelay({ resolution: 5 });
    idleDelay.enable();
    for (let round = 0; round < 10; round++) await pollRound();
    idleDelay.disable();
    phase = 'importing';
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    let importing = true;
    const imports = Promise.all([upload({}), upload({ dryRun: 'true' })]).finally(() => (importing = false));
    const polls = (async () => {
      // Keep asking for as long as the imports run (and at least ten rounds).
      for (let round = 0; importing || round < 10; round++) await pollRound();
    })();
    const [[stored, dryRun]] = await Promise.all([imports, polls]);
    delay.disable();
    const importMs = performance.now() - started;

    const figures = (p: 'idle' | 'importing', what: string) => {
      const ms = timings.filter((x) => x.phase === p && x.what === what).map((x) => x.ms);
      ms.sort((a, b) => a - b);
      return { median: ms[ms.length >> 1], p90: ms[Math.floor(ms.length * 0.9)], max: ms[ms.length - 1] };
    };
    const shown = (f: ReturnType<typeof figures>) => `median ${f.median.toFixed(1)} / p90 ${f.p90.toFixed(1)} / max ${f.max.toFixed(1)} ms`;
    console.log(
      [
        `hostile 5 MB one-line imports (stored + dry run): ${importMs.toFixed(0)} ms in flight, ${timings.filter((x) => x.phase === 'importing').length} polls`,
        `  /health        idle ${shown(figures('idle', '/health'))}; importing ${shown(figures('importing', '/health'))}`,
        `  licensee poll  idle ${shown(figures('idle', 'licensee poll'))}; importing ${shown(figures('importing', 'licensee poll'))}`,
        `  API event-loop delay: idle max ${(idleDelay.max / 1e6).toFixed(1)} ms; importing max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`,
      ].join('\n'),
    );
    expect(timings.filter((x) => x.status !== 200)).toEqual([]);
    for (const what of ['/health', 'licensee poll']) {
      const { median, p90 } = figures('importing', what);
      expect({ what, median: median < 100, p90: p90 < 100 }).toEqual({ what, median: true, p90: true });
    }
    // The event loop itself is never held by the file: nothing on it runs a parser.
    expect(delay.percentile(99) / 1e6).toBeLessThan(100);

    const message = `hostile-moisture.txt: line 1 is ${FIVE_MB} characters long; a line may be at most ${LINE_LIMIT} characters; nothing was stored`;
    for (const res of [stored, dryRun]) {
      expect(res.status).toBe(413);
      expect(res.body as ErrorBody).toMatchObject({ statusCode: 413, error: 'LINE_TOO_LONG', message, details: { line: 1, limit: LINE_LIMIT } });
    }
    expect(await t.sql(`SELECT count(*)::int AS n FROM instrument_imports`)).toEqual([{ n: 0 }]);
  });

  it('refuses a limit-set CSV with a 1.5 MB line with 413 stating the limit, and stores nothing', async () => {
    const admin = await t.userToken('admin');
    const csv = `# name: hostile\n# effectiveDate: 2026-01-01\n# source: x\nproduct_types,group,analyte,${'x'.repeat(1_500_000)}\n`;
    const before = await t.sql(`SELECT count(*)::int AS n FROM rule_sets`);
    const res = await t.http().post('/v1/limit-sets').set('Authorization', `Bearer ${admin.token}`).attach('file', Buffer.from(csv), 'limits.csv');
    expect(res.status).toBe(413);
    expect(res.body as ErrorBody).toMatchObject({
      error: 'LINE_TOO_LONG',
      message: `the limit set file: line 4 is 1500028 characters long; a line may be at most ${LINE_LIMIT} characters; nothing was stored`,
    });
    expect(await t.sql(`SELECT count(*)::int AS n FROM rule_sets`)).toEqual(before);
  });

  it('refuses a zip sent as a COA PDF and a truncated PDF with 400, read in a parsing thread', async () => {
    const post = (bytes: Buffer, name: string) => t.http().post('/v1/coa-imports').set('Authorization', `Bearer ${tech.token}`).attach('file', bytes, name);
    const zip = await post(Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(200, 7)]), 'coa.pdf');
    expect([zip.status, (zip.body as ErrorBody).message]).toEqual([400, 'The file is not a PDF (no %PDF- header).']);
    const truncated = await post(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), 'cut.pdf');
    expect(truncated.status).toBe(400);
    expect((truncated.body as ErrorBody).message).toMatch(/^The PDF is damaged or truncated and cannot be read/);
  });
});

describe('a parser over its time budget', () => {
  let t: TestContext;
  let tech: { token: string; id: string };

  beforeAll(async () => {
    // One thread, a 100 ms budget: a 13 MB export (under every text cap) cannot be parsed in that time.
    t = await createTestApp({ simulator: false, env: { PARSE_WORKERS: '1', PARSE_TIME_BUDGET_MS: '100' } });
    tech = await t.userToken('technician');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, name: string) =>
    t.http().post('/v1/instrument-imports').set('Authorization', `Bearer ${tech.token}`).field('dryRun', 'true').attach('file', bytes, name);

  it('is stopped and answers 422 naming the budget while /health stays responsive', async () => {
    // Loading the parsers into a thread is outside the budget: a small file parses well within it.
    const small = await upload(Buffer.from('sample,analyte,value,unit,lod,loq\nLT-2611-000123,Total THC,21.4,%,0.01,0.05\n'), 'small.csv');
    expect(small.status).toBe(200);
    const big = Buffer.from(`sample,analyte,value,unit,lod,loq\n${'LT-2611-000123,Total THC,21.4,%,0.01,0.05\n'.repeat(300_000)}`);
    const pending = upload(big, 'big.csv').then((res) => res);
    const health: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await t.http().get('/health').expect(200);
      health.push(performance.now() - start);
    }
    const res = await pending;
    console.log(`budget overrun: /health during the ${big.length}-byte import answered in ${health.map((ms) => ms.toFixed(1)).join(', ')} ms`);
    expect(res.status).toBe(422);
    expect(res.body as ErrorBody).toMatchObject({
      error: 'PARSE_TIME_BUDGET_EXCEEDED',
      message: 'big.csv: parsing took longer than the 100 ms budget per file and was stopped; nothing was stored',
      details: { budgetMs: 100 },
    });
    health.sort((a, b) => a - b);
    expect(health[health.length >> 1]).toBeLessThan(100);
  });
});

describe('a full parsing pool', () => {
  let t: TestContext;
  let tech: { token: string; id: string };

  beforeAll(async () => {
    // One thread and no queue: a second upload while one is parsing is refused at once.
    t = await createTestApp({ simulator: false, env: { PARSE_WORKERS: '1', PARSE_QUEUE_MAX: '0', PARSE_TIME_BUDGET_MS: '30000' } });
    tech = await t.userToken('technician');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, name: string) =>
    t.http().post('/v1/instrument-imports').set('Authorization', `Bearer ${tech.token}`).field('dryRun', 'true').attach('file', bytes, name);

  it('answers 503 with Retry-After instead of waiting, and parses the next file once the thread is free', async () => {
    const pool = t.app.get(ParsePool);
    const big = Buffer.from(`sample,analyte,value,unit,lod,loq\n${'LT-2611-000123,Total THC,21.4,%,0.01,0.05\n'.repeat(300_000)}`);
    const pending = upload(big, 'big.csv').then((res) => res);
    const deadline = Date.now() + 20_000;
    while (pool.load.running === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pool.load.running).toBe(1);

    const refused = await upload(Buffer.from('sample,analyte,value,unit,lod,loq\nLT-2611-000123,Total THC,21.4,%,0.01,0.05\n'), 'small.csv');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body as ErrorBody).toMatchObject({
      error: 'PARSERS_BUSY',
      message: 'All 1 parsing threads are busy and 0 files are waiting; try again shortly',
    });
    // The thread parsed it to the end, and it is refused for its size: more rows than one import holds.
    const parsed = await pending;
    expect(parsed.status).toBe(413);
    expect(parsed.body as ErrorBody).toMatchObject({
      error: 'TOO_MANY_ROWS',
      message: 'big.csv: 300000 result rows; an import may hold at most 50000; split the file; nothing was stored',
    });
    const again = await upload(Buffer.from('sample,analyte,value,unit,lod,loq\nLT-2611-000123,Total THC,21.4,%,0.01,0.05\n'), 'small.csv');
    expect(again.status).toBe(200);
  });
});

import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
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
    t = await createTestApp();
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

    const timings: Array<{ what: string; ms: number; status: number }> = [];
    const timed = async (what: string, send: () => PromiseLike<{ status: number }>) => {
      const start = performance.now();
      const res = await send();
      timings.push({ what, ms: performance.now() - start, status: res.status });
    };
    const upload = (fields: Record<string, string>) => {
      const req = t.http().post('/v1/instrument-imports').set('Authorization', `Bearer ${tech.token}`);
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return req.attach('file', file, 'hostile-moisture.txt');
    };

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    let importing = true;
    const imports = Promise.all([upload({}), upload({ dryRun: 'true' })]).finally(() => (importing = false));
    const polls = (async () => {
      // Keep asking for as long as the imports run (and at least ten rounds).
      for (let round = 0; importing || round < 10; round++) {
        await timed('/health', () => t.http().get('/health'));
        await timed('licensee poll', () => t.http().get(`/v1/licensee/samples/${inventoryId}`).set('X-API-Key', licensee.apiKey));
      }
    })();
    const [[stored, dryRun]] = await Promise.all([imports, polls]);
    delay.disable();
    const importMs = performance.now() - started;

    const worst = (what: string) => Math.max(...timings.filter((x) => x.what === what).map((x) => x.ms));
    console.log(
      `hostile 5 MB one-line imports: ${importMs.toFixed(0)} ms in flight; ${timings.length} polls; ` +
        `/health max ${worst('/health').toFixed(1)} ms, licensee poll max ${worst('licensee poll').toFixed(1)} ms; ` +
        `event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`,
    );
    expect(timings.filter((x) => x.status !== 200)).toEqual([]);
    expect(timings.filter((x) => x.ms >= 100)).toEqual([]);

    const message = `hostile-moisture.txt: line 1 is ${FIVE_MB} characters long; a line may be at most ${LINE_LIMIT} characters; nothing was stored`;
    for (const res of [stored, dryRun]) {
      expect(res.status).toBe(413);
      expect(res.body as ErrorBody).toMatchObject({ statusCode: 413, error: 'LINE_TOO_LONG', message, details: { line: 1, limit: LINE_LIMIT } });
    }
    expect(await t.sql(`SELECT count(*)::int AS n FROM instrument_imports`)).toEqual([{ n: 0 }]);
  });
});

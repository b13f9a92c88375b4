/**
 * Import throughput, end to end over HTTP, beside the machine's own references from the same run:
 * - a generated MassHunter batch (default 400 samples x 50 compounds = 20,000 result rows) and a
 *   generated long CSV (200 samples x 59 pesticides = 11,800 rows): `POST /v1/instrument-imports`
 *   (multipart upload → parse in the worker pool → plan → judge → stored in one transaction) beside
 *   csv-parse alone on the same text (in this process), PostgreSQL COPY of the same rows into a
 *   bare table, and the row-store floor (the stored rows inserted again from a table: rowStoreFloorMs);
 * - each COA PDF of test/fixtures/coa-pdfs: `POST /v1/coa-imports` into a received sample beside
 *   poppler's `pdftotext` on the same file and pdf.js's text extraction alone in the app's parsing pool
 *   (median of --coa-runs, after one unmeasured warm-up import; each import run gets bytes made unique
 *   by a trailing PDF comment so it is not answered as a duplicate).
 * Prints the machine, the load average before and after, and the ratios; writes bench/results/import.txt.
 *
 *   npx ts-node --transpile-only -P tsconfig.json bench/import.ts [--samples 400] [--compounds 50] [--long-samples 200] [--runs 3] [--coa-runs 3]
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { register } from 'prom-client';
import { ParsePool, workerTask } from '../src/common/parsing/parse-pool';
import { parseInstrumentExport } from '../src/instruments/parsers/parser-registry';
import { WA_PESTICIDES } from '../src/rules/analytes/pesticides';
import { announce, flowerSample, registerLicensee } from '../test/support/lab';
import { bootApp, ensureServices, loadLine, machineLine, readFlags, table, writeResult } from './support';

type Ctx = Awaited<ReturnType<typeof bootApp>>;

const flags = readFlags({ samples: 400, compounds: 50, longSamples: 200, runs: 3, coaRuns: 3 });
const COA_DIR = join(__dirname, '..', 'test', 'fixtures', 'coa-pdfs');
const STEPS = ['read', 'prepare', 'transaction'] as const;
type StepMs = Record<(typeof STEPS)[number], number>;

/** The app's own time per import step so far (labtrace_import_step_seconds, instrument imports), in ms. */
async function instrumentStepMs(): Promise<StepMs> {
  const metric = register.getSingleMetric('labtrace_import_step_seconds');
  const values = (metric ? (await metric.get()).values : []) as Array<{
    value: number;
    labels: Record<string, string | number | undefined>;
    metricName?: string;
  }>;
  const sum = (step: string) =>
    values
      .filter((v) => v.metricName === 'labtrace_import_step_seconds_sum' && v.labels.kind === 'instrument' && v.labels.step === step)
      .reduce((a, v) => a + v.value, 0);
  return { read: sum('read') * 1000, prepare: sum('prepare') * 1000, transaction: sum('transaction') * 1000 };
}

function massHunterBatch(codes: string[], compounds: string[]): string {
  const head1 = ['Sample', '', '', '', '', '', '', '', ...compounds.flatMap((c) => [`${c} Results`, '', '', ''])].join(',');
  const head2 = [
    '',
    '',
    'Name',
    'Data File',
    'Type',
    'Level',
    'Acq. Date-Time',
    'Dil.',
    ...compounds.flatMap(() => ['RT', 'Resp.', 'Calc. Conc.', 'Final Conc.']),
  ].join(',');
  const lines = codes.map((code, i) => {
    const cells = compounds.flatMap((_, j) => {
      const v = ((i * 7 + j * 13) % 97) / 1000;
      return v < 0.01 ? ['', '', '', ''] : ['7.84', String(1000 + j), v.toFixed(4), v.toFixed(4)];
    });
    return ['!', '!', code, `${code}.d`, 'Sample', '', '3/14/2026 8:54 AM', '1', ...cells].join(',');
  });
  return [head1, head2, ...lines].join('\r\n') + '\r\n';
}

/** The built-in method set's pesticide method (src/rules/data): every generated row is a pesticide. */
const PESTICIDE_METHOD = 'LT-M-PEST-01';

function longCsv(codes: string[], analytes: string[]): string {
  // LOD and LOQ at the method's highest validated ones (a file may not claim limits below its method's), values at or above the LOQ.
  const value = (n: number) => (n % 40 === 0 ? 'ND' : ((n % 40) / 100 + 0.1).toFixed(2));
  const lines = codes.flatMap((code, i) => analytes.map((a, j) => `${code},${a},${value(i + j)},µg/g,0.03,0.1,sample,1`));
  return ['sample,analyte,value,unit,lod,loq,kind,dilution', ...lines].join('\n') + '\n';
}

/** Received samples with lab codes, made quickly: announced through the API, received by SQL. */
async function receivedSamples(t: Ctx, admin: string, n: number, prefix: string): Promise<string[]> {
  return (await receivedSampleRows(t, admin, n, prefix)).map((r) => r.lab_code);
}

async function receivedSampleRows(t: Ctx, admin: string, n: number, prefix: string): Promise<Array<{ id: string; lab_code: string }>> {
  const licensee = await registerLicensee(t, admin);
  const ids: string[] = [];
  for (let i = 0; i < n; i += 200) {
    const batch = Array.from({ length: Math.min(200, n - i) }, () => flowerSample());
    const { res } = await announce(t, licensee, batch);
    if (res.status !== 201) throw new Error(`announce: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...(res.body as { sampleIds: string[] }).sampleIds);
  }
  await t.sql(
    `UPDATE samples s SET status = 'received', received_at = now(), panel = '{pesticides}', lab_code = $2 || lpad(o.n::text, 6, '0')
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM samples WHERE id = ANY($1)) o WHERE s.id = o.id`,
    [ids, prefix],
  );
  return t.sql<{ id: string; lab_code: string }>(`SELECT id, lab_code FROM samples WHERE id = ANY($1) ORDER BY lab_code`, [ids]);
}

async function timeIt<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const load = loadLine;

async function copyMs(t: Ctx, rows: string[][]): Promise<number> {
  const file = join(tmpdir(), `labtrace-bench-copy-${process.pid}.csv`);
  writeFileSync(file, rows.map((r) => r.join(',')).join('\n') + '\n');
  chmodSync(file, 0o644);
  await t.sql(`CREATE TABLE IF NOT EXISTS bench_copy (sample_ref text, analyte text, value text, unit text)`);
  await t.sql(`TRUNCATE bench_copy`);
  return (await timeIt(() => t.sql(`COPY bench_copy FROM '${file}' WITH (FORMAT csv)`))).ms;
}

/**
 * The floor under an import's write in this data model: PostgreSQL storing the very rows the import
 * stored (copied aside first, untimed) with one INSERT … SELECT from a table into an empty table of
 * analyte_results' shape (its columns, checks and primary key; no triggers): no parsing, judging, audit
 * or parameters at all. Whatever an import does, its result rows cost at least this.
 */
async function rowStoreFloorMs(t: Ctx, codes: string[]): Promise<number> {
  const columns = (
    await t.sql<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_name = 'analyte_results' AND table_schema = current_schema() AND column_name NOT IN ('frozen', 'created_at', 'updated_at')
        ORDER BY ordinal_position`,
    )
  )
    .map((c) => c.column_name)
    .join(', ');
  await t.sql(`CREATE TABLE IF NOT EXISTS bench_rows (LIKE analyte_results INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  await t.sql(`DROP TABLE IF EXISTS bench_rows_staged`);
  await t.sql(
    `CREATE TABLE bench_rows_staged AS SELECT ${columns.replace(/(\w+)/g, 'r.$1')} FROM analyte_results r JOIN samples s ON s.id = r.sample_id WHERE s.lab_code = ANY($1)`,
    [codes],
  );
  await t.sql(`TRUNCATE bench_rows`);
  return (await timeIt(() => t.sql(`INSERT INTO bench_rows (${columns}) SELECT ${columns} FROM bench_rows_staged`))).ms;
}

/**
 * One export measured `runs` times, each run into fresh received samples (a re-import would merge into
 * stored rows, a different workload): csv-parse, LabTrace's parser in this process, COPY, the HTTP import.
 */
async function measureExport(t: Ctx, admin: string, tech: string, label: string, make: (codes: string[]) => string, samples: number) {
  const runs: Array<{ csv: number; parser: number; copy: number; floor: number; full: number; rows: number; format: string; steps: StepMs; heldMs: number }> =
    [];
  for (let run = 0; run < flags.runs; run++) {
    const codes = await receivedSamples(t, admin, samples, `LT-${label.slice(0, 4).toUpperCase()}${run}-`);
    const text = make(codes);
    const bytes = Buffer.from(text, 'utf8');
    const csv = await timeIt(() => parse(text, { relax_column_count: true }));
    const parsed = await timeIt(() => parseInstrumentExport(bytes));
    const rows = parsed.value.rows.filter((r) => r.kind === 'sample');
    const copy = await copyMs(
      t,
      rows.map((r) => [r.sampleRef, r.analyte, r.value ?? r.qualifier ?? '', r.unit ?? '']),
    );
    const stepsBefore = await instrumentStepMs();
    // The longest the app's event loop was held during the import: what any other request to this process waited at worst.
    const held = monitorEventLoopDelay({ resolution: 1 });
    held.enable();
    const full = await timeIt(() =>
      // Pesticide rows only, named with their method as a lab must since session 23 (it fills each row's method, LOD and LOQ).
      t
        .http()
        .post('/v1/instrument-imports')
        .set('Authorization', `Bearer ${tech}`)
        .field('methods', PESTICIDE_METHOD)
        .attach('file', bytes, `${label}-${run}.csv`),
    );
    held.disable();
    const stepsAfter = await instrumentStepMs();
    const body = full.value.body as { accounting?: { stored: number } };
    if (full.value.status !== 201 || body.accounting?.stored !== rows.length)
      throw new Error(`${label}: ${full.value.status}, stored ${body.accounting?.stored} of ${rows.length}: ${JSON.stringify(full.value.body).slice(0, 400)}`);
    const steps = Object.fromEntries(STEPS.map((step) => [step, stepsAfter[step] - stepsBefore[step]])) as StepMs;
    const floor = await rowStoreFloorMs(t, codes);
    runs.push({ csv: csv.ms, parser: parsed.ms, copy, floor, full: full.ms, rows: rows.length, format: parsed.value.format, steps, heldMs: held.max / 1e6 });
  }
  const pick = (k: 'csv' | 'parser' | 'copy' | 'floor' | 'full') => median(runs.map((r) => r[k]));
  return {
    label,
    rows: runs[0].rows,
    format: runs[0].format,
    csv: pick('csv'),
    parser: pick('parser'),
    copy: pick('copy'),
    floor: pick('floor'),
    full: pick('full'),
    all: runs.map((r) => r.full),
    held: runs.map((r) => r.heldMs),
    // Each run's csv-parse against its own import, measured a few seconds apart: a slow minute of the host slows both.
    pairedRatios: runs.map((r) => r.csv / r.full),
    steps: Object.fromEntries(STEPS.map((step) => [step, median(runs.map((r) => r.steps[step]))])) as StepMs,
  };
}

/** pdf.js's text extraction alone, in the app's own parsing pool, as the COA import runs it (coa-pdf.task.ts). */
const COA_TEXT_TASK = workerTask<{ bytes: Uint8Array; filename: string; maxBytes: number }, { pages: number; chars: number }>(
  require.resolve('../src/instruments/parsing/coa-pdf.task'),
  'extractCoaPdfText',
);

/**
 * Each COA PDF, median of coaRuns: pdftotext on the file, pdf.js's text extraction alone in the app's parsing
 * pool, and the HTTP import into a received sample. One import first, not measured but printed: the first COA a
 * parsing thread reads loads the COA task, pdf-parse and pdf.js (as the exports' warm-up does for the parsers).
 */
async function measureCoas(t: Ctx, admin: string, techToken: string) {
  const files = readdirSync(COA_DIR)
    .filter((f) => f.endsWith('.pdf'))
    .sort();
  const samples = await receivedSampleRows(t, admin, files.length * flags.coaRuns + 1, 'LT-COA-');
  const pool = t.app.get(ParsePool);
  const importCoa = (file: string, bytes: Buffer) =>
    timeIt(() => t.http().post('/v1/coa-imports').set('Authorization', `Bearer ${techToken}`).field('sampleId', samples.pop()!.id).attach('file', bytes, file));
  const cold = await importCoa(files[0], Buffer.concat([readFileSync(join(COA_DIR, files[0])), Buffer.from(`\n% bench warm-up ${process.pid}\n`)]));
  if (cold.value.status !== 201) throw new Error(`warm-up ${files[0]}: ${cold.value.status} ${JSON.stringify(cold.value.body).slice(0, 400)}`);
  const out: Array<{ file: string; kb: number; pdftotext: number; pdfjs: number; imported: number; all: number[]; stored: number; layout: string }> = [];
  for (const file of files) {
    const path = join(COA_DIR, file);
    const pdf = readFileSync(path);
    const text: number[] = [];
    const pdfjs: number[] = [];
    const full: number[] = [];
    let last: { stored: number; layout: string } = { stored: 0, layout: '' };
    for (let run = 0; run < flags.coaRuns; run++) {
      text.push((await timeIt(() => execFileSync('pdftotext', ['-layout', path, '-'], { maxBuffer: 64 * 1024 * 1024 }))).ms);
      const res = await importCoa(file, Buffer.concat([pdf, Buffer.from(`\n% bench run ${run} ${process.pid}\n`)]));
      if (res.value.status !== 201) throw new Error(`${file}: ${res.value.status} ${JSON.stringify(res.value.body).slice(0, 400)}`);
      const body = res.value.body as { stored: number; layout: string };
      last = { stored: body.stored, layout: body.layout };
      full.push(res.ms);
      // After the import, so the import runs as it did before this column existed (right after pdftotext).
      const copy = new Uint8Array(pdf);
      pdfjs.push((await timeIt(() => pool.run(COA_TEXT_TASK, { bytes: copy, filename: file, maxBytes: pdf.length }, file, [copy.buffer]))).ms);
    }
    out.push({ file, kb: Math.round(pdf.length / 1024), pdftotext: median(text), pdfjs: median(pdfjs), imported: median(full), all: full, ...last });
  }
  return { coas: out, cold: { file: files[0], ms: cold.ms } };
}

async function main(): Promise<void> {
  ensureServices();
  const loadBefore = load();
  const t = await bootApp(undefined, { MAX_UPLOAD_BYTES: String(200 * 1024 * 1024) });
  try {
    const admin = (await t.userToken('admin')).token;
    const tech = (await t.userToken('technician')).token;
    const compounds = WA_PESTICIDES.slice(0, flags.compounds).map((a) => a.name);
    // A warm-up import (small), so the first measured run does not pay for the parse pool's start and JIT.
    await measureExport(t, admin, tech, 'warmup', (codes) => longCsv(codes, compounds.slice(0, 5)), 5);
    const exports = [
      await measureExport(t, admin, tech, 'masshunter', (codes) => massHunterBatch(codes, compounds), flags.samples),
      await measureExport(
        t,
        admin,
        tech,
        'long-csv',
        (codes) =>
          longCsv(
            codes,
            WA_PESTICIDES.map((a) => a.name),
          ),
        flags.longSamples,
      ),
    ];
    const { coas, cold } = await measureCoas(t, admin, tech);
    const ms = (x: number) => x.toFixed(0);
    const out = [
      `bench/import.ts — ${new Date().toISOString()} — ${machineLine()}`,
      `load average (1/5/15 min) before: ${loadBefore}; after: ${load()}`,
      `median of ${flags.runs} runs per export (each into fresh received samples), ${flags.coaRuns} per COA PDF; all in one process and one run`,
      '',
      table([
        [
          'export',
          'format',
          'rows',
          'csv-parse ms',
          'LabTrace parser ms',
          'COPY ms',
          'row-store floor ms',
          'HTTP import ms',
          'import rows/s',
          'csv-parse / import',
          'COPY / import',
          'floor / import',
        ],
        ...exports.map((r) => [
          r.label,
          r.format,
          r.rows,
          ms(r.csv),
          ms(r.parser),
          ms(r.copy),
          ms(r.floor),
          ms(r.full),
          Math.round((r.rows / r.full) * 1000),
          (r.csv / r.full).toFixed(3),
          (r.copy / r.full).toFixed(3),
          (r.floor / r.full).toFixed(3),
        ]),
      ]),
      ...exports.map((r) => `${r.label}: every HTTP import run, ms: ${r.all.map(ms).join(', ')}`),
      ...exports.map(
        (r) =>
          `${r.label}: csv-parse / import, each run's own pair: ${r.pairedRatios.map((x) => x.toFixed(3)).join(', ')}; median ${median(r.pairedRatios).toFixed(3)}`,
      ),
      ...exports.map(
        (r) => `${r.label}: the event loop held at most (monitorEventLoopDelay, each run), ms: ${r.held.map(ms).join(', ')}; median ${ms(median(r.held))}`,
      ),
      ...exports.map(
        (r) =>
          `${r.label}: the app's own steps (labtrace_import_step_seconds), median ms: read (parse in the pool) ${ms(r.steps.read)}, prepare (match, plan, judge) ${ms(r.steps.prepare)}, transaction (locks held: the writes) ${ms(r.steps.transaction)}`,
      ),
      '',
      table([
        ['COA PDF', 'KiB', 'layout', 'rows stored', 'pdftotext -layout ms', 'pdf.js text ms', 'HTTP import ms', 'pdf.js / pdftotext', 'import / pdftotext'],
        ...coas.map((c) => [
          c.file,
          c.kb,
          c.layout,
          c.stored,
          ms(c.pdftotext),
          ms(c.pdfjs),
          ms(c.imported),
          (c.pdfjs / c.pdftotext).toFixed(2),
          (c.imported / c.pdftotext).toFixed(2),
        ]),
      ]),
      ...coas.map((c) => `${c.file}: every HTTP import run, ms: ${c.all.map(ms).join(', ')}`),
      `first COA import in a fresh parsing thread (${cold.file}, not in the medians): ${ms(cold.ms)} ms`,
      '',
      'HTTP import: supertest multipart upload to the in-process app (client in the same process) until the 201 answer: parse in the',
      'worker pool, match, plan, judge against the limit set, then one transaction (samples locked in one statement, rows, audit',
      'events, sample changes and QC flags written set-wise, the import record). csv-parse and the LabTrace parser run in this process',
      'on the same text; COPY loads the same rows (4 text columns) from a server-side file into a bare table. Row-store floor: the',
      "rows the import stored, copied aside, stored again with one INSERT … SELECT into an empty table of analyte_results' shape",
      '(columns, checks, primary key; no triggers, no parameters): what the rows alone cost PostgreSQL, whatever the import does.',
      'pdftotext runs as a child process (its start included); the COA import includes PDF text extraction (pdf.js in the pool),',
      "layout, matching, judgement and the write. pdf.js text: the same extraction alone, as a task in the app's parsing pool",
      "(its round trip included): the floor under the import, since the layouts read pdf-parse's text.",
    ].join('\n');
    console.log(out);
    console.log(`written to ${writeResult('import.txt', out)}`);
    // The README's table (npm run bench:readme) is made from this.
    const goalMs: Record<string, number> = { masshunter: 500, 'long-csv': 300 };
    const summary = {
      bench: 'import',
      at: new Date().toISOString(),
      machine: machineLine(),
      loadBefore,
      loadAfter: load(),
      exports: exports.map((r) => ({
        name: r.label,
        rows: r.rows,
        csvParseMs: Math.round(r.csv),
        rowStoreFloorMs: Math.round(r.floor),
        importMs: Math.round(r.full),
        goalMs: goalMs[r.label],
        stepsMs: Object.fromEntries(STEPS.map((step) => [step, Math.round(r.steps[step])])),
        eventLoopHeldMs: r.held.map(Math.round),
        eventLoopHeldMedianMs: Math.round(median(r.held)),
        csvParseRatioPairedMedian: Number(median(r.pairedRatios).toFixed(3)),
      })),
      coa: coas.map((c) => ({ file: c.file, pdftotextMs: Math.round(c.pdftotext), pdfjsMs: Math.round(c.pdfjs), importMs: Math.round(c.imported) })),
    };
    console.log(`written to ${writeResult('import.json', JSON.stringify(summary, null, 2))}`);
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

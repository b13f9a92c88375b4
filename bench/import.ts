/**
 * Import throughput: a generated MassHunter-style batch (default 400 samples x 50 compounds = 20,000
 * result rows) and a generated long CSV (200 samples x 59 pesticides), each timed three ways on the
 * same machine: csv-parse alone, LabTrace's full import (detect + parse + plan + judge + store in
 * one transaction through InstrumentImportsService), and PostgreSQL COPY of the same rows into a
 * bare table. Prints rows/s and the ratios.
 *
 *   npx ts-node --transpile-only -P tsconfig.json bench/import.ts [--samples 400] [--compounds 50] [--long-samples 200]
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UsersService } from '../src/auth/users.service';
import { SYSTEM_ACTOR } from '../src/common/actor';
import { InstrumentImportsService } from '../src/instruments/instrument-imports.service';
import { parseInstrumentExport } from '../src/instruments/parsers/parser-registry';
import { WA_PESTICIDES } from '../src/rules/analytes/pesticides';
import { announce, flowerSample, registerLicensee } from '../test/support/lab';
import { bootApp, ensureServices, machineLine, readFlags, table, writeResult } from './support';

type Ctx = Awaited<ReturnType<typeof bootApp>>;

const flags = readFlags({ samples: 400, compounds: 50, longSamples: 200 });

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

function longCsv(codes: string[], analytes: string[]): string {
  const lines = codes.flatMap((code, i) => analytes.map((a, j) => `${code},${a},${((i + j) % 40) / 100 || 'ND'},µg/g,0.01,0.02,sample,1`));
  return ['sample,analyte,value,unit,lod,loq,kind,dilution', ...lines].join('\n') + '\n';
}

/** Received samples with lab codes, made quickly: announced through the API, received by SQL. */
async function receivedSamples(t: Ctx, n: number, prefix: string): Promise<string[]> {
  const admin = await t.userToken('admin');
  const licensee = await registerLicensee(t, admin.token);
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
  return (await t.sql<{ lab_code: string }>(`SELECT lab_code FROM samples WHERE id = ANY($1) ORDER BY lab_code`, [ids])).map((r) => r.lab_code);
}

async function timeIt<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function copyRows(t: Ctx, rows: Array<[string, string, string, string]>): Promise<number> {
  const file = join(tmpdir(), `labtrace-bench-copy-${process.pid}.csv`);
  writeFileSync(file, rows.map((r) => r.join(',')).join('\n') + '\n');
  chmodSync(file, 0o644);
  await t.sql(`CREATE TABLE IF NOT EXISTS bench_copy (sample_ref text, analyte text, value text, unit text)`);
  await t.sql(`TRUNCATE bench_copy`);
  const { ms } = await timeIt(() => t.sql(`COPY bench_copy FROM '${file}' WITH (FORMAT csv)`));
  return ms;
}

async function measure(t: Ctx, label: string, text: string, user: { id: string; label: string }) {
  const bytes = Buffer.from(text, 'utf8');
  const csvOnly = await timeIt(() => parse(text, { relax_column_count: true }));
  const parsed = parseInstrumentExport(bytes);
  const rows = parsed.rows.filter((r) => r.kind === 'sample');
  const copyMs = await copyRows(
    t,
    rows.map((r) => [r.sampleRef, r.analyte, r.value ?? r.qualifier ?? '', r.unit ?? '']),
  );
  const service = t.app.get(InstrumentImportsService);
  const full = await timeIt(() =>
    service.importExport({ bytes, filename: `${label}.csv`, dryRun: false, options: {} }, { type: 'user', id: user.id, label: user.label, role: 'technician' }),
  );
  if (full.value.accounting.stored !== rows.length)
    throw new Error(`${label}: stored ${full.value.accounting.stored} of ${rows.length}: ${JSON.stringify(full.value.unmatched.slice(0, 3))}`);
  const perSec = (ms: number) => Math.round((rows.length / ms) * 1000);
  return {
    label,
    rows: rows.length,
    format: parsed.format,
    csvMs: csvOnly.ms,
    fullMs: full.ms,
    copyMs,
    csvRate: perSec(csvOnly.ms),
    fullRate: perSec(full.ms),
    copyRate: perSec(copyMs),
  };
}

async function main(): Promise<void> {
  ensureServices();
  const t = await bootApp(undefined, { MAX_UPLOAD_BYTES: String(200 * 1024 * 1024) });
  try {
    const users = t.app.get(UsersService);
    const tech = await users.createUser(
      { email: `bench-tech-${process.pid}@bench.lab`, displayName: 'Bench Tech', password: 'bench-password-123', role: 'technician' },
      SYSTEM_ACTOR,
    );
    const compounds = WA_PESTICIDES.slice(0, flags.compounds).map((a) => a.name);
    const setup = await timeIt(async () => ({
      mh: await receivedSamples(t, flags.samples, 'LT-BNCH-'),
      long: await receivedSamples(t, flags.longSamples, 'LT-LONG-'),
    }));
    const results = [
      await measure(t, 'masshunter', massHunterBatch(setup.value.mh, compounds), { id: tech.id, label: 'Bench Tech' }),
      await measure(
        t,
        'long-csv',
        longCsv(
          setup.value.long,
          WA_PESTICIDES.map((a) => a.name),
        ),
        { id: tech.id, label: 'Bench Tech' },
      ),
    ];
    const out = [
      `bench/import.ts — ${new Date().toISOString()} — ${machineLine()}`,
      `setup (announce + receive ${flags.samples + flags.longSamples} samples, not timed below): ${(setup.ms / 1000).toFixed(1)} s`,
      '',
      table([
        ['file', 'format', 'rows', 'csv-parse rows/s', 'LabTrace import rows/s', 'COPY rows/s', 'import/COPY', 'import/csv-parse'],
        ...results.map((r) => [
          r.label,
          r.format,
          r.rows,
          r.csvRate,
          r.fullRate,
          r.copyRate,
          (r.fullRate / r.copyRate).toFixed(3),
          (r.fullRate / r.csvRate).toFixed(3),
        ]),
      ]),
      '',
      ...results.map((r) => `${r.label}: csv-parse ${r.csvMs.toFixed(0)} ms, full import ${r.fullMs.toFixed(0)} ms, COPY ${r.copyMs.toFixed(0)} ms`),
      "The full import parses with the vendor layout, maps aliases, judges every analyte against the limit set, writes each sample's rows, audit events and the import record in one transaction.",
    ].join('\n');
    console.log(out);
    console.log(`written to ${writeResult('import.txt', out)}`);
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

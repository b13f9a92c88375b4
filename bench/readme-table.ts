/**
 * Writes the README's benchmark table from the figures the benches last wrote (bench/results/*.json),
 * between the `<!-- bench-table:start -->` and `<!-- bench-table:end -->` lines, so the README says
 * what was measured and nothing else.
 *
 *   npm run bench:readme
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface PollingSummary {
  at: string;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  apis: number;
  connections: number;
  seconds: number;
  rounds: number;
  cases: Array<{ label: string; ratios: number[]; median: { ratio: number; rps: number; bareRps: number; p99: number; bareP99: number } }>;
}

interface ImportSummary {
  at: string;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  exports: Array<{
    name: string;
    rows: number;
    csvParseMs: number;
    rowStoreFloorMs?: number;
    importMs: number;
    goalMs?: number;
    eventLoopHeldMedianMs?: number;
    csvParseRatioPairedMedian?: number;
  }>;
  coa: Array<{ file: string; pdftotextMs: number; pdfjsMs?: number; importMs: number }>;
}

const RESULTS = join(__dirname, 'results');
const README = join(__dirname, '..', 'README.md');
const START = '<!-- bench-table:start -->';
const END = '<!-- bench-table:end -->';

function read<T>(file: string): T | null {
  const path = join(RESULTS, file);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

/**
 * Issue 23's goals as ratios to csv-parse (house rule 8: speed goals are ratios to a reference in the same run):
 * MassHunter's is the issue's own; the long CSV's is its 0.3 s over the 63 ms csv-parse took on the issue's machine.
 */
const RATIO_GOALS: Record<string, string> = { masshunter: '≥ 0.1 of csv-parse', 'long-csv': "≈ 0.21 of csv-parse (0.3 s at the issue's 63 ms)" };

const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
const day = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';

export function pollingRows(s: PollingSummary): string[] {
  const who = s.apis === 1 ? 'one API process' : `${s.apis} API processes`;
  return s.cases.map(
    (c) =>
      `| poll, ${c.label}, ${who} | ${n(c.median.rps)} rps, p99 ${n(c.median.p99)} ms | bare \`node:http\` ${n(c.median.bareRps)} rps, p99 ${n(c.median.bareP99)} ms | **${c.median.ratio.toFixed(3)}** (rounds: ${c.ratios.map((r) => r.toFixed(3)).join(', ')}) | ≥ 0.25; p99 < 20 ms | ${day(s.at)}, load ${s.loadBefore.split(' ')[0]} → ${s.loadAfter.split(' ')[0]} |`,
  );
}

export function importRows(s: ImportSummary): string[] {
  const when = `${day(s.at)}, load ${s.loadBefore.split(' ')[0]} → ${s.loadAfter.split(' ')[0]}`;
  return [
    ...s.exports.map(
      (e) =>
        `| import, ${e.name}, ${n(e.rows)} rows | ${n(e.importMs)} ms${e.eventLoopHeldMedianMs === undefined ? '' : ` (event loop held at most ${n(e.eventLoopHeldMedianMs)} ms)`} | csv-parse alone ${n(e.csvParseMs)} ms${e.rowStoreFloorMs === undefined ? '' : `; the rows alone into PostgreSQL ${n(e.rowStoreFloorMs)} ms`} | ${(e.csvParseMs / e.importMs).toFixed(3)} of csv-parse${e.csvParseRatioPairedMedian === undefined ? '' : ` (each run's own pair: median ${e.csvParseRatioPairedMedian.toFixed(3)})`} | ${[e.goalMs ? `≤ ${n(e.goalMs)} ms` : '', RATIO_GOALS[e.name] ?? ''].filter(Boolean).join('; ')} | ${when} |`,
    ),
    ...s.coa.map(
      (c) =>
        `| COA PDF import, ${c.file} | ${n(c.importMs)} ms | \`pdftotext -layout\` ${n(c.pdftotextMs)} ms${c.pdfjsMs === undefined ? '' : ` (pdf.js text alone ${n(c.pdfjsMs)} ms)`} | ${(c.importMs / c.pdftotextMs).toFixed(1)}× pdftotext | ≤ 2× | ${when} |`,
    ),
  ];
}

function main(): void {
  const polling = [read<PollingSummary>('polling.json'), read<PollingSummary>('polling-2-apis.json')].filter((s): s is PollingSummary => s !== null);
  const imports = read<ImportSummary>('import.json');
  const machines = [...new Set([...polling.map((p) => p.machine), ...(imports ? [imports.machine] : [])])];
  const lines = [
    START,
    `<!-- written by \`npm run bench:readme\` from bench/results/*.json; edit the benches, not this table -->`,
    '| path | LabTrace | reference, same run | ratio | goal (issue 23) | measured |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...polling.flatMap(pollingRows),
    ...(imports ? importRows(imports) : []),
    '',
    `Machine: ${machines.join('; ')}. Polls: ${polling
      .map((p) => `${p.connections} connections, ${p.rounds} rounds of ${p.seconds} s per case, median round`)
      .filter((v, i, a) => a.indexOf(v) === i)
      .join('; ')}.`,
    END,
  ];
  const readme = readFileSync(README, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} ... ${END} section`);
  writeFileSync(README, readme.slice(0, from) + lines.join('\n') + readme.slice(to + END.length));
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) main();

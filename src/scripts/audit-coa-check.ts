import { checkCoaRecords } from '../audit/chain/coa-records-check';
import { connect, EXIT_ERROR, EXIT_OK, EXIT_PROBLEM, parseFlags, runCli } from './audit-cli';

const USAGE = `usage: npm run audit:coa-check -- [--base-url http://host:port] [--json]
  Checks every stored COA PDF of DATABASE_URL against its recorded SHA-256 and that every verify token
  resolves to its document (also through a running API's /v1/coa/verify route with --base-url).
  Exit 0: all good; 1: problems listed; 2: could not run.`;

async function main(): Promise<number> {
  const args = parseFlags(process.argv.slice(2), ['base-url'], ['json']);
  if (args.problem) {
    process.stderr.write(`${args.problem}\n${USAGE}\n`);
    return EXIT_ERROR;
  }
  const db = await connect();
  try {
    const report = await checkCoaRecords(db.sql, { baseUrl: args.values['base-url'] });
    if (args.flags.has('json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const lines = [
        `COA documents: ${report.documents} checked (PDF SHA-256 and verify token${report.checkedThrough ? `, through ${report.checkedThrough}` : ''})`,
      ];
      for (const p of report.problems) lines.push(`${p.problem}: sample ${p.sampleId} version ${p.version} (document ${p.documentId}): ${p.detail}`);
      lines.push(report.ok ? 'OK' : `FAILED: ${report.problems.length} problem(s)`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return report.ok ? EXIT_OK : EXIT_PROBLEM;
  } finally {
    await db.close();
  }
}

runCli(main);

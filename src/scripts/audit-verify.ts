import { GENESIS_CHAIN_HASH } from '../audit/chain/audit-chain';
import { chainBacklog } from '../audit/chain/chain-linker';
import { verifyChain, VerifyReport } from '../audit/chain/chain-verifier';
import { firstProblem, lastVerification, recordVerification, VerificationTrigger } from '../audit/chain/verifications';
import { connect, EXIT_ERROR, EXIT_OK, EXIT_PROBLEM, parseFlags, readHeadFile, runCli } from './audit-cli';

const USAGE = `usage: npm run audit:verify -- [--head chain-head.json] [--since-last] [--trigger manual|restore] [--no-record] [--json]
  Walks the audit hash chain of DATABASE_URL from its start (or, with --since-last, from the last good
  verification), checks the signed heads (AUDIT_HEAD_KEY or its key file) and that every COA version's
  SHA-256 is in the chain. Exit 0: intact; 1: the first broken link or problem is printed; 2: could not run.`;

async function main(): Promise<number> {
  const args = parseFlags(process.argv.slice(2), ['head', 'trigger'], ['since-last', 'no-record', 'json']);
  const trigger = (args.values.trigger ?? 'manual') as VerificationTrigger;
  if (args.problem || !['manual', 'restore'].includes(trigger)) {
    process.stderr.write(`${args.problem ?? `bad --trigger ${trigger}`}\n${USAGE}\n`);
    return EXIT_ERROR;
  }
  const db = await connect();
  try {
    const extraHeads = args.values.head ? [readHeadFile(args.values.head)] : [];
    if (extraHeads.length && db.headKeys.length === 0) throw new Error('a head file was given but no AUDIT_HEAD_KEY (or key file) to check its signature');
    const last = args.flags.has('since-last') ? await lastVerification(db.sql, { okOnly: true }) : null;
    const startedAt = new Date();
    const report = await verifyChain(db.sql, {
      headKeys: db.headKeys,
      extraHeads,
      from: last ? { position: last.verifiedPosition, chainHash: last.verifiedChainHash } : { position: 0, chainHash: GENESIS_CHAIN_HASH },
    });
    const backlog = await chainBacklog(db.sql);
    if (!args.flags.has('no-record')) await recordVerification(db.sql, report, trigger, startedAt);
    process.stdout.write(args.flags.has('json') ? `${JSON.stringify({ ...report, backlog }, null, 2)}\n` : describe(report, backlog.unchained));
    return report.ok ? EXIT_OK : EXIT_PROBLEM;
  } finally {
    await db.close();
  }
}

function describe(r: VerifyReport, unchained: number): string {
  const lines = [
    `audit chain: ${r.linksChecked} link(s) verified, positions ${r.fromPosition + 1}..${r.verifiedPosition}, in ${(r.elapsedMs / 1000).toFixed(2)} s`,
    `chain hash at ${r.verifiedPosition}: ${r.verifiedChainHash}`,
    `signed heads: ${r.heads.checked} checked${r.heads.signaturesChecked ? '' : ' (NO KEY: signatures not checked)'}`,
    `COA versions: ${r.coa.checked} checked against the chain`,
    `not yet chained: ${unchained} event(s)`,
  ];
  if (r.firstBreak)
    lines.push(`BROKEN at position ${r.firstBreak.position} (audit event ${r.firstBreak.eventId ?? '-'}): ${r.firstBreak.kind}: ${r.firstBreak.detail}`);
  for (const h of r.heads.problems) lines.push(`BAD HEAD at position ${h.head.position} signed ${h.head.signedAt}: ${h.problem}`);
  for (const c of r.coa.problems) lines.push(`COA ${c.sampleId} version ${c.version}: ${c.problem}: ${c.detail}`);
  if (r.strandedEvents.length) lines.push(`STRANDED audit events (never chainable): ${r.strandedEvents.join(', ')}`);
  lines.push(r.ok ? 'OK' : `FAILED: ${firstProblem(r)}`);
  return `${lines.join('\n')}\n`;
}

runCli(main);

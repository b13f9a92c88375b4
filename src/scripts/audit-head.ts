import { signHead } from '../audit/chain/audit-chain';
import { linkBatch } from '../audit/chain/chain-linker';
import { chainTip, insertHead } from '../audit/chain/chain-sql';
import { connect, EXIT_ERROR, EXIT_OK, parseFlags, runCli } from './audit-cli';

const USAGE = `usage: npm run audit:head -- [--link]
  Signs the current audit chain head with AUDIT_HEAD_KEY (or its key file), stores it in
  audit_chain_heads and prints it as JSON (backup.sh keeps it as chain-head.json). --link first chains
  whatever the worker's linker has not yet (safe beside a running linker: they take turns on a lock).`;

async function main(): Promise<number> {
  const args = parseFlags(process.argv.slice(2), [], ['link']);
  if (args.problem) {
    process.stderr.write(`${args.problem}\n${USAGE}\n`);
    return EXIT_ERROR;
  }
  const db = await connect();
  try {
    if (db.headKey === null) throw new Error('no AUDIT_HEAD_KEY (or key file): cannot sign a chain head');
    if (args.flags.has('link')) {
      for (;;) {
        await db.sql('BEGIN');
        const out = await linkBatch(db.sql).finally(() => db.sql('COMMIT'));
        if (!out.locked || out.linked < 2000) break;
      }
    }
    const tip = await chainTip(db.sql);
    const head = signHead(db.headKey, { position: tip?.position ?? 0, chainHash: tip?.chainHash ?? '0'.repeat(64), signedAt: new Date().toISOString() });
    await insertHead(db.sql, head);
    process.stdout.write(`${JSON.stringify(head, null, 2)}\n`);
    return EXIT_OK;
  } finally {
    await db.close();
  }
}

runCli(main);

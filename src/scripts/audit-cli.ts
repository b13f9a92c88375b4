import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { SignedChainHead } from '../audit/chain/audit-chain';
import type { Sql } from '../audit/chain/chain-sql';
import { auditCliConfigFromEnvironment } from '../config/app-config';

/** What the audit CLIs share: the database (DATABASE_URL), the head key, flags, and exit codes. */
export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_ERROR = 2;

export interface CliContext {
  sql: Sql;
  headKey: string | null;
  /** The current key first, then earlier ones (AUDIT_HEAD_OLD_KEYS), for checking signatures. */
  headKeys: string[];
  close(): Promise<void>;
}

export async function connect(): Promise<CliContext> {
  const { databaseUrl, headKey, oldHeadKeys } = auditCliConfigFromEnvironment();
  const client = new Client({ connectionString: databaseUrl, application_name: 'labtrace-audit-cli' });
  await client.connect();
  return {
    sql: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
    headKey,
    headKeys: [headKey ?? [], oldHeadKeys].flat(),
    close: () => client.end(),
  };
}

/** `--name value` and `--flag` arguments; unknown names are refused by the caller's usage. */
export function parseFlags(argv: string[], valued: string[], flags: string[]): { values: Record<string, string>; flags: Set<string>; problem?: string } {
  const values: Record<string, string> = {};
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (valued.includes(name) && argv[i + 1] !== undefined) values[name] = argv[++i];
    else if (flags.includes(name)) seen.add(name);
    else return { values, flags: seen, problem: `unknown or incomplete argument ${argv[i]}` };
  }
  return { values, flags: seen };
}

/** A chain head file as audit:head writes it (and backup.sh stores as chain-head.json). */
export function readHeadFile(path: string): SignedChainHead {
  const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<SignedChainHead>;
  if (
    typeof h.position !== 'number' ||
    typeof h.chainHash !== 'string' ||
    typeof h.signedAt !== 'string' ||
    typeof h.keyId !== 'string' ||
    typeof h.signature !== 'string'
  ) {
    throw new Error(`${path} is not a signed chain head (position, chainHash, signedAt, keyId, signature)`);
  }
  return { position: h.position, chainHash: h.chainHash, signedAt: h.signedAt, keyId: h.keyId, signature: h.signature };
}

export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(EXIT_ERROR);
    },
  );
}

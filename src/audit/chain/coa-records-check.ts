import { sha256Hex } from './audit-chain';
import type { Sql } from './chain-sql';

/** The verify-token shape the public verify route accepts (CoaService.verify). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

export interface CoaRecordProblem {
  documentId: string;
  sampleId: string;
  version: number;
  problem: 'pdf_sha256_differs' | 'token_unresolvable' | 'verify_answer_differs';
  detail: string;
}

export interface CoaRecordsReport {
  ok: boolean;
  documents: number;
  problems: CoaRecordProblem[];
  /** Set when the tokens were also resolved through a running API's verify route. */
  checkedThrough: string | null;
}

/**
 * Every stored COA: the PDF's SHA-256 is the one on record, and its verify token resolves to it (by the
 * database lookup the verify route uses and, given a running API's base URL, through the route itself).
 * One PDF in memory at a time.
 */
export async function checkCoaRecords(sql: Sql, opts: { baseUrl?: string } = {}): Promise<CoaRecordsReport> {
  const problems: CoaRecordProblem[] = [];
  let documents = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const [doc] = await sql<{ id: string; sample_id: string; version: number; sha256: string; verify_token: string; pdf: Buffer }>(
      `SELECT d.id::text, d.sample_id::text, d.version, d.sha256, d.verify_token, d.pdf FROM coa_documents d WHERE d.id > $1::uuid ORDER BY d.id LIMIT 1`,
      [after],
    );
    if (!doc) break;
    after = doc.id;
    documents++;
    const base = { documentId: doc.id, sampleId: doc.sample_id, version: doc.version };
    const actual = sha256Hex(doc.pdf);
    if (actual !== doc.sha256) problems.push({ ...base, problem: 'pdf_sha256_differs', detail: `the PDF hashes to ${actual}, the record says ${doc.sha256}` });
    const [resolved] = await sql<{ id: string }>(`SELECT id::text FROM coa_documents WHERE verify_token = $1`, [doc.verify_token]);
    if (!TOKEN_SHAPE.test(doc.verify_token) || resolved?.id !== doc.id) {
      problems.push({ ...base, problem: 'token_unresolvable', detail: `token ${doc.verify_token} does not lead to this document` });
    } else if (opts.baseUrl) {
      const problem = await checkThroughApi(opts.baseUrl, doc.verify_token, doc.version, doc.sha256);
      if (problem) problems.push({ ...base, problem: 'verify_answer_differs', detail: problem });
    }
  }
  return { ok: problems.length === 0, documents, problems, checkedThrough: opts.baseUrl ?? null };
}

async function checkThroughApi(baseUrl: string, token: string, version: number, sha256: string): Promise<string | null> {
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}/v1/coa/verify/${token}`, { headers: { accept: 'application/json' } });
  if (res.status !== 200) return `GET /v1/coa/verify/${token} answered ${res.status}`;
  const body = (await res.json()) as { version?: number; sha256?: string };
  if (body.version !== version || body.sha256 !== sha256) return `the verify route says version ${body.version} sha256 ${body.sha256}`;
  return null;
}

import type { ParsePool } from '../../common/parsing/parse-pool';
import { workerTask } from '../../common/parsing/parse-pool';
import type { ParsedCoa } from '../coa-pdf/coa-layout.types';
import type { ParseResult } from '../parsers/parser.types';
import type { CoaReadInput } from './coa-pdf.task';
import type { ExportParseInput } from './instrument-export.task';
import { TaskOutcome, valueOf } from './task-outcome';

// Resolved here so that the path is the .ts under jest and ts-node and the compiled .js in dist.
const EXPORT_TASK = workerTask<ExportParseInput, TaskOutcome<ParseResult>>(require.resolve('./instrument-export.task'), 'parseExport');
const COA_TASK = workerTask<CoaReadInput, TaskOutcome<ParsedCoa>>(require.resolve('./coa-pdf.task'), 'readCoaPdf');

/** An instrument export parsed in a parsing thread; throws the InstrumentsError the import answers, or a ParsingError. */
export async function parseExportOffThread(
  pool: ParsePool,
  file: { bytes: Buffer; filename: string },
  request: Omit<ExportParseInput, 'bytes' | 'filename'>,
): Promise<ParseResult> {
  const bytes = await ownCopy(file.bytes);
  return valueOf(await pool.run(EXPORT_TASK, { ...request, bytes, filename: file.filename }, file.filename, [bytes.buffer]));
}

/** A COA PDF's text extracted and its layout parsed in a parsing thread (the pool caps concurrent extraction). */
export async function readCoaOffThread(pool: ParsePool, file: { bytes: Buffer; filename: string }, maxBytes: number): Promise<ParsedCoa> {
  const bytes = await ownCopy(file.bytes);
  return valueOf(await pool.run(COA_TASK, { bytes, filename: file.filename, maxBytes }, file.filename, [bytes.buffer]));
}

const COPY_CHUNK = 1024 * 1024;

/**
 * The file's bytes in a buffer of their own, to be moved to the thread (the upload's Buffer stays
 * readable for the import record). Copied a megabyte at a time, yielding between, so that a 20 MB
 * upload does not hold the event loop.
 */
async function ownCopy(bytes: Buffer): Promise<Uint8Array<ArrayBuffer>> {
  const copy = new Uint8Array(new ArrayBuffer(bytes.length));
  for (let at = 0; at < bytes.length; at += COPY_CHUNK) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    copy.set(bytes.subarray(at, at + COPY_CHUNK), at);
  }
  return copy;
}

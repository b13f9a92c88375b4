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
export async function parseExportOffThread(pool: ParsePool, input: ExportParseInput): Promise<ParseResult> {
  return valueOf(await pool.run(EXPORT_TASK, input, input.filename));
}

/** A COA PDF's text extracted and its layout parsed in a parsing thread (the pool caps concurrent extraction). */
export async function readCoaOffThread(pool: ParsePool, input: CoaReadInput): Promise<ParsedCoa> {
  return valueOf(await pool.run(COA_TASK, input, input.filename));
}

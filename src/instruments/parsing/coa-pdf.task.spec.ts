import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParsePool, workerTask } from '../../common/parsing/parse-pool';
import { parseCoaText } from '../coa-pdf/coa-import';
import type { ParsedCoa } from '../coa-pdf/coa-layout.types';
import { PdfParseTextExtractor } from '../coa-pdf/pdf-text';
import type { CoaReadInput } from './coa-pdf.task';
import { TaskOutcome, valueOf } from './task-outcome';

const PDF_DIR = join(__dirname, '../../../test/fixtures/coa-pdfs');
const TASK = require.resolve('./coa-pdf.task');
const READ = workerTask<CoaReadInput, TaskOutcome<ParsedCoa>>(TASK, 'readCoaPdf');
const EXTRACT = workerTask<CoaReadInput, { pages: number; chars: number }>(TASK, 'extractCoaPdfText');
const BUILTINS = workerTask<CoaReadInput, { ok: boolean; sources: string[] }>(require.resolve('./coa-pdf.spec-kit'), 'builtinsAfterCoa');

/**
 * The COA task in a parsing thread reads exactly what the reference extractor (pdf-parse's getInfo and
 * getText in a thread of its own) reads, for every real COA, though it loads pdf.js once and puts back
 * the built-ins pdf-parse's polyfills replace.
 */
describe('the COA PDF task in a parsing thread', () => {
  const pool = new ParsePool({ workers: 1, queueMax: 8, budgetMs: 30_000, memoryMb: 256 });
  afterAll(() => pool.close());
  const files = readdirSync(PDF_DIR).filter((f) => f.endsWith('.pdf'));
  const input = (pdf: Buffer, filename: string): CoaReadInput => ({ bytes: new Uint8Array(pdf), filename, maxBytes: 20 * 1024 * 1024 });

  it.each(files)('reads %s as the reference extractor does', async (file) => {
    const pdf = readFileSync(join(PDF_DIR, file));
    const reference = await new PdfParseTextExtractor().extract(pdf);
    expect(valueOf(await pool.run(READ, input(pdf, file), file))).toEqual(parseCoaText(reference.text));
    await expect(pool.run(EXTRACT, input(pdf, file), file)).resolves.toEqual({ pages: reference.pages, chars: reference.text.length });
  });

  it("leaves the thread's Array.prototype.push, JSON.parse and Function.prototype.toString native", async () => {
    const pdf = readFileSync(join(PDF_DIR, files[0]));
    const { ok, sources } = await pool.run(BUILTINS, input(pdf, files[0]), files[0]);
    expect(ok).toBe(true);
    expect(sources).toEqual(['function push() { [native code] }', 'function parse() { [native code] }', 'function toString() { [native code] }']);
  });
});

import type { ParsedCoa } from '../coa-pdf/coa-layout.types';
import { readCoa } from './coa-read';
import { InThreadPdfTextExtractor } from './pdf-in-thread';
import { outcomeOf, TaskOutcome } from './task-outcome';

/** Runs in a parsing thread (see ParsePool): never imported by the API's side. */

export interface CoaReadInput {
  bytes: Uint8Array;
  filename: string;
  maxBytes: number;
}

export function readCoaPdf(input: CoaReadInput): Promise<TaskOutcome<ParsedCoa>> {
  return outcomeOf(() => readCoa(bufferOf(input), new InThreadPdfTextExtractor({ maxBytes: input.maxBytes }), input.filename));
}

/**
 * The text extraction alone, as readCoaPdf does it (pdf.js through pdf-parse): how long pdf.js itself
 * takes on a file, which bench/import.ts prints beside the whole import. Answers sizes, not the text.
 */
export async function extractCoaPdfText(input: CoaReadInput): Promise<{ pages: number; chars: number }> {
  const { text, pages } = await new InThreadPdfTextExtractor({ maxBytes: input.maxBytes }).extract(bufferOf(input));
  return { pages, chars: text.length };
}

function bufferOf(input: CoaReadInput): Buffer {
  return Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
}

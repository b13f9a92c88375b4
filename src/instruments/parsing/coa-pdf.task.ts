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
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  return outcomeOf(() => readCoa(bytes, new InThreadPdfTextExtractor({ maxBytes: input.maxBytes }), input.filename));
}

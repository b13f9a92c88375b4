import { runInNewContext } from 'node:vm';
import { readCoaPdf } from './coa-pdf.task';
import type { CoaReadInput } from './coa-pdf.task';

/** A task the COA task's spec runs in a parsing thread: reads a COA, then shows the thread's built-ins. */
export async function builtinsAfterCoa(input: CoaReadInput): Promise<{ ok: boolean; sources: string[] }> {
  const outcome = await readCoaPdf(input);
  // Another realm's own toString: this thread's may itself be a polyfill that dresses polyfills up as native.
  const toString = runInNewContext('Function.prototype.toString') as (this: unknown) => string;
  const source = (fn: unknown) => toString.call(fn);
  return { ok: outcome.ok, sources: [source(Array.prototype.push), source(JSON.parse), source(Function.prototype.toString)] };
}

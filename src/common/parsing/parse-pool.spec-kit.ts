import { assertTextShape } from './text-shape';

/** Tasks the pool's spec runs in its threads. */

export function echo(input: { text: string }): { text: string; threadId: number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the thread's own id, read where it runs
  const { threadId } = require('node:worker_threads') as typeof import('node:worker_threads');
  return { text: input.text.toUpperCase(), threadId };
}

export function spin(): never {
  for (;;) {
    // a parser that never returns
  }
}

export function hoard(): number {
  const kept: string[][] = [];
  for (;;) kept.push(new Array<string>(1_000_000).fill('x'));
}

export async function sleep(input: { ms: number }): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, input.ms));
  return input.ms;
}

export function shape(input: { text: string }): string {
  assertTextShape(input.text, 'hostile.csv');
  return 'ok';
}

export function broken(): never {
  throw new TypeError('a bug in a parser');
}

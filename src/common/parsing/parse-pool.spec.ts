import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ParsePool, workerTask, WorkerTaskError } from './parse-pool';
import { ParsingError, ParsingErrorCode } from './parsing.errors';

const KIT = require.resolve('./parse-pool.spec-kit');
const echo = workerTask<{ text: string }, { text: string; threadId: number }>(KIT, 'echo');
const spin = workerTask<Record<string, never>, never>(KIT, 'spin');
const hoard = workerTask<Record<string, never>, number>(KIT, 'hoard');
const sleep = workerTask<{ ms: number }, number>(KIT, 'sleep');
const shape = workerTask<{ text: string }, string>(KIT, 'shape');
const broken = workerTask<Record<string, never>, never>(KIT, 'broken');

describe('ParsePool', () => {
  let pool: ParsePool;
  afterEach(() => pool.close());

  it('runs a task in another thread and answers its value', async () => {
    pool = new ParsePool({ workers: 1, queueMax: 1, budgetMs: 10_000, memoryMb: 64 });
    const answer = await pool.run(echo, { text: 'moisture' }, 'a.txt');
    expect(answer.text).toBe('MOISTURE');
    expect(answer.threadId).toBeGreaterThan(0);
  });

  it('stops a parser past the time budget with a 422 naming the budget, and the event loop stays free meanwhile', async () => {
    pool = new ParsePool({ workers: 1, queueMax: 1, budgetMs: 1500, memoryMb: 64 });
    await pool.run(echo, { text: 'warm' }, 'warm.txt');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const error = await pool.run(spin, {}, 'endless.csv').catch((e: unknown) => e);
    delay.disable();
    expect(error).toBeInstanceOf(ParsingError);
    expect(error).toMatchObject({
      code: ParsingErrorCode.PARSE_TIME_BUDGET_EXCEEDED,
      status: 422,
      message: 'endless.csv: parsing took longer than the 1500 ms budget per file and was stopped; nothing was stored',
    });
    expect(delay.max / 1e6).toBeLessThan(250);
    // The thread was replaced: the next file parses.
    await expect(pool.run(echo, { text: 'next' }, 'next.txt')).resolves.toMatchObject({ text: 'NEXT' });
  });

  it('stops a parser past the memory cap with a 422 naming the cap', async () => {
    pool = new ParsePool({ workers: 1, queueMax: 1, budgetMs: 20_000, memoryMb: 48 });
    await expect(pool.run(hoard, {}, 'bomb.csv')).rejects.toMatchObject({
      code: ParsingErrorCode.PARSE_MEMORY_EXCEEDED,
      status: 422,
      message: 'bomb.csv: parsing needed more than the 48 MB memory cap per file and was stopped; nothing was stored',
    });
  });

  it('parses at most `workers` files at once, queues `queueMax`, and refuses the next with 503 and Retry-After', async () => {
    pool = new ParsePool({ workers: 2, queueMax: 1, budgetMs: 5000, memoryMb: 64 });
    const running = [pool.run(sleep, { ms: 400 }, 'a.pdf'), pool.run(sleep, { ms: 400 }, 'b.pdf'), pool.run(sleep, { ms: 10 }, 'c.pdf')];
    expect(pool.load).toEqual({ running: 2, queued: 1, threads: 2 });
    const refused = await pool.run(sleep, { ms: 1 }, 'd.pdf').catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: ParsingErrorCode.PARSERS_BUSY,
      status: 503,
      retryAfterSeconds: 5,
      message: 'All 2 parsing threads are busy and 1 files are waiting; try again shortly',
    });
    await expect(Promise.all(running)).resolves.toEqual([400, 400, 10]);
  });

  it('brings a text-shape refusal back as the same ParsingError', async () => {
    pool = new ParsePool({ workers: 1, queueMax: 1, budgetMs: 10_000, memoryMb: 64 });
    await expect(pool.run(shape, { text: `a,b\n${'x'.repeat(200_000)}` }, 'hostile.csv')).rejects.toMatchObject({
      code: ParsingErrorCode.LINE_TOO_LONG,
      status: 413,
      message: 'hostile.csv: line 2 is 200000 characters long; a line may be at most 131072 characters; nothing was stored',
      details: { line: 2, limit: 131072 },
    });
  });

  it('starts the budget of a file only once its parser is loaded into the thread', async () => {
    // Under jest the task module is compiled on load, which alone can take longer than this budget.
    pool = new ParsePool({ workers: 1, queueMax: 1, budgetMs: 250, memoryMb: 64 });
    await expect(pool.run(sleep, { ms: 20 }, 'first.csv')).resolves.toBe(20);
  });

  it('refuses the files still parsing or waiting when it shuts down', async () => {
    pool = new ParsePool({ workers: 1, queueMax: 1, budgetMs: 10_000, memoryMb: 64 });
    const running = pool.run(sleep, { ms: 5000 }, 'a.csv').catch((e: unknown) => e);
    const waiting = pool.run(sleep, { ms: 1 }, 'b.csv').catch((e: unknown) => e);
    await pool.close();
    for (const refusal of await Promise.all([running, waiting])) {
      expect(refusal).toMatchObject({ code: ParsingErrorCode.PARSER_FAILED, message: 'The parsing threads are shutting down.' });
    }
  });

  it('brings any other error back as WorkerTaskError with its name and message', async () => {
    pool = new ParsePool({ workers: 1, queueMax: 1, budgetMs: 10_000, memoryMb: 64 });
    const error = await pool.run(broken, {}, 'x.csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTaskError);
    expect((error as WorkerTaskError).remote).toMatchObject({ name: 'TypeError', message: 'a bug in a parser' });
  });
});

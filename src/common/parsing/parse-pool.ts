import { Worker } from 'node:worker_threads';
import { counter, gauge, histogram } from '../metrics';
import { ParsingError, ParsingErrorCode } from './parsing.errors';
import { WORKER_BOOTSTRAP } from './worker-bootstrap';

/** Sizing of the pool; from config (PARSE_WORKERS, PARSE_QUEUE_MAX, PARSE_TIME_BUDGET_MS, PARSE_MEMORY_MB). */
export interface ParsePoolOptions {
  /** Threads parsing at once: also the cap on concurrent PDF extraction. */
  workers: number;
  /** Files waiting for a thread; one more is refused with 503 and Retry-After. */
  queueMax: number;
  /** Wall-clock budget per file, from the moment a thread takes it. */
  budgetMs: number;
  /** Old-generation heap cap of each thread. */
  memoryMb: number;
  /** A thread is replaced after this many files, so whatever a parser leaks is returned. */
  tasksPerWorker?: number;
}

/**
 * A function a parsing thread runs: an export `fn` of the module at `module` (an absolute path,
 * resolved by the caller with require.resolve so it is the .ts under jest and the .js in dist).
 * Input and output cross threads by structured clone: plain data only.
 */
export interface WorkerTask<Input, Output> {
  readonly module: string;
  readonly fn: string;
  /** Types only: ties a task to its input and output. */
  readonly _types?: (input: Input) => Output;
}

export function workerTask<Input, Output>(module: string, fn: string): WorkerTask<Input, Output> {
  return { module, fn };
}

/** An error a task threw that was not a ParsingError: its name, message and (module errors) code and details. */
export class WorkerTaskError extends Error {
  constructor(readonly remote: { name: string; message: string; code?: string; details?: unknown; stack?: string }) {
    super(remote.message);
    this.name = 'WorkerTaskError';
  }
}

interface Job {
  id: number;
  task: WorkerTask<unknown, unknown>;
  input: unknown;
  /** How refusals name the file. */
  what: string;
  /** Buffers moved to the thread rather than copied. */
  transfer: ArrayBuffer[];
  /** When the thread started on it (performance.now()), for the duration metric. */
  startedAt?: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
  done: number;
  /** Task modules this thread has required: a file's budget starts only once its parser is loaded. */
  loaded: Set<string>;
}

type Reply = { id: number; ok: true; value?: unknown; loaded?: true } | { id: number; ok: false; error: WorkerTaskError['remote'] };

const parseSeconds = histogram(
  'labtrace_parse_duration_seconds',
  'Time a parsing thread spent on one uploaded file, by outcome',
  ['outcome'],
  [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 20, 60],
);
const parseRefusals = counter('labtrace_parse_refusals_total', 'Uploads the parsing pool refused: busy (503), budget or memory (422)', ['reason']);
const parseQueue = gauge('labtrace_parse_queue_depth', 'Uploads waiting for a parsing thread');

/** Loading a parser (compiling it, under jest) is not parsing; it gets its own, generous, limit. */
const LOAD_TIMEOUT_MS = 60_000;

/**
 * Worker threads that parse uploaded files, so the API's event loop never runs a parser. Each file
 * gets a thread of its own for at most `budgetMs` (then the thread is terminated and the upload
 * refused with 422 naming the budget) and `memoryMb` of heap (likewise). At most `workers` files
 * are parsed at once; up to `queueMax` wait; beyond that an upload is refused with 503 and
 * Retry-After rather than left waiting. Threads start on demand and are kept warm.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Under ts-node or jest the task modules are .ts: the threads compile them with @swc/core. */
  private readonly swc = __filename.endsWith('.ts') ? require.resolve('@swc/core') : undefined;

  constructor(readonly options: ParsePoolOptions) {}

  /**
   * Runs `task` on `input` in a parsing thread; `what` names the file in refusals. Buffers in
   * `transfer` are moved to the thread (the caller must not use them again), sparing a copy of the file.
   */
  run<Input, Output>(task: WorkerTask<Input, Output>, input: Input, what: string, transfer: ArrayBuffer[] = []): Promise<Output> {
    if (this.closed) return Promise.reject(new ParsingError(ParsingErrorCode.PARSER_FAILED, 'The parsing threads are shut down.'));
    return new Promise<Output>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        task: task as WorkerTask<unknown, unknown>,
        input,
        what,
        transfer,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      const slot = this.slots.find((s) => !s.job) ?? (this.slots.length < this.options.workers ? this.spawn() : undefined);
      if (slot) return this.start(slot, job);
      if (this.queue.length >= this.options.queueMax) {
        parseRefusals.inc({ reason: 'busy' });
        return reject(this.busy());
      }
      this.queue.push(job);
      parseQueue.set(this.queue.length);
    });
  }

  /** Files being parsed and waiting, for metrics and tests. */
  get load(): { running: number; queued: number; threads: number } {
    return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length, threads: this.slots.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping = () => new ParsingError(ParsingErrorCode.PARSER_FAILED, 'The parsing threads are shutting down.');
    for (const job of this.queue.splice(0)) job.reject(stopping());
    for (const slot of this.slots) {
      const job = slot.job;
      this.release(slot);
      job?.reject(stopping());
    }
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot)));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_BOOTSTRAP, {
      eval: true,
      workerData: { swc: this.swc },
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: Math.max(8, Math.floor(this.options.memoryMb / 8)) },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, done: 0, loaded: new Set() };
    worker.on('message', (reply: Reply) => this.onReply(slot, reply));
    worker.on('error', (error: Error & { code?: string }) => this.onCrash(slot, error));
    worker.on('exit', (code) => this.onCrash(slot, new Error(`parsing thread exited with code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    if (!slot.loaded.has(job.task.module)) {
      slot.timer = setTimeout(
        () => this.fail(slot, new ParsingError(ParsingErrorCode.PARSER_FAILED, `${job.what}: the parser did not load within ${LOAD_TIMEOUT_MS} ms`)),
        LOAD_TIMEOUT_MS,
      );
      slot.worker.postMessage({ id: job.id, module: job.task.module, load: true });
      return;
    }
    this.dispatch(slot, job);
  }

  /** Posts the file to a thread that has its parser loaded, and starts the file's budget. */
  private dispatch(slot: Slot, job: Job): void {
    job.startedAt = performance.now();
    slot.timer = setTimeout(() => {
      this.fail(
        slot,
        new ParsingError(
          ParsingErrorCode.PARSE_TIME_BUDGET_EXCEEDED,
          `${job.what}: parsing took longer than the ${this.options.budgetMs} ms budget per file and was stopped; nothing was stored`,
          { budgetMs: this.options.budgetMs },
        ),
      );
    }, this.options.budgetMs);
    slot.worker.postMessage({ id: job.id, module: job.task.module, fn: job.task.fn, input: job.input }, job.transfer);
  }

  private onReply(slot: Slot, reply: Reply): void {
    const job = slot.job;
    if (!job || reply.id !== job.id) return;
    if (reply.ok && reply.loaded) {
      clearTimeout(slot.timer);
      slot.loaded.add(job.task.module);
      return this.dispatch(slot, job);
    }
    this.release(slot);
    observe(job, reply.ok ? 'ok' : 'error');
    if (reply.ok) job.resolve(reply.value);
    else job.reject(reviveError(reply.error));
    slot.done++;
    if (slot.done >= (this.options.tasksPerWorker ?? 200)) this.remove(slot);
    this.next();
  }

  /** An error event or an exit: the running file (if any) is refused, the thread replaced on demand. */
  private onCrash(slot: Slot, error: Error & { code?: string }): void {
    if (!this.slots.includes(slot)) return;
    const job = slot.job;
    if (!job) return void this.remove(slot);
    const refusal =
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new ParsingError(
            ParsingErrorCode.PARSE_MEMORY_EXCEEDED,
            `${job.what}: parsing needed more than the ${this.options.memoryMb} MB memory cap per file and was stopped; nothing was stored`,
            { memoryMb: this.options.memoryMb },
          )
        : new ParsingError(ParsingErrorCode.PARSER_FAILED, `${job.what}: the parsing thread failed (${error.message})`);
    this.fail(slot, refusal);
  }

  /** Refuses the slot's file, terminates its thread and moves the queue on. */
  private fail(slot: Slot, refusal: ParsingError): void {
    const job = slot.job;
    const reason = { PARSE_TIME_BUDGET_EXCEEDED: 'budget', PARSE_MEMORY_EXCEEDED: 'memory' }[refusal.code as string] ?? 'crash';
    if (reason !== 'crash') parseRefusals.inc({ reason });
    if (job) observe(job, reason);
    this.release(slot);
    this.remove(slot);
    job?.reject(refusal);
    this.next();
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    slot.worker.unref();
  }

  private remove(slot: Slot): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    void this.retire(slot);
  }

  private async retire(slot: Slot): Promise<void> {
    slot.worker.removeAllListeners('exit');
    await slot.worker.terminate().catch(() => undefined);
  }

  private next(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.slots.find((s) => !s.job) ?? (this.slots.length < this.options.workers ? this.spawn() : undefined);
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
      parseQueue.set(this.queue.length);
    }
  }

  private busy(): ParsingError {
    const error = new ParsingError(
      ParsingErrorCode.PARSERS_BUSY,
      `All ${this.options.workers} parsing threads are busy and ${this.options.queueMax} files are waiting; try again shortly`,
      { workers: this.options.workers, queueMax: this.options.queueMax },
    );
    error.retryAfterSeconds = Math.max(1, Math.ceil(this.options.budgetMs / 1000));
    return error;
  }
}

function observe(job: Job, outcome: string): void {
  if (job.startedAt !== undefined) parseSeconds.observe({ outcome }, (performance.now() - job.startedAt) / 1000);
}

/** A ParsingError thrown in a thread (a text-shape cap) comes back as one; anything else as WorkerTaskError. */
function reviveError(remote: WorkerTaskError['remote']): Error {
  if (remote.name === 'ParsingError' && isParsingCode(remote.code)) {
    return new ParsingError(remote.code, remote.message, remote.details as Record<string, unknown> | undefined);
  }
  return new WorkerTaskError(remote);
}

function isParsingCode(code: string | undefined): code is ParsingErrorCode {
  return Object.values<string>(ParsingErrorCode).includes(code ?? '');
}

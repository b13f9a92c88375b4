/** Where the fatal line goes: the process's pino logger, through Nest's Logger. */
export interface FatalSink {
  fatal(message: string): void;
}

/** The part of `process` this needs (a fake in the spec). */
export interface ExitingProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  exit(code: number): void;
}

/**
 * A failure nothing in the code handled (an exception thrown out of a callback or an event emitter, a
 * rejected promise nobody awaits) stops the process with one fatal log line that names it, its stack,
 * and that the process is exiting, instead of Node's bare stack on stderr.
 *
 * Exit rather than log and carry on: after such a failure the process's state is unknown (a callback
 * stopped halfway, a loop's timer never set again, a lock or connection still held), and a worker that
 * looks alive while its delivery loop is dead is the silent failure a lab reporting to the state cannot
 * have. A restart is safe: the supervisor (compose's restart policy, systemd, Kubernetes) starts the
 * process again, the outbox holds every release not yet reported, the sweeper enqueues it again, a post
 * that may have landed is looked up before it is sent again, and BullMQ re-runs a job whose worker went.
 */
export function exitOnUnhandledFailure(processName: string, log: FatalSink, proc: ExitingProcess = process): void {
  let exiting = false;
  const stop = (kind: string, failure: unknown) => {
    if (exiting) return;
    exiting = true;
    try {
      const detail = failure instanceof Error ? (failure.stack ?? `${failure.name}: ${failure.message}`) : String(failure);
      log.fatal(`${processName} exits on an unhandled ${kind} (the supervisor restarts it; the outbox makes that safe): ${detail}`);
    } finally {
      proc.exit(1);
    }
  };
  proc.on('unhandledRejection', (reason) => stop('promise rejection', reason));
  proc.on('uncaughtException', (error) => stop('exception', error));
}

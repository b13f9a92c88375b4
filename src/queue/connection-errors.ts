import type { Logger } from '@nestjs/common';

interface ErrorEmitter {
  on(event: 'error', listener: (e: Error) => void): unknown;
}

/**
 * Listens to a BullMQ queue's or worker's errors and logs them at most once per `everyMs`. Unheard,
 * BullMQ prints each one with its stack to stderr: during a Redis outage, one per reconnection attempt.
 */
export function logConnectionErrors(emitter: ErrorEmitter, logger: Logger, what: string, everyMs = 30_000): void {
  let lastAt = 0;
  emitter.on('error', (e: Error) => {
    if (Date.now() - lastAt < everyMs) return;
    lastAt = Date.now();
    logger.warn({ msg: `${what}: Redis error (repeats are not logged for ${everyMs / 1000} s)`, err: e.message });
  });
}

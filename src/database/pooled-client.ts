import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';

const logger = new Logger('DatabasePool');

/**
 * The pool's connections: pg's Client, with an 'error' listener for its whole life.
 *
 * A connection's errors are heard by whoever holds it: the pool while it is idle, TypeORM's query runner
 * while it is lent out. Between the two nobody listens: pg-pool removes its listener as it hands a new
 * connection over (synchronously, on the server's ReadyForQuery), and TypeORM adds its own a promise
 * callback later. When the server's next message is already in the same socket read, pg emits it as an
 * 'error' in that gap, and an 'error' nobody listens to is thrown: the process dies. PostgreSQL sends
 * exactly that when a fast shutdown, a restart or pg_terminate_backend reaches a backend that has just
 * finished its start-up ("FATAL: terminating connection due to administrator command", 57P01), and a
 * busy event loop reads both messages at once.
 *
 * The error is not lost by being heard here: pg marks the connection unusable, the query sent on it
 * fails ("… is not queryable", a 503 in the API, a failed round in a worker loop), and the pool discards
 * it on release. What this listener adds is the log line when nobody else heard it.
 */
export class PooledClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (e: Error) => {
      if (this.listenerCount('error') === 1)
        logger.warn(`a database connection failed while being handed out (${e.message}); its query fails and the pool drops it`);
    });
  }
}

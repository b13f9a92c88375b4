import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Transactions without threading an EntityManager through every call: repositories ask for
 * `manager`, which is the current transaction's when one is open. Nested `run` joins the outer one,
 * so a service can call another service's write inside its own transaction.
 */
@Injectable()
export class UnitOfWork {
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    return this.dataSource.transaction('READ COMMITTED', (em) => this.current.run(em, work));
  }

  /**
   * Independent reads at once: on pooled connections of their own outside a transaction, one after another
   * inside one. A transaction has one connection, which runs one query at a time: pg queues the others
   * (with a deprecation warning; pg 9 refuses them).
   */
  async reads<T extends unknown[]>(...reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
    if (!this.inTransaction) return (await Promise.all(reads.map((read) => read()))) as T;
    const answers: unknown[] = [];
    for (const read of reads) answers.push(await read());
    return answers as T;
  }

  /** Raw SQL inside the current transaction (repositories only). */
  query<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
    return this.manager.query<T>(sql, params);
  }
}

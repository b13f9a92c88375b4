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

  /** Raw SQL inside the current transaction (repositories only). */
  query<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
    return this.manager.query<T>(sql, params);
  }
}

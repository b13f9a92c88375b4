import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { jsonArrayLiteral, textArrayLiteral } from '../database/array-literal';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditEventEntity } from './audit-event.entity';

@Injectable()
export class AuditRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(event: Omit<AuditEventEntity, 'id' | 'at'>): Promise<void> {
    await this.uow.manager.getRepository(AuditEventEntity).insert(event as QueryDeepPartialEntity<AuditEventEntity>);
  }

  /**
   * Many events in one statement, their ids in the given order (the trail's order), from one array per
   * column, the before/after documents as JSON text read as jsonb once (a JSON recordset with jsonb
   * fields cost several times more for a batch import's hundreds of large documents). The array literals
   * are built here: node-pg's own escaping of a few megabytes of JSON costs more than the insert.
   * The audit_events triggers (the txid the chain orders by) run per row, as for `insert`.
   */
  async insertMany(events: ReadonlyArray<Omit<AuditEventEntity, 'id' | 'at'>>): Promise<void> {
    if (events.length === 0) return;
    const column = (get: (e: (typeof events)[number]) => string | null | undefined) => textArrayLiteral(events.map(get));
    await this.uow.query(
      `INSERT INTO audit_events (actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, reason, request_id)
         SELECT e.actor_type, e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id, e.before, e.after, e.reason, e.request_id
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[])
                WITH ORDINALITY AS e(actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, reason, request_id, n)
          ORDER BY e.n`,
      [
        column((e) => e.actorType),
        column((e) => e.actorId),
        column((e) => e.actorLabel),
        column((e) => e.action),
        column((e) => e.entityType),
        column((e) => e.entityId),
        jsonArrayLiteral(events.map((e) => e.before)),
        jsonArrayLiteral(events.map((e) => e.after)),
        column((e) => e.reason),
        column((e) => e.requestId),
      ],
    );
  }

  /** Events for one or more entities, oldest first (the order things happened). */
  findForEntities(refs: Array<{ entityType: string; entityId: string }>): Promise<AuditEventEntity[]> {
    if (!refs.length) return Promise.resolve([]);
    const qb = this.uow.manager.getRepository(AuditEventEntity).createQueryBuilder('a');
    refs.forEach((r, i) => qb.orWhere(`(a.entity_type = :t${i} AND a.entity_id = :e${i})`, { [`t${i}`]: r.entityType, [`e${i}`]: r.entityId }));
    return qb.orderBy('a.id', 'ASC').getMany();
  }
}

import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditEventEntity } from './audit-event.entity';

@Injectable()
export class AuditRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(event: Omit<AuditEventEntity, 'id' | 'at'>): Promise<void> {
    await this.uow.manager.getRepository(AuditEventEntity).insert(event as QueryDeepPartialEntity<AuditEventEntity>);
  }

  /**
   * Many events in one statement, their ids in the given order (the trail's order), from one JSON
   * parameter (the before/after documents go in as they are, no per-element escaping in JavaScript).
   * The audit_events triggers (the txid the chain orders by) run per row, as for `insert`.
   */
  async insertMany(events: ReadonlyArray<Omit<AuditEventEntity, 'id' | 'at'>>): Promise<void> {
    if (events.length === 0) return;
    const records = events.map((e) => ({
      actor_type: e.actorType,
      actor_id: e.actorId,
      actor_label: e.actorLabel,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
      reason: e.reason,
      request_id: e.requestId,
    }));
    await this.uow.query(
      `INSERT INTO audit_events (actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, reason, request_id)
         SELECT e.actor_type, e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id, e.before, e.after, e.reason, e.request_id
           FROM ROWS FROM (json_to_recordset($1::json) AS (actor_type text, actor_id text, actor_label text, action text, entity_type text,
                           entity_id text, before jsonb, after jsonb, reason text, request_id text)) WITH ORDINALITY
                AS e(actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, reason, request_id, n)
          ORDER BY e.n`,
      [JSON.stringify(records)],
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

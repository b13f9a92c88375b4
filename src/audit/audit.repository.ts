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
   * Many events in one statement, their ids in the given order (the trail's order). From arrays, so a
   * batch of any size is one round trip; the audit_events triggers (txid for the chain) run per row as for insert.
   */
  async insertMany(events: ReadonlyArray<Omit<AuditEventEntity, 'id' | 'at'>>): Promise<void> {
    if (events.length === 0) return;
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    await this.uow.query(
      `INSERT INTO audit_events (actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, reason, request_id)
         SELECT t, i, l, a, et, ei, b::jsonb, af::jsonb, r, q
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                WITH ORDINALITY AS e(t, i, l, a, et, ei, b, af, r, q, n)
          ORDER BY n`,
      [
        events.map((e) => e.actorType),
        events.map((e) => e.actorId),
        events.map((e) => e.actorLabel),
        events.map((e) => e.action),
        events.map((e) => e.entityType),
        events.map((e) => e.entityId),
        events.map((e) => json(e.before)),
        events.map((e) => json(e.after)),
        events.map((e) => e.reason),
        events.map((e) => e.requestId),
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

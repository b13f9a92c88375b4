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

  /** Events for one or more entities, oldest first (the order things happened). */
  findForEntities(refs: Array<{ entityType: string; entityId: string }>): Promise<AuditEventEntity[]> {
    if (!refs.length) return Promise.resolve([]);
    const qb = this.uow.manager.getRepository(AuditEventEntity).createQueryBuilder('a');
    refs.forEach((r, i) => qb.orWhere(`(a.entity_type = :t${i} AND a.entity_id = :e${i})`, { [`t${i}`]: r.entityType, [`e${i}`]: r.entityId }));
    return qb.orderBy('a.id', 'ASC').getMany();
  }
}

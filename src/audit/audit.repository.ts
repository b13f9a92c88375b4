import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { documentText } from './audit-document';
import { AuditEventEntity } from './audit-event.entity';

@Injectable()
export class AuditRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** One event, written as a batch's are: one way to turn a document into its stored text, rendered or not. */
  insert(event: Omit<AuditEventEntity, 'id' | 'at'>): Promise<void> {
    return this.insertMany([event]);
  }

  /**
   * Many events in few statements, their ids in the given order (the trail's order): a multi-row VALUES
   * with one parameter per field, the before/after documents each sent as its own JSON text and stored
   * as that text (json, migration 1764000025500). Against one array per column (a jsonb[] literal: every
   * quote of a few megabytes of JSON escaped once more, then read by array_in before jsonb_in) this cost
   * about 30% less for a batch import's hundreds of large documents, before json took jsonb's conversion
   * away too. The audit_events triggers (the txid the chain orders by) run per row, as for `insert`.
   * A statement carries about half a megabyte of documents: turning a 400-sample batch's 4 MB into text
   * and into the statement at once held the event loop, and every other request of the process, for
   * 50–90 ms; between statements it answers them.
   */
  async insertMany(events: ReadonlyArray<Omit<AuditEventEntity, 'id' | 'at'>>): Promise<void> {
    let params: unknown[] = [];
    let rows: string[] = [];
    let documentChars = 0;
    const send = async () => {
      await this.uow.query(
        `INSERT INTO audit_events (actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, reason, request_id) VALUES ${rows.join(', ')}`,
        params,
      );
      [params, rows, documentChars] = [[], [], 0];
    };
    for (const e of events) {
      const [before, after] = [documentText(e.before), documentText(e.after)];
      const at = params.push(e.actorType, e.actorId, e.actorLabel, e.action, e.entityType, e.entityId, before, after, e.reason, e.requestId);
      const $ = (i: number) => `$${at - 10 + i}`;
      rows.push(`(${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}, ${$(7)}::json, ${$(8)}::json, ${$(9)}, ${$(10)})`);
      documentChars += (before?.length ?? 0) + (after?.length ?? 0);
      if (rows.length === EVENTS_PER_STATEMENT || documentChars >= DOCUMENT_CHARS_PER_STATEMENT) await send();
    }
    if (rows.length > 0) await send();
  }

  /**
   * Ids of the users who recorded an event whose action starts with `actionPrefix` on one entity, and
   * whose after document names `version` (`after.version`). Read in the caller's transaction.
   */
  async userActorsOfVersion(entityType: string, entityId: string, actionPrefix: string, version: number): Promise<string[]> {
    const rows = await this.uow.query<Array<{ actor_id: string }>>(
      `SELECT DISTINCT actor_id FROM audit_events
        WHERE entity_type = $1 AND entity_id = $2 AND actor_type = 'user' AND actor_id IS NOT NULL
          AND starts_with(action, $3) AND (after->>'version') = $4`,
      [entityType, entityId, actionPrefix, String(version)],
    );
    return rows.map((r) => r.actor_id);
  }

  /** Events for one or more entities, oldest first (the order things happened). */
  findForEntities(refs: Array<{ entityType: string; entityId: string }>): Promise<AuditEventEntity[]> {
    if (!refs.length) return Promise.resolve([]);
    const qb = this.uow.manager.getRepository(AuditEventEntity).createQueryBuilder('a');
    refs.forEach((r, i) => qb.orWhere(`(a.entity_type = :t${i} AND a.entity_id = :e${i})`, { [`t${i}`]: r.entityType, [`e${i}`]: r.entityId }));
    return qb.orderBy('a.id', 'ASC').getMany();
  }
}

/** PostgreSQL's bind-parameter limit is 65,535; ten per event. */
const EVENTS_PER_STATEMENT = 5000;

/** Documents' text per statement (characters, about bytes): a few milliseconds of work each side of a round trip. */
const DOCUMENT_CHARS_PER_STATEMENT = 512 * 1024;

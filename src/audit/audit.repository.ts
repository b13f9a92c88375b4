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
   * The users' events on one entity whose action starts with `actionPrefix` and whose after document
   * names `version` (`after.version`), one row per distinct user, action and group: the group the after
   * document names (`after.group`, else each of `after.analytes[].group`), and whether it left the
   * group's analytes empty (`after.analytes` an empty list). Read in the caller's transaction.
   */
  async userActsOfVersion(entityType: string, entityId: string, actionPrefix: string, version: number): Promise<UserAct[]> {
    const rows = await this.uow.query<
      Array<{
        actor_id: string;
        actor_label: string;
        action: string;
        group: string | null;
        emptied: boolean | null;
        saver_id: string | null;
        saver_label: string | null;
      }>
    >(
      `SELECT DISTINCT e.actor_id, e.actor_label, e.action, coalesce(e.after->>'group', named.grp) AS "group",
              json_typeof(e.after->'analytes') = 'array' AND json_array_length(e.after->'analytes') = 0 AS emptied,
              e.after->'mappingSavedBy'->>'id' AS saver_id, e.after->'mappingSavedBy'->>'label' AS saver_label
         FROM audit_events e
         LEFT JOIN LATERAL (
           SELECT a->>'group' AS grp
             FROM json_array_elements(CASE WHEN e.after->>'group' IS NULL AND json_typeof(e.after->'analytes') = 'array' THEN e.after->'analytes' END) a
         ) named ON true
        WHERE e.entity_type = $1 AND e.entity_id = $2 AND e.actor_type = 'user' AND e.actor_id IS NOT NULL
          AND starts_with(e.action, $3) AND (e.after->>'version') = $4`,
      [entityType, entityId, actionPrefix, String(version)],
    );
    return rows.map((r) => ({
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      group: r.group,
      emptied: r.emptied === true,
      ...(r.saver_id ? { mappingSavedBy: { id: r.saver_id, label: r.saver_label ?? r.saver_id } } : {}),
    }));
  }

  /** The users who recorded any of `actions` on one entity, one row per user and action (no group). Read in the caller's transaction. */
  async userActsOf(entityType: string, entityId: string, actions: readonly string[]): Promise<UserAct[]> {
    if (!actions.length) return [];
    const rows = await this.uow.query<Array<{ actor_id: string; actor_label: string; action: string }>>(
      `SELECT DISTINCT e.actor_id, e.actor_label, e.action
         FROM audit_events e
        WHERE e.entity_type = $1 AND e.entity_id = $2 AND e.actor_type = 'user' AND e.actor_id IS NOT NULL AND e.action = ANY($3::text[])`,
      [entityType, entityId, [...actions]],
    );
    return rows.map((r) => ({ actorId: r.actor_id, actorLabel: r.actor_label, action: r.action, group: null, emptied: false }));
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

/** One kind of thing a user did to an entity's version (see userActsOfVersion). */
export interface UserAct {
  actorId: string;
  actorLabel: string;
  action: string;
  group: string | null;
  emptied: boolean;
  /** An import read through a saved instrument mapping: the mapping's last saver (a contributor too). */
  mappingSavedBy?: { id: string; label: string };
}

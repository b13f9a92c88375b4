import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor';
import { RequestContext } from '../common/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditEventEntity } from './audit-event.entity';
import { AuditRepository, type UserAct } from './audit.repository';

export type { UserAct } from './audit.repository';

export interface AuditRecord {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
}

/** Every write to samples, results, users and licensees records here, inside the writer's transaction. */
@Injectable()
export class AuditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditRepository,
  ) {}

  async record(r: AuditRecord): Promise<void> {
    this.mustBeInTransaction(r.action);
    await this.audit.insert(toEventRow(r));
  }

  /** Several events in one statement, in the order given (a batch import's, one per changed group and sample). */
  async recordMany(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.mustBeInTransaction(records[0].action);
    await this.audit.insertMany(records.map(toEventRow));
  }

  private mustBeInTransaction(action: string): void {
    // An audit row written outside the change's transaction could survive a rolled-back change.
    if (!this.uow.inTransaction) throw new Error(`audit ${action} recorded outside a transaction`);
  }

  /** What users recorded as `actionPrefix…` events on an entity for one version of it (their after documents name it), per action and group. */
  userActsOfVersion(ref: { entityType: string; entityId: string }, actionPrefix: string, version: number): Promise<UserAct[]> {
    return this.audit.userActsOfVersion(ref.entityType, ref.entityId, actionPrefix, version);
  }

  /** Who recorded any of `actions` on an entity, whatever version (SAMPLE_FACT_ACTIONS: the receiver), per user and action. */
  userActsOf(ref: { entityType: string; entityId: string }, actions: readonly string[]): Promise<UserAct[]> {
    return this.audit.userActsOf(ref.entityType, ref.entityId, actions);
  }

  async trail(refs: Array<{ entityType: string; entityId: string }>): Promise<AuditEntry[]> {
    return (await this.audit.findForEntities(refs)).map(toAuditEntry);
  }
}

function toEventRow(r: AuditRecord): Omit<AuditEventEntity, 'id' | 'at'> {
  return {
    actorType: r.actor.type,
    actorId: r.actor.id ?? null,
    actorLabel: r.actor.label,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    reason: r.reason ?? null,
    requestId: RequestContext.requestId() ?? null,
  };
}

export function toAuditEntry(e: AuditEventEntity): AuditEntry {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    reason: e.reason,
    requestId: e.requestId,
  };
}

import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { FindOptionsWhere } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { ApprovalRequestEntity } from '../../auth/approvals/approval-request.entity';
import { ApprovalEffect, ApprovalsService } from '../../auth/approvals/approvals.service';
import { Actor, SYSTEM_ACTOR } from '../../common/actor';
import { ParsePool } from '../../common/parsing/parse-pool';
import { isUuid } from '../../common/uuid.pipe';
import { UnitOfWork } from '../../database/unit-of-work';
import type { RuleSetEntity } from '../entities/rule-set.entity';
import { RulesError } from '../rules.errors';
import type { RuleRowEntity, RuleSetKindDefinition } from './rule-set-kind';
import { RULE_SET_PARSE_TASK } from './rule-set-parse.task';
import { parseRuleSetUpload } from './rule-set-upload';
import type { RuleSetData, RuleSetFormat, RuleSetParseResult, RuleSetSchema } from './rule-set.types';
import { RuleSetsRepository } from './rule-sets.repository';

type Kind<Row, E extends RuleRowEntity> = RuleSetKindDefinition<Row, E>;

/** The most rowsOf reads remembered. */
const MAX_ROW_READS = 256;

/** The approval kind for putting an uploaded rule set (of any kind) in force. */
export const RULE_SET_ACTIVATION = 'rule_set_activation';

/**
 * The one way rule sets of any kind are stored and read. A set is stored whole or not at all, with
 * an audit row, and never replaced: a new version is a new name with its own effective date.
 *
 * Two-person rule: an admin's upload is stored `pending` with an approval request and is never in force
 * until another admin approves it (a rejected set stays stored, never in force; its name stays taken).
 * Built-in sets, seeded by LabTrace itself (the system actor), are stored approved by it.
 */
@Injectable()
export class RuleSetsService implements OnModuleInit {
  /** rowsOf's reads, by kind, set and filter. */
  private readonly rowsRead = new Map<string, Promise<readonly RuleRowEntity[]>>();

  constructor(
    private readonly repo: RuleSetsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly approvals: ApprovalsService,
    /** Absent only where a unit test builds the service by hand: then files are parsed in-process. */
    @Optional() private readonly pool?: ParsePool,
  ) {}

  onModuleInit(): void {
    this.approvals.register(RULE_SET_ACTIVATION, {
      approve: (request, decider) => this.decide(request, 'approved', decider),
      reject: (request, decider) => this.decide(request, 'rejected', decider),
    });
  }

  /** An admin's file: parsed, validated row by row, then stored pending approval; a name already loaded is refused. */
  async upload<Row, E extends RuleRowEntity>(kind: Kind<Row, E>, text: string, format: RuleSetFormat, actor: Actor): Promise<RuleSetEntity> {
    const parsed = await this.parseUpload(kind.schema, text, format);
    if (!parsed.ok) throw new RulesError(kind.errors.invalid, `The ${kind.schema.noun} has ${parsed.errors.length} error(s)`, parsed.errors);
    return (await this.store(kind, parsed.set, actor, { ifAbsent: false })).set;
  }

  /** An uploaded file parsed and checked row by row in a parsing thread, never on the API's event loop. */
  async parseUpload<Row>(schema: RuleSetSchema<Row, unknown>, text: string, format: RuleSetFormat): Promise<RuleSetParseResult<Row>> {
    if (!this.pool) return parseRuleSetUpload(text, format, schema);
    return (await this.pool.run(RULE_SET_PARSE_TASK, { kind: schema.kind, text, format }, `the ${schema.noun} file`)) as RuleSetParseResult<Row>;
  }

  /** A built-in set, stored once: parallel boots wait on the lock and then find it stored. */
  seed<Row, E extends RuleRowEntity>(kind: Kind<Row, E>, data: RuleSetData<Row>): Promise<{ set: RuleSetEntity; created: boolean }> {
    return this.store(kind, data, SYSTEM_ACTOR, { ifAbsent: true });
  }

  /** Stores a validated set; with `ifAbsent` an existing set of that name is returned instead of refused. */
  store<Row, E extends RuleRowEntity>(
    kind: Kind<Row, E>,
    data: RuleSetData<Row>,
    actor: Actor,
    options: { ifAbsent: boolean },
  ): Promise<{ set: RuleSetEntity; created: boolean }> {
    const { schema } = kind;
    return this.uow.run(async () => {
      await this.repo.lock(schema.kind, data.name);
      const existing = await this.repo.findByName(schema.kind, data.name);
      if (existing) {
        if (options.ifAbsent) return { set: existing, created: false };
        throw new RulesError(kind.errors.exists, `A ${schema.noun} named ${data.name} exists already; sets are never replaced, load it under a new name`, [
          { field: 'name', message: 'already exists' },
        ]);
      }
      const rows = schema.toStoredRows(data);
      const bySystem = actor.type === 'system';
      const set = await this.repo.insertSet(
        {
          kind: schema.kind,
          name: data.name,
          effectiveDate: data.effectiveDate,
          source: data.source,
          loadedBy: actor.label,
          status: bySystem ? 'approved' : 'pending',
          decidedBy: bySystem ? actor.label : null,
          decidedAt: bySystem ? new Date() : null,
        },
        kind.rowEntity,
        rows,
      );
      await this.audit.record({
        actor,
        action: kind.audit.action,
        entityType: kind.audit.entityType,
        entityId: set.id,
        after: { name: data.name, effectiveDate: data.effectiveDate, source: data.source, rules: rows.length, status: set.status },
      });
      if (!bySystem) {
        await this.approvals.request(
          {
            kind: RULE_SET_ACTIVATION,
            subjectType: kind.audit.entityType,
            subjectId: set.id,
            summary: `Put ${schema.noun} ${data.name} in force from ${data.effectiveDate} (${rows.length} rule${rows.length === 1 ? '' : 's'}; ${data.source})`,
            payload: { ruleSetKind: schema.kind, name: data.name, effectiveDate: data.effectiveDate, source: data.source, rules: rows.length },
          },
          actor,
        );
      }
      return { set, created: true };
    });
  }

  /** The request to put a set in force (pending, or how it was decided); null for sets LabTrace seeded. */
  approvalOf(ruleSetId: string): Promise<ApprovalRequestEntity | null> {
    return this.approvals.latestFor(RULE_SET_ACTIVATION, ruleSetId);
  }

  /** Every set of the kind, whatever its status, newest effective date first. */
  list<Row, E extends RuleRowEntity>(kind: Kind<Row, E>): Promise<RuleSetEntity[]> {
    return this.repo.list(kind.schema.kind);
  }

  /** A set of this kind by id, or null; an id of another kind's set is not found. */
  async find<Row, E extends RuleRowEntity>(kind: Kind<Row, E>, id: string): Promise<RuleSetEntity | null> {
    return isUuid(id) ? this.repo.findById(kind.schema.kind, id) : null;
  }

  async get<Row, E extends RuleRowEntity>(kind: Kind<Row, E>, id: string): Promise<RuleSetEntity> {
    const set = await this.find(kind, id);
    if (!set) throw new RulesError(kind.errors.notFound, `No ${kind.schema.noun} ${id}`);
    return set;
  }

  /** The set in force on a day (UTC): the latest approved set effective on or before it, the newest load on a tie. */
  async inForce<Row, E extends RuleRowEntity>(kind: Kind<Row, E>, on: Date): Promise<RuleSetEntity> {
    const day = on.toISOString().slice(0, 10);
    const set = await this.repo.inForceOn(kind.schema.kind, day);
    if (!set) throw new RulesError(kind.errors.noneInForce, `No ${kind.schema.noun} is in force on ${day}`);
    return set;
  }

  /**
   * A set's rows, optionally narrowed (e.g. to one product type), in the kind's order. Read once per
   * process: a set is stored with all its rows in one transaction and its rows are append-only (no
   * UPDATE or DELETE, by trigger), so the rows under a set id never change. An import judging hundreds
   * of samples, and every results view, then reads them from memory; the rows are frozen, as shared.
   */
  rowsOf<Row, E extends RuleRowEntity>(kind: Kind<Row, E>, ruleSetId: string, where: Partial<Omit<E, 'ruleSetId'>> = {}): Promise<readonly E[]> {
    const key = `${kind.schema.kind}|${ruleSetId}|${JSON.stringify(where)}`;
    const known = this.rowsRead.get(key);
    if (known) return known as Promise<readonly E[]>;
    const read = this.repo
      .rowsOf(kind.rowEntity, { ...where, ruleSetId } as FindOptionsWhere<E>, kind.rowOrder)
      .then((rows) => Object.freeze(rows.map((r) => Object.freeze(r))));
    // A failed read is not remembered; the oldest entry makes room (sets × product types: a few dozen in practice).
    read.catch(() => this.rowsRead.delete(key));
    if (this.rowsRead.size >= MAX_ROW_READS) this.rowsRead.delete(this.rowsRead.keys().next().value!);
    this.rowsRead.set(key, read);
    return read;
  }

  /** A second admin's decision on an upload, applied in the decision's transaction. */
  private async decide(request: ApprovalRequestEntity, status: 'approved' | 'rejected', decider: Actor): Promise<ApprovalEffect> {
    const set = await this.repo.decide(request.subjectId, status, decider.label);
    if (!set) throw new Error(`approval ${request.id} names no pending rule set ${request.subjectId}`);
    return {
      before: { status: 'pending' },
      after: { name: set.name, kind: set.kind, effectiveDate: set.effectiveDate, status: set.status, decidedBy: set.decidedBy },
    };
  }
}

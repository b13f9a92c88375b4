import type { AuditRecord } from '../../audit/audit.service';
import type { ApprovalsService } from '../../auth/approvals/approvals.service';
import { inMemoryApprovalsService, inMemoryInfrastructure } from '../../auth/approvals/approvals.spec-kit';
import type { RuleSetEntity } from '../entities/rule-set.entity';
import type { RuleRowEntity } from './rule-set-kind';
import type { RuleSetKind, RuleSetStatus } from './rule-set.types';
import type { NewRuleSet, RuleSetsRepository } from './rule-sets.repository';
import { RuleSetsService } from './rule-sets.service';

/**
 * The rule-set repository in memory, with the same answers as the SQL one (kind-scoped lookups, the
 * set in force by effective date then load time), so the services' logic can be tested without a database.
 */
export class InMemoryRuleSets {
  readonly sets: RuleSetEntity[] = [];
  readonly rows = new Map<string, RuleRowEntity[]>();
  readonly locks: string[] = [];
  private loads = 0;

  async findByName(kind: RuleSetKind, name: string) {
    return this.sets.find((s) => s.kind === kind && s.name === name) ?? null;
  }

  async findById(kind: RuleSetKind, id: string) {
    return this.sets.find((s) => s.kind === kind && s.id === id) ?? null;
  }

  async list(kind: RuleSetKind) {
    return this.sets.filter((s) => s.kind === kind).sort(newestFirst);
  }

  async inForceOn(kind: RuleSetKind, date: string) {
    return this.sets.filter((s) => s.kind === kind && s.status === 'approved' && s.effectiveDate <= date).sort(newestFirst)[0] ?? null;
  }

  async decide(id: string, status: Exclude<RuleSetStatus, 'pending'>, decidedBy: string) {
    const set = this.sets.find((s) => s.id === id);
    if (set?.status === 'pending') Object.assign(set, { status, decidedBy, decidedAt: new Date(Date.UTC(2026, 0, 2)) });
    return set ?? null;
  }

  async rowsOf<E extends RuleRowEntity>(entity: new () => E, where: Partial<E>) {
    const rows = (this.rows.get(entity.name) ?? []) as E[];
    return rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as keyof E] === v));
  }

  async insertSet<E extends RuleRowEntity>(set: NewRuleSet, entity: new () => E, rows: ReadonlyArray<Omit<E, 'ruleSetId'>>) {
    this.loads++;
    // Distinct load times, one second apart, so "newest load wins" is observable.
    const saved: RuleSetEntity = {
      ...set,
      id: `00000000-0000-4000-8000-${String(this.loads).padStart(12, '0')}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, this.loads)),
    };
    this.sets.push(saved);
    this.rows.set(entity.name, [...(this.rows.get(entity.name) ?? []), ...rows.map((r) => ({ ...r, ruleSetId: saved.id }) as E)]);
    return saved;
  }

  async lock(kind: RuleSetKind, name: string) {
    this.locks.push(`${kind}:${name}`);
  }
}

function newestFirst(a: RuleSetEntity, b: RuleSetEntity): number {
  return b.effectiveDate.localeCompare(a.effectiveDate) || b.createdAt.getTime() - a.createdAt.getTime();
}

/** A RuleSetsService over the in-memory repository and approvals, with the audit records both wrote. */
export function inMemoryRuleSetsService(): { service: RuleSetsService; repo: InMemoryRuleSets; audits: AuditRecord[]; approvals: ApprovalsService } {
  const repo = new InMemoryRuleSets();
  const { uow, audit, audits } = inMemoryInfrastructure();
  const { approvals } = inMemoryApprovalsService(audits);
  const service = new RuleSetsService(repo as unknown as RuleSetsRepository, uow, audit, approvals);
  service.onModuleInit();
  return { service, repo, audits, approvals };
}

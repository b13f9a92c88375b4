import { Injectable } from '@nestjs/common';
import type { FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { UnitOfWork } from '../../database/unit-of-work';
import { RuleSetEntity } from '../entities/rule-set.entity';
import type { RuleRowEntity } from './rule-set-kind';
import type { RuleSetKind, RuleSetStatus } from './rule-set.types';

/** Rows per INSERT: keeps one statement's parameter count well under PostgreSQL's 65535. */
const INSERT_CHUNK = 500;

export type NewRuleSet = Pick<RuleSetEntity, 'kind' | 'name' | 'effectiveDate' | 'source' | 'loadedBy' | 'status' | 'decidedBy' | 'decidedAt'>;

/** Rule sets of every kind and their rows; every query names the kind. */
@Injectable()
export class RuleSetsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get sets() {
    return this.uow.manager.getRepository(RuleSetEntity);
  }

  findByName(kind: RuleSetKind, name: string): Promise<RuleSetEntity | null> {
    return this.sets.findOneBy({ kind, name });
  }

  findById(kind: RuleSetKind, id: string): Promise<RuleSetEntity | null> {
    return this.sets.findOneBy({ kind, id });
  }

  list(kind: RuleSetKind): Promise<RuleSetEntity[]> {
    return this.sets.find({ where: { kind }, order: { effectiveDate: 'DESC', createdAt: 'DESC' } });
  }

  /** The set in force on a date: the latest approved set effective on or before it; the newest load wins a tie. */
  inForceOn(kind: RuleSetKind, date: string): Promise<RuleSetEntity | null> {
    return this.sets
      .createQueryBuilder('s')
      .where(`s.kind = :kind AND s.effective_date <= :date AND s.status = 'approved'`, { kind, date })
      .orderBy('s.effective_date', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .getOne();
  }

  rowsOf<E extends RuleRowEntity>(entity: new () => E, where: FindOptionsWhere<E>, order: FindOptionsOrder<E>): Promise<E[]> {
    return this.uow.manager.getRepository(entity).find({ where, order });
  }

  /** The set and all its rows; call inside the transaction that holds the set's lock. */
  async insertSet<E extends RuleRowEntity>(set: NewRuleSet, entity: new () => E, rows: ReadonlyArray<Omit<E, 'ruleSetId'>>): Promise<RuleSetEntity> {
    const saved = await this.sets.save(this.sets.create(set));
    // Each kind's rows go to its own entity; the generic repository cannot type an insert of an unknown E.
    const repo = this.uow.manager.getRepository<ObjectLiteral>(entity);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await repo.insert(rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, ruleSetId: saved.id })));
    }
    return saved;
  }

  /** Records the one decision on a pending set (the database refuses any other change to it). */
  async decide(id: string, status: Exclude<RuleSetStatus, 'pending'>, decidedBy: string): Promise<RuleSetEntity | null> {
    await this.sets.update({ id, status: 'pending' }, { status, decidedBy, decidedAt: new Date() });
    return this.sets.findOneBy({ id });
  }

  /** Serialises loads of one kind and name across processes until the transaction ends. */
  async lock(kind: RuleSetKind, name: string): Promise<void> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`rule_set:${kind}:${name}`]);
  }
}

import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import type { LimitRuleRow } from '../data/limit-set.types';
import { LimitRuleEntity, LimitSetEntity } from '../entities/limit-set.entity';

@Injectable()
export class LimitSetsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get sets() {
    return this.uow.manager.getRepository(LimitSetEntity);
  }

  findByName(name: string): Promise<LimitSetEntity | null> {
    return this.sets.findOneBy({ name });
  }

  findById(id: string): Promise<LimitSetEntity | null> {
    return this.sets.findOneBy({ id });
  }

  list(): Promise<LimitSetEntity[]> {
    return this.sets.find({ order: { effectiveDate: 'DESC', createdAt: 'DESC' } });
  }

  /** The set in force on a date: the latest effective on or before it (the newest load wins a tie). */
  inForceOn(date: string): Promise<LimitSetEntity | null> {
    return this.sets.createQueryBuilder('l').where('l.effective_date <= :date', { date }).orderBy('l.effective_date', 'DESC').addOrderBy('l.created_at', 'DESC').getOne();
  }

  rulesFor(limitSetId: string, productType: string): Promise<LimitRuleEntity[]> {
    return this.uow.manager.getRepository(LimitRuleEntity).findBy({ limitSetId, productType });
  }

  countRules(limitSetId: string): Promise<number> {
    return this.uow.manager.getRepository(LimitRuleEntity).countBy({ limitSetId });
  }

  async insertSet(set: Pick<LimitSetEntity, 'name' | 'effectiveDate' | 'source' | 'loadedBy'>, rules: LimitRuleRow[]): Promise<LimitSetEntity> {
    const saved = await this.sets.save(this.sets.create(set));
    const repo = this.uow.manager.getRepository(LimitRuleEntity);
    // Chunks keep one INSERT's parameter count well under PostgreSQL's 65535.
    for (let i = 0; i < rules.length; i += 500) {
      await repo.insert(rules.slice(i, i + 500).map((r) => ({ ...r, limitSetId: saved.id })));
    }
    return saved;
  }

  async lock(key: string): Promise<void> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  }
}

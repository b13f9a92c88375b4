import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../../common/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { toLimitRuleRows } from '../data/limit-rule-rows';
import { parseLimitSetUpload, LimitSetUploadFormat } from '../data/limit-set-upload';
import type { LimitSetData } from '../data/limit-set.types';
import { LimitRuleEntity, LimitSetEntity } from '../entities/limit-set.entity';
import { RulesError, RulesErrorCode } from '../rules.errors';
import { builtInLimitSet } from './built-in-limit-set';
import { LimitSetsRepository } from './limit-sets.repository';

export interface LimitSetInForce {
  set: LimitSetEntity;
  rules: LimitRuleEntity[];
}

/** Limit sets are data: seeded once from the rules file, later loaded by an admin; never edited. */
@Injectable()
export class LimitSetsService implements OnApplicationBootstrap {
  constructor(
    private readonly limitSets: LimitSetsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.storeLimitSet(builtInLimitSet(), SYSTEM_ACTOR, { ifAbsent: true });
  }

  /** An admin's upload: parsed, validated row by row, stored whole or not at all. */
  async uploadLimitSet(text: string, format: LimitSetUploadFormat, actor: Actor): Promise<LimitSetEntity> {
    const parsed = parseLimitSetUpload(text, format);
    if (!parsed.ok) throw new RulesError(RulesErrorCode.INVALID_LIMIT_SET, `The limit set has ${parsed.errors.length} error(s)`, parsed.errors);
    return this.storeLimitSet(parsed.limitSet, actor, { ifAbsent: false });
  }

  private storeLimitSet(data: LimitSetData, actor: Actor, options: { ifAbsent: boolean }): Promise<LimitSetEntity> {
    return this.uow.run(async () => {
      await this.limitSets.lock(`limit_set:${data.name}`);
      const existing = await this.limitSets.findByName(data.name);
      if (existing) {
        if (options.ifAbsent) return existing;
        throw new RulesError(RulesErrorCode.LIMIT_SET_EXISTS, `A limit set named ${data.name} exists already; sets are never replaced, load it under a new name`, [
          { field: 'name', message: 'already exists' },
        ]);
      }
      const rules = toLimitRuleRows(data);
      const saved = await this.limitSets.insertSet({ name: data.name, effectiveDate: data.effectiveDate, source: data.source, loadedBy: actor.label }, rules);
      await this.audit.record({
        actor,
        action: 'limit_set.loaded',
        entityType: 'limit_set',
        entityId: saved.id,
        after: { name: data.name, effectiveDate: data.effectiveDate, source: data.source, rules: rules.length },
      });
      return saved;
    });
  }

  list(): Promise<LimitSetEntity[]> {
    return this.limitSets.list();
  }

  async getLimitSet(id: string): Promise<{ set: LimitSetEntity; rules: number }> {
    const set = /^[0-9a-f-]{36}$/i.test(id) ? await this.limitSets.findById(id) : null;
    if (!set) throw new RulesError(RulesErrorCode.LIMIT_SET_NOT_FOUND, `No limit set ${id}`);
    return { set, rules: await this.limitSets.countRules(id) };
  }

  /** The set in force today, with its rules for one product type. */
  async inForce(productType: string, on: Date = new Date()): Promise<LimitSetInForce> {
    const day = on.toISOString().slice(0, 10);
    const set = await this.limitSets.inForceOn(day);
    if (!set) throw new RulesError(RulesErrorCode.NO_LIMIT_SET, `No limit set is in force on ${day}`);
    return { set, rules: await this.limitSets.rulesFor(set.id, productType) };
  }

  /** A named set's rules (the set a stored result was judged by). */
  async rulesOf(limitSetId: string, productType: string): Promise<LimitSetInForce> {
    const set = await this.limitSets.findById(limitSetId);
    if (!set) throw new RulesError(RulesErrorCode.LIMIT_SET_NOT_FOUND, `No limit set ${limitSetId}`);
    return { set, rules: await this.limitSets.rulesFor(set.id, productType) };
  }
}

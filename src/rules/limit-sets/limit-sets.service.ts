import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { ApprovalRequestEntity } from '../../auth/approvals/approval-request.entity';
import type { Actor } from '../../common/actor';
import { LimitRuleEntity, LimitSetEntity } from '../entities/limit-set.entity';
import type { RuleSetKindDefinition } from '../rule-sets/rule-set-kind';
import type { RuleSetFormat } from '../rule-sets/rule-set.types';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { RulesErrorCode } from '../rules.errors';
import { builtInLimitSet } from './built-in-limit-set';
import { LIMIT_SET_SCHEMA } from './limit-set.schema';
import type { LimitSetRow } from './limit-set.types';

export const LIMIT_SETS: RuleSetKindDefinition<LimitSetRow, LimitRuleEntity> = {
  schema: LIMIT_SET_SCHEMA,
  rowEntity: LimitRuleEntity,
  rowOrder: { productType: 'ASC', analyteGroup: 'ASC', analyte: 'ASC' },
  audit: { entityType: 'limit_set', action: 'limit_set.loaded' },
  errors: {
    invalid: RulesErrorCode.INVALID_LIMIT_SET,
    exists: RulesErrorCode.LIMIT_SET_EXISTS,
    notFound: RulesErrorCode.LIMIT_SET_NOT_FOUND,
    noneInForce: RulesErrorCode.NO_LIMIT_SET,
  },
};

export interface LimitSetInForce {
  set: LimitSetEntity;
  rules: readonly LimitRuleEntity[];
}

/** Limit sets: rule sets of kind 'limits'. Seeded once from the rules file, later loaded by an admin; never edited. */
@Injectable()
export class LimitSetsService implements OnApplicationBootstrap {
  constructor(private readonly ruleSets: RuleSetsService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ruleSets.seed(LIMIT_SETS, builtInLimitSet());
  }

  /** An admin's upload: parsed, validated row by row, stored whole or not at all, pending a second admin's approval. */
  uploadLimitSet(text: string, format: RuleSetFormat, actor: Actor): Promise<LimitSetEntity> {
    return this.ruleSets.upload(LIMIT_SETS, text, format, actor);
  }

  list(): Promise<LimitSetEntity[]> {
    return this.ruleSets.list(LIMIT_SETS);
  }

  /** The request to put an uploaded set in force (null for the built-in set). */
  approvalOf(id: string): Promise<ApprovalRequestEntity | null> {
    return this.ruleSets.approvalOf(id);
  }

  /** A set with all its rules, for every product type. */
  async getLimitSet(id: string): Promise<LimitSetInForce> {
    const set = await this.ruleSets.get(LIMIT_SETS, id);
    return { set, rules: await this.ruleSets.rowsOf(LIMIT_SETS, set.id) };
  }

  /** The set in force on a day (today by default), with its rules for one product type. */
  async inForce(productType: string, on: Date = new Date()): Promise<LimitSetInForce> {
    const set = await this.ruleSets.inForce(LIMIT_SETS, on);
    return { set, rules: await this.ruleSets.rowsOf(LIMIT_SETS, set.id, { productType }) };
  }

  /** A named set's rules (the set a stored result was judged by). */
  async rulesOf(limitSetId: string, productType: string): Promise<LimitSetInForce> {
    const set = await this.ruleSets.get(LIMIT_SETS, limitSetId);
    return { set, rules: await this.ruleSets.rowsOf(LIMIT_SETS, set.id, { productType }) };
  }
}

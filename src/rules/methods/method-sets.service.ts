import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { ApprovalRequestEntity } from '../../auth/approvals/approval-request.entity';
import type { Actor } from '../../common/actor';
import type { RuleSetEntity } from '../entities/rule-set.entity';
import type { RuleSetKindDefinition } from '../rule-sets/rule-set-kind';
import type { RuleSetFormat } from '../rule-sets/rule-set.types';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { RulesError, RulesErrorCode } from '../rules.errors';
import { builtInMethodSet } from './built-in-method-set';
import { MethodAnalyteEntity } from './method-analyte.entity';
import { MethodRegistry, toMethodRegistry } from './method-registry';
import { METHOD_SET_SCHEMA, methodSetProblems } from './method-set.schema';
import type { MethodAnalyteRow, MethodSetRow } from './method-set.types';

export const METHOD_SETS: RuleSetKindDefinition<MethodSetRow, MethodAnalyteEntity> = {
  schema: METHOD_SET_SCHEMA,
  rowEntity: MethodAnalyteEntity,
  rowOrder: { analyteGroup: 'ASC', methodId: 'ASC', analyte: 'ASC' },
  audit: { entityType: 'method_set', action: 'method_set.loaded' },
  errors: {
    invalid: RulesErrorCode.INVALID_METHOD_SET,
    exists: RulesErrorCode.METHOD_SET_EXISTS,
    notFound: RulesErrorCode.METHOD_SET_NOT_FOUND,
    noneInForce: RulesErrorCode.NO_METHOD_SET,
  },
};

/**
 * The method registry (rule sets of kind 'methods'): which methods the lab runs, under which SOP, on
 * which instrument, and each analyte's LOD and LOQ. Versioned like every rule set: an upload is a new
 * name and effective date, pending a second admin's approval, never replacing an older set.
 */
@Injectable()
export class MethodSetsService implements OnApplicationBootstrap {
  /** The registry built from each set's rows (see registryInForce); shared, never changed by its readers. */
  private readonly registries = new WeakMap<object, MethodRegistry>();

  constructor(private readonly ruleSets: RuleSetsService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ruleSets.seed(METHOD_SETS, builtInMethodSet());
  }

  /** An admin's file, validated row by row and across rows (one method, one SOP), stored pending approval. */
  async upload(text: string, format: RuleSetFormat, actor: Actor): Promise<RuleSetEntity> {
    const parsed = await this.ruleSets.parseUpload(METHOD_SET_SCHEMA, text, format);
    const errors = parsed.ok ? methodSetProblems(parsed.set) : parsed.errors;
    if (!parsed.ok || errors.length > 0) throw new RulesError(RulesErrorCode.INVALID_METHOD_SET, `The method set has ${errors.length} error(s)`, errors);
    return (await this.ruleSets.store(METHOD_SETS, parsed.set, actor, { ifAbsent: false })).set;
  }

  list(): Promise<RuleSetEntity[]> {
    return this.ruleSets.list(METHOD_SETS);
  }

  approvalOf(id: string): Promise<ApprovalRequestEntity | null> {
    return this.ruleSets.approvalOf(id);
  }

  async getMethodSet(id: string): Promise<{ set: RuleSetEntity; rows: readonly MethodAnalyteEntity[] }> {
    const set = await this.ruleSets.get(METHOD_SETS, id);
    return { set, rows: await this.ruleSets.rowsOf(METHOD_SETS, set.id) };
  }

  /** The methods in force on a day (today by default); null when no method set is in force. */
  async registryInForce(on: Date = new Date()): Promise<MethodRegistry | null> {
    let set: RuleSetEntity;
    try {
      set = await this.ruleSets.inForce(METHOD_SETS, on);
    } catch (error) {
      if (error instanceof RulesError && error.code === RulesErrorCode.NO_METHOD_SET) return null;
      throw error;
    }
    const rows = await this.ruleSets.rowsOf(METHOD_SETS, set.id);
    // rowsOf answers a set's one frozen array every time, and a set never changes: its registry is built once (an import asks three times).
    const built = this.registries.get(rows);
    if (built && built.set.id === set.id && built.set.name === set.name && built.set.effectiveDate === set.effectiveDate) return built;
    const registry = toMethodRegistry({ id: set.id, name: set.name, effectiveDate: set.effectiveDate }, rows as readonly MethodAnalyteRow[]);
    this.registries.set(rows, registry);
    return registry;
  }
}

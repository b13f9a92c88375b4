import type { FindOptionsOrder } from 'typeorm';
import type { RulesErrorCode } from '../rules.errors';
import type { RuleSetSchema } from './rule-set.types';

/** A stored row of some kind: the kind's fields plus the set it belongs to. */
export interface RuleRowEntity {
  ruleSetId: string;
}

/**
 * Everything the shared repository and service need to know about one kind: its pure schema, the
 * entity its rows are stored as, how rows are listed, how loads are audited and which errors it raises.
 */
export interface RuleSetKindDefinition<Row, Entity extends RuleRowEntity> {
  schema: RuleSetSchema<Row, Omit<Entity, 'ruleSetId'>>;
  rowEntity: new () => Entity;
  rowOrder: FindOptionsOrder<Entity>;
  audit: { entityType: string; action: string };
  errors: { invalid: RulesErrorCode; exists: RulesErrorCode; notFound: RulesErrorCode; noneInForce: RulesErrorCode };
}

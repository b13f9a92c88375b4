import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LimitOperator } from '../judgement/judgement.types';
import type { RuleSetEntity } from './rule-set.entity';

/** A limit set is a rule set of kind 'limits'. */
export type LimitSetEntity = RuleSetEntity;

/** One analyte's limit for one product type in a limit set. */
@Entity('limit_rules')
export class LimitRuleEntity {
  @PrimaryColumn({ name: 'rule_set_id', type: 'uuid' })
  ruleSetId!: string;

  @PrimaryColumn({ name: 'product_type', type: 'text' })
  productType!: string;

  @PrimaryColumn({ type: 'text' })
  analyte!: string;

  @Column({ name: 'analyte_group', type: 'text' })
  analyteGroup!: string;

  @Column({ type: 'text' })
  operator!: LimitOperator;

  @Column({ name: 'limit_min', type: 'numeric', nullable: true })
  limitMin!: string | null;

  @Column({ name: 'limit_max', type: 'numeric', nullable: true })
  limitMax!: string | null;

  @Column({ type: 'text', nullable: true })
  unit!: string | null;

  @Column({ name: 'source_tag', type: 'text' })
  sourceTag!: string;

  @Column({ type: 'text', nullable: true })
  source!: string | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PanelRequirement } from '../panel-sets/panel-set.types';
import type { RuleSetEntity } from './rule-set.entity';

/** A panel set is a rule set of kind 'panels'. */
export type PanelSetEntity = RuleSetEntity;

/** One analyte group one product type must be tested for, in a panel set. */
@Entity('panel_rules')
export class PanelRuleEntity {
  @PrimaryColumn({ name: 'rule_set_id', type: 'uuid' })
  ruleSetId!: string;

  @PrimaryColumn({ name: 'product_type', type: 'text' })
  productType!: string;

  @PrimaryColumn({ name: 'analyte_group', type: 'text' })
  analyteGroup!: string;

  @Column({ type: 'text' })
  requirement!: PanelRequirement;

  /** Analytes a complete test of the group must report; null in sets that name none (before v2). */
  @Column({ type: 'text', array: true, nullable: true })
  analytes!: string[] | null;

  @Column({ type: 'text', nullable: true })
  source!: string | null;
}

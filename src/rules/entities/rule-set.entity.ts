import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { RuleSetKind } from '../rule-sets/rule-set.types';

/** A versioned rule set of some kind (limits, panels): written once, never edited; its rows live in the kind's table. */
@Entity('rule_sets')
@Unique(['kind', 'name'])
export class RuleSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: RuleSetKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'loaded_by', type: 'text' })
  loadedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

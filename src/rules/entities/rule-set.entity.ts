import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { RuleSetKind, RuleSetStatus } from '../rule-sets/rule-set.types';

/** A versioned rule set of some kind (limits, panels): written once, never edited but for its one approval decision; its rows live in the kind's table. */
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

  /** An upload waits `pending` for a second admin and is never in force until `approved`; seeds are approved by LabTrace. */
  @Column({ type: 'text', default: 'pending' })
  status!: RuleSetStatus;

  /** Who approved or rejected it (LabTrace itself for built-in sets); null while pending. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

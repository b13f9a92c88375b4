import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AmendmentDiff } from '../amendments.diff';

export type AmendmentStatus = 'pending' | 'released' | 'withdrawn' | 'rejected';

/**
 * A requested COA version N+1: who asked, why, and what changes against N. Its rows wait unfrozen in
 * analyte_results until a second manager releases it; only the decision is ever written after insert.
 */
@Entity('coa_amendments')
export class CoaAmendmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'sample_id', type: 'uuid' })
  sampleId!: string;

  /** The pending version's number: supersedesVersion + 1. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'supersedes_version', type: 'integer' })
  supersedesVersion!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: AmendmentStatus;

  @Column({ type: 'jsonb' })
  diff!: AmendmentDiff;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ name: 'requested_by_label', type: 'text' })
  requestedByLabel!: string;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_by_label', type: 'text', nullable: true })
  decidedByLabel!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * `needs_state_action`: the state's API cannot take it (a Metrc amendment); a person must act in the
 * state's UI, following `stateAction`, then mark it done. Nothing pretends it was delivered.
 * `superseded`: a later COA version of the sample replaced it before it reached the state; never sent.
 */
export type SubmissionStatus = 'pending' | 'delivered' | 'dead' | 'needs_state_action' | 'superseded';
export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['pending', 'delivered', 'dead', 'needs_state_action', 'superseded'];
/** Delivery is two state calls; the step survives restarts so a posted result is not posted again. */
export type SubmissionStep = 'post' | 'document' | 'done';

/** The outbox: one row per COA version that must reach BioTrack, written in the release transaction. */
@Entity('biotrack_submissions')
@Unique(['sampleId', 'coaVersion'])
@Index('biotrack_submissions_status_idx', ['status', 'createdAt'])
export class SubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'sample_id', type: 'uuid' })
  sampleId!: string;

  @Column({ name: 'coa_version', type: 'integer' })
  coaVersion!: number;

  @Column({ type: 'text' })
  kind!: 'report' | 'amend';

  /** Sent to BioTrack as the result's externalId: a repeat is recognised there as the same result. */
  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey!: string;

  @Column({ type: 'text' })
  status!: SubmissionStatus;

  @Column({ type: 'text', default: 'post' })
  step!: SubmissionStep;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'outcome_unknown', type: 'boolean', default: false })
  outcomeUnknown!: boolean;

  /** The exact steps a manager must take in the state's UI, when status is `needs_state_action`. */
  @Column({ name: 'state_action', type: 'text', nullable: true })
  stateAction!: string | null;

  @Column({ name: 'state_result_id', type: 'text', nullable: true })
  stateResultId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'released_at', type: 'timestamptz' })
  releasedAt!: Date;

  @Column({ name: 'deadline_at', type: 'timestamptz' })
  deadlineAt!: Date;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}

import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `cancelled`: closed unapplied without a decision, withdrawn by its requester or because they stopped being an admin. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * One request that needs a second person: a role grant, a rule set's activation, … The kind says which
 * handler applies it; the subject is what it changes. Decided once, by someone other than the requester,
 * unless it is cancelled first: then the decision columns say who closed it, when and why.
 */
@Entity('approval_requests')
@Check('approval_requests_status_check', `status IN ('pending', 'approved', 'rejected', 'cancelled')`)
export class ApprovalRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** One line a person reads in the queue: "Grant manager to Jo Smith <jo@lab.example> (now technician)". */
  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status!: ApprovalStatus;

  /** Null for the system (seeds), which never asks: it writes approved rows directly. */
  @Column({ name: 'requested_by_id', type: 'uuid', nullable: true })
  requestedById!: string | null;

  @Column({ name: 'requested_by_label', type: 'text' })
  requestedByLabel!: string;

  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById!: string | null;

  @Column({ name: 'decided_by_label', type: 'text', nullable: true })
  decidedByLabel!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}

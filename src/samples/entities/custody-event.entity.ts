import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CUSTODY_KINDS = ['announced', 'received', 'rejected', 'moved', 'sub_sampled', 'retained', 'disposed', 'status_changed'] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

@Entity('custody_events')
@Index('custody_events_sample_idx', ['sampleId', 'id'])
export class CustodyEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'sample_id', type: 'uuid' })
  sampleId!: string;

  @Column({ type: 'text' })
  kind!: CustodyKind;

  @Column({ type: 'timestamptz', insert: false, default: () => 'clock_timestamp()' })
  at!: Date;

  @Column({ name: 'actor_type', type: 'text' })
  actorType!: string;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_label', type: 'text' })
  actorLabel!: string;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'numeric', nullable: true })
  quantity!: string | null;

  @Column({ type: 'text', nullable: true })
  unit!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}

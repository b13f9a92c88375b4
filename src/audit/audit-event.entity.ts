import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_events')
@Index('audit_events_entity_idx', ['entityType', 'entityId', 'id'])
@Check('audit_events_actor_type_check', `actor_type IN ('user', 'licensee', 'system')`)
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', insert: false, default: () => 'clock_timestamp()' })
  at!: Date;

  @Column({ name: 'actor_type', type: 'text' })
  actorType!: 'user' | 'licensee' | 'system';

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_label', type: 'text' })
  actorLabel!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  /** The document as written (json, not jsonb: migration 1764000025500). */
  @Column({ type: 'json', nullable: true })
  before!: unknown;

  @Column({ type: 'json', nullable: true })
  after!: unknown;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}

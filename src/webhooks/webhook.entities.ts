import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * sample.reassigned goes to a licensee whose announced, not yet received sample the state system lists
 * under another licensee's manifest (the lab synced it): the sample is no longer theirs to poll.
 */
export const WEBHOOK_EVENTS = ['sample.received', 'coa.released', 'coa.amended', 'sample.reported', 'sample.reassigned'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'licensee_id', type: 'uuid' }) licenseeId!: string;
  @Column({ type: 'text' }) url!: string;
  /** Needed in clear to sign; shown to the licensee once, at registration. */
  @Column({ type: 'text', select: false }) secret!: string;
  @Column({ type: 'text', array: true }) events!: WebhookEventType[];
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
  /** Who turned it off: the licensee, revocation of the key that created it, or a lab admin. */
  @Column({ name: 'disabled_reason', type: 'text', nullable: true }) disabledReason!: WebhookDisabledReason | null;
  /** The API key that registered it; revoking that key disables the endpoint. Null for endpoints older than issue 20. */
  @Column({ name: 'created_by_api_key_id', type: 'uuid', nullable: true }) createdByApiKeyId!: string | null;
}

export type WebhookDisabledReason = 'licensee' | 'api_key_revoked' | 'admin';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead';

@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'endpoint_id', type: 'uuid' }) endpointId!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: WebhookEventType;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ type: 'text', default: 'pending' }) status!: WebhookDeliveryStatus;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'last_status', type: 'integer', nullable: true }) lastStatus!: number | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'next_attempt_at', type: 'timestamptz' }) nextAttemptAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
}

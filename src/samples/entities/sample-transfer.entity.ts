import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type TransferOrigin = 'state_sync' | 'licensee_api' | 'retest';

/** One sender's manifest: manifest ids are the sender's own, so two licensees may use the same one. */
@Entity('sample_transfers')
@Index('sample_transfers_licensee_manifest_key', ['licenseeId', 'manifestId'], { unique: true })
export class SampleTransferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'manifest_id', type: 'text' })
  manifestId!: string;

  @Column({ name: 'licensee_id', type: 'uuid' })
  licenseeId!: string;

  @Column({ type: 'text' })
  origin!: TransferOrigin;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the state system says the manifest was made (state sync only; null when it gave no date). */
  @Column({ name: 'manifest_at', type: 'timestamptz', nullable: true })
  manifestAt!: Date | null;
}

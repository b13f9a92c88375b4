import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TransferOrigin = 'state_sync' | 'licensee_api' | 'retest';

@Entity('sample_transfers')
export class SampleTransferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'manifest_id', type: 'text', unique: true })
  manifestId!: string;

  @Column({ name: 'licensee_id', type: 'uuid' })
  licenseeId!: string;

  @Column({ type: 'text' })
  origin!: TransferOrigin;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One released COA version: the exact PDF bytes handed to the client, with their hash. Append-only. */
@Entity('coa_documents')
@Unique(['sampleId', 'version'])
export class CoaDocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'sample_id', type: 'uuid' })
  sampleId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'bytea', select: false })
  pdf!: Buffer;

  @Column({ name: 'verify_token', type: 'text', unique: true })
  verifyToken!: string;

  @Column({ type: 'text' })
  overall!: 'pass' | 'fail' | 'incomplete';

  @Column({ name: 'limit_set_id', type: 'uuid', nullable: true })
  limitSetId!: string | null;

  @Column({ name: 'released_at', type: 'timestamptz' })
  releasedAt!: Date;

  @Column({ name: 'released_by', type: 'uuid' })
  releasedBy!: string;

  @Column({ name: 'amendment_reason', type: 'text', nullable: true })
  amendmentReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

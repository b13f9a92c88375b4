import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One electronic signature on one released COA version (migration 1764000022000). Insert-only. */
@Entity('electronic_signatures')
export class ElectronicSignatureEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'sample_id', type: 'uuid' })
  sampleId!: string;

  @Column({ name: 'coa_document_id', type: 'uuid' })
  coaDocumentId!: string;

  @Column({ name: 'coa_version', type: 'integer' })
  coaVersion!: number;

  /** Set when the signature approves an amendment. */
  @Column({ name: 'amendment_id', type: 'uuid', nullable: true })
  amendmentId!: string | null;

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId!: string;

  @Column({ name: 'signer_name', type: 'text' })
  signerName!: string;

  @Column({ type: 'text' })
  meaning!: string;

  @Column({ type: 'text' })
  method!: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

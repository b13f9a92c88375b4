import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A stored instrument export or COA PDF import: what came in, what was matched, what was not and why. */
@Entity('instrument_imports')
export class ImportRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: 'instrument' | 'coa_pdf';

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'text' })
  filename!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize!: number;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @Column({ type: 'jsonb', default: {} })
  meta!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  summary!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

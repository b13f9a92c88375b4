import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A manager's mark that a required analyte was not tested in one COA version, and why. It belongs to
 * the version like a result does, and is frozen with it on release (a trigger refuses later changes).
 */
@Entity('not_tested_marks')
@Unique(['sampleId', 'version', 'analyte'])
export class NotTestedMarkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'sample_id', type: 'uuid' })
  sampleId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'analyte_group', type: 'text' })
  analyteGroup!: string;

  /** Canonical analyte id. */
  @Column({ type: 'text' })
  analyte!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'marked_by', type: 'uuid', nullable: true })
  markedBy!: string | null;

  @Column({ name: 'marked_by_label', type: 'text' })
  markedByLabel!: string;

  @Column({ name: 'marked_at', type: 'timestamptz' })
  markedAt!: Date;

  @Column({ type: 'boolean', default: false })
  frozen!: boolean;
}

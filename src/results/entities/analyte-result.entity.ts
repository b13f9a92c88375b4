import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ResultSourceType = 'manual' | 'instrument_import' | 'coa_import' | 'computed' | 'amendment';
export type Qualifier = 'ND' | '<LOQ' | '>ULOQ';
export type AnalyteStatus = 'pass' | 'fail' | 'report_only' | 'no_limit' | 'inconclusive';

/**
 * One analyte's result for one COA version of a sample, keyed by (sample, version, analyte): no
 * surrogate id (migration 1764000025000). Frozen (by trigger) once released.
 */
@Entity('analyte_results')
export class AnalyteResultEntity {
  @PrimaryColumn({ name: 'sample_id', type: 'uuid' })
  sampleId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'analyte_group', type: 'text' })
  analyteGroup!: string;

  /** Canonical analyte id from the vocabulary. */
  @PrimaryColumn({ type: 'text' })
  analyte!: string;

  @Column({ name: 'analyte_name', type: 'text' })
  analyteName!: string;

  /** Exact decimal; PostgreSQL numeric arrives as a string and is never turned into a float. */
  @Column({ type: 'numeric', nullable: true })
  value!: string | null;

  @Column({ type: 'text', nullable: true })
  qualifier!: Qualifier | null;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ type: 'numeric', nullable: true })
  lod!: string | null;

  @Column({ type: 'numeric', nullable: true })
  loq!: string | null;

  @Column({ type: 'numeric', nullable: true })
  dilution!: string | null;

  @Column({ type: 'text', nullable: true })
  method!: string | null;

  /** The lab's method id from the method set `methodSetId` (null when the row names no registered method). */
  @Column({ name: 'method_id', type: 'text', nullable: true })
  methodId!: string | null;

  @Column({ name: 'method_set_id', type: 'uuid', nullable: true })
  methodSetId!: string | null;

  @Column({ type: 'text', nullable: true })
  instrument!: string | null;

  @Column({ type: 'text', nullable: true })
  analyst!: string | null;

  @Column({ name: 'analysed_at', type: 'timestamptz', nullable: true })
  analysedAt!: Date | null;

  @Column({ name: 'source_type', type: 'text' })
  sourceType!: ResultSourceType;

  @Column({ name: 'source_id', type: 'uuid', nullable: true })
  sourceId!: string | null;

  /** Who entered or imported it: a manager who did is barred from releasing the sample. */
  @Column({ name: 'entered_by', type: 'uuid', nullable: true })
  enteredBy!: string | null;

  @Column({ type: 'boolean', default: false })
  computed!: boolean;

  @Column({ name: 'limit_set_id', type: 'uuid', nullable: true })
  limitSetId!: string | null;

  @Column({ type: 'text' })
  status!: AnalyteStatus;

  @Column({ name: 'limit_text', type: 'text', nullable: true })
  limitText!: string | null;

  @Column({ name: 'judgement_reason', type: 'text', nullable: true })
  judgementReason!: string | null;

  @Column({ type: 'boolean', default: false })
  frozen!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

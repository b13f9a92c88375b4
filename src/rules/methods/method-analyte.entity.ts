import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One analyte a method of a method set (a rule set of kind 'methods') is validated for, with its LOD and LOQ. */
@Entity('method_analytes')
export class MethodAnalyteEntity {
  @PrimaryColumn({ name: 'rule_set_id', type: 'uuid' })
  ruleSetId!: string;

  @PrimaryColumn({ name: 'method_id', type: 'text' })
  methodId!: string;

  @PrimaryColumn({ type: 'text' })
  analyte!: string;

  @Column({ name: 'analyte_group', type: 'text' })
  analyteGroup!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'sop_ref', type: 'text' })
  sopRef!: string;

  @Column({ type: 'text' })
  technique!: string;

  @Column({ type: 'text' })
  instrument!: string;

  @Column({ type: 'numeric', nullable: true })
  lod!: string | null;

  @Column({ type: 'numeric', nullable: true })
  loq!: string | null;

  @Column({ type: 'text' })
  unit!: string;

  /** qPCR methods: the validated Cq cut-off, the same on every row of the method; null for others. */
  @Column({ name: 'cq_cutoff', type: 'numeric', nullable: true })
  cqCutoff?: string | null;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('limit_sets')
export class LimitSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'loaded_by', type: 'text' })
  loadedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export type LimitOperator = 'lte' | 'range' | 'not_detected' | 'report_only';

@Entity('limit_rules')
export class LimitRuleEntity {
  @PrimaryColumn({ name: 'limit_set_id', type: 'uuid' })
  limitSetId!: string;

  @PrimaryColumn({ name: 'product_type', type: 'text' })
  productType!: string;

  @PrimaryColumn({ type: 'text' })
  analyte!: string;

  @Column({ name: 'analyte_group', type: 'text' })
  analyteGroup!: string;

  @Column({ type: 'text' })
  operator!: LimitOperator;

  @Column({ name: 'limit_min', type: 'numeric', nullable: true })
  limitMin!: string | null;

  @Column({ name: 'limit_max', type: 'numeric', nullable: true })
  limitMax!: string | null;

  @Column({ type: 'text', nullable: true })
  unit!: string | null;

  @Column({ name: 'source_tag', type: 'text' })
  sourceTag!: string;

  @Column({ type: 'text', nullable: true })
  source!: string | null;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('panel_sets')
export class PanelSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'text' })
  source!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export type PanelRequirement = 'required' | 'if_solvent_extracted';

@Entity('panel_set_rows')
export class PanelSetRowEntity {
  @PrimaryColumn({ name: 'panel_set_id', type: 'uuid' })
  panelSetId!: string;

  @PrimaryColumn({ name: 'product_type', type: 'text' })
  productType!: string;

  @PrimaryColumn({ name: 'analyte_group', type: 'text' })
  analyteGroup!: string;

  @Column({ type: 'text' })
  requirement!: PanelRequirement;

  @Column({ type: 'text', nullable: true })
  source!: string | null;
}

import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { GenericColumnMapping } from '../parsers/parser.types';

@Entity('instrument_column_mappings')
export class ColumnMappingEntity {
  @PrimaryColumn({ type: 'text' }) instrument!: string;
  @Column({ type: 'jsonb' }) mapping!: GenericColumnMapping;
  /** The method (method registry id) the instrument runs; its imports' results carry it. */
  @Column({ name: 'method_id', type: 'text', nullable: true }) methodId!: string | null;
  @Column({ name: 'updated_by', type: 'uuid' }) updatedBy!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

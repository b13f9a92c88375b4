import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ProductType } from '../../rules/product-types';
import { SampleStatus } from '../sample-status';

@Entity('samples')
@Index('samples_created_idx', ['createdAt', 'id'])
@Index('samples_status_created_idx', ['status', 'createdAt', 'id'])
@Index('samples_licensee_updated_idx', ['licenseeId', 'updatedAt', 'id'])
@Index('samples_received_idx', ['receivedAt'])
export class SampleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'transfer_id', type: 'uuid' })
  transferId!: string;

  @Column({ name: 'licensee_id', type: 'uuid' })
  licenseeId!: string;

  /** The sample's own 16-digit inventory tag (BioTrack's sampleId). */
  @Column({ name: 'sample_inventory_id', type: 'text', unique: true })
  sampleInventoryId!: string;

  /** The sampled lots: results apply to each of these in the state system. */
  @Column({ name: 'inventory_ids', type: 'text', array: true })
  inventoryIds!: string[];

  @Column({ name: 'product_type', type: 'text' })
  productType!: ProductType;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'numeric' })
  quantity!: string;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ name: 'requested_tests', type: 'text', array: true, default: '{}' })
  requestedTests!: string[];

  @Column({ name: 'solvent_extracted', type: 'boolean', default: false })
  solventExtracted!: boolean;

  @Column({ name: 'collected_at', type: 'timestamptz', nullable: true })
  collectedAt!: Date | null;

  @Column({ name: 'collection_site', type: 'text', nullable: true })
  collectionSite!: string | null;

  @Column({ type: 'text' })
  status!: SampleStatus;

  @Column({ name: 'lab_code', type: 'text', nullable: true, unique: true })
  labCode!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ name: 'received_by', type: 'uuid', nullable: true })
  receivedBy!: string | null;

  @Column({ name: 'received_quantity', type: 'numeric', nullable: true })
  receivedQuantity!: string | null;

  @Column({ name: 'received_unit', type: 'text', nullable: true })
  receivedUnit!: string | null;

  @Column({ type: 'text', nullable: true })
  condition!: 'acceptable' | 'rejected' | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'storage_location', type: 'text', nullable: true })
  storageLocation!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  panel!: string[];

  @Column({ name: 'panel_set_id', type: 'uuid', nullable: true })
  panelSetId!: string | null;

  @Column({ name: 'parent_sample_id', type: 'uuid', nullable: true })
  parentSampleId!: string | null;

  @Column({ name: 'retest_groups', type: 'text', array: true, nullable: true })
  retestGroups!: string[] | null;

  /** The latest judgement of the results (kept here so lists and licensee polls read one row). */
  @Column({ name: 'result_status', type: 'text', nullable: true })
  resultStatus!: 'pass' | 'fail' | 'incomplete' | null;

  @Column({ name: 'failed_groups', type: 'text', array: true, default: '{}' })
  failedGroups!: string[];

  /** Analytes that failed in the latest judgement (a retest is refused after a prohibited pesticide failed). */
  @Column({ name: 'failed_analytes', type: 'text', array: true, default: '{}' })
  failedAnalytes!: string[];

  /** Edibles: servings in one package, as labelled. */
  @Column({ name: 'servings_per_package', type: 'numeric', nullable: true })
  servingsPerPackage!: string | null;

  /** Edibles: net weight of the product in one package, g. */
  @Column({ name: 'package_net_weight_g', type: 'numeric', nullable: true })
  packageNetWeightG!: string | null;

  /** Edibles in discrete servings: weight of one serving, g. */
  @Column({ name: 'serving_weight_g', type: 'numeric', nullable: true })
  servingWeightG!: string | null;

  /** The licensee's labelled total THC, mg per `claimBasis`, when sent. */
  @Column({ name: 'claim_total_thc_mg', type: 'numeric', nullable: true })
  claimTotalThcMg!: string | null;

  @Column({ name: 'claim_total_cbd_mg', type: 'numeric', nullable: true })
  claimTotalCbdMg!: string | null;

  @Column({ name: 'claim_basis', type: 'text', nullable: true })
  claimBasis!: 'serving' | 'package' | null;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'coa_version', type: 'integer', nullable: true })
  coaVersion!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Bumped on every change: the licensee API's ETag. */
  @VersionColumn({ name: 'row_version', type: 'integer' })
  rowVersion!: number;
}

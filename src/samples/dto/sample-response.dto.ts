import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CustodyEventEntity } from '../entities/custody-event.entity';
import { SampleEntity } from '../entities/sample.entity';
import { SAMPLE_STATUSES } from '../sample-status';
import { EdibleFactsDto } from './edible-facts.dto';

export class CustodyEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() at!: string;
  @ApiProperty() actor!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) location!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) quantity!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) unit!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) details!: Record<string, unknown> | null;
}

export class SampleSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String, example: 'LT-2611-000123' }) labCode!: string | null;
  @ApiProperty({ type: [String], description: 'The sampled lots' }) inventoryIds!: string[];
  @ApiProperty() sampleInventoryId!: string;
  @ApiProperty() licenseNumber!: string;
  @ApiProperty() licenseeName!: string;
  @ApiProperty() productType!: string;
  @ApiProperty() name!: string;
  @ApiProperty() quantity!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: SAMPLE_STATUSES }) status!: string;
  @ApiProperty({ type: [String], description: 'Required analyte groups' }) panel!: string[];
  @ApiProperty({ nullable: true, type: String, enum: ['pass', 'fail', 'incomplete'] }) resultStatus!: string | null;
  @ApiProperty({ nullable: true, type: String }) receivedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) releasedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) coaVersion!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ description: 'Lists only: when the sample entered its current status (for a submitted sample, its submission)' })
  statusSince?: string;
}

export class SampleDetailDto extends SampleSummaryDto {
  @ApiProperty() manifestId!: string;
  @ApiProperty({ type: [String] }) requestedTests!: string[];
  @ApiProperty() solventExtracted!: boolean;
  @ApiProperty({ nullable: true, type: String }) collectedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) collectionSite!: string | null;
  @ApiProperty({ nullable: true, type: String }) receivedQuantity!: string | null;
  @ApiProperty({ nullable: true, type: String }) receivedUnit!: string | null;
  @ApiProperty({ nullable: true, type: String }) condition!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) storageLocation!: string | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Name of the panel set used' }) panelSet!: string | null;
  @ApiProperty({ nullable: true, type: String }) parentSampleId!: string | null;
  @ApiProperty({ nullable: true, type: [String] }) retestGroups!: string[] | null;
  @ApiProperty({ nullable: true, type: EdibleFactsDto, description: 'Edibles: servings, weights and the label claim as recorded' })
  edible!: EdibleFactsDto | null;
  @ApiProperty({ type: [CustodyEventDto] }) custody!: CustodyEventDto[];
}

export class SamplePageDto {
  @ApiProperty({ type: [SampleSummaryDto] }) items!: SampleSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toSampleSummary(s: SampleEntity, licensee: { licenseNumber: string; name: string }): SampleSummaryDto {
  return {
    id: s.id,
    labCode: s.labCode,
    inventoryIds: s.inventoryIds,
    sampleInventoryId: s.sampleInventoryId,
    licenseNumber: licensee.licenseNumber,
    licenseeName: licensee.name,
    productType: s.productType,
    name: s.name,
    quantity: s.quantity,
    unit: s.unit,
    status: s.status,
    panel: s.panel,
    resultStatus: s.resultStatus,
    receivedAt: iso(s.receivedAt),
    releasedAt: iso(s.releasedAt),
    coaVersion: s.coaVersion,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toCustodyEvent(e: CustodyEventEntity): CustodyEventDto {
  return {
    id: e.id,
    kind: e.kind,
    at: e.at.toISOString(),
    actor: e.actorLabel,
    location: e.location,
    quantity: e.quantity,
    unit: e.unit,
    note: e.note,
    details: e.details,
  };
}

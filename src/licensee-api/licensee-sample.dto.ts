import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateTimeInput } from '../common/date-input';
import { WholeNumberQuery } from '../common/whole-number-query';

export class LicenseeSamplesQuery {
  @ApiPropertyOptional({ description: 'Only samples changed at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsDateTimeInput()
  updatedSince?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @WholeNumberQuery(1, 500)
  limit?: number;
}

export class LicenseeCategoryDto {
  @ApiProperty({ example: 'metals' }) group!: string;
  @ApiProperty({ enum: ['pass', 'fail', 'incomplete'] }) status!: string;
}

export class StateReportStatusDto {
  @ApiProperty({
    enum: ['pending', 'delivered', 'dead', 'needs_state_action'],
    description:
      'pending: being sent to the state system; delivered: the state system has it; dead: every automatic attempt failed, so it is not reported until the lab retries it; ' +
      'needs_state_action: the state system has no API for this report (an amended COA in Metrc), so a lab manager must enter it in the ' +
      "state system's own UI: it is NOT in the state system yet, and becomes delivered once the manager confirms it is",
  })
  status!: string;
  @ApiProperty() coaVersion!: number;
  @ApiProperty({ type: String, nullable: true }) deliveredAt!: string | null;
}

export class LicenseeSampleDto {
  @ApiProperty({ description: 'The sample’s own id in the state system: a 16-digit BioTrack inventory id or a 24-character Metrc package label' })
  inventoryId!: string;
  @ApiProperty({ type: [String], description: 'The sampled lots' }) sampledInventoryIds!: string[];
  @ApiProperty({ type: String, nullable: true }) labCode!: string | null;
  @ApiProperty() productType!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['pending', 'received', 'rejected', 'in_testing', 'submitted', 'released'] }) status!: string;
  @ApiProperty({ nullable: true, enum: ['pass', 'fail', 'incomplete'], description: 'Set once a COA is released; incomplete: a partial certificate' })
  overall!: string | null;
  @ApiProperty({ type: [LicenseeCategoryDto] }) categories!: LicenseeCategoryDto[];
  @ApiProperty({ type: String, nullable: true }) receivedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) releasedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) coaVersion!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Path of the released COA PDF' }) coaUrl!: string | null;
  @ApiProperty({ type: StateReportStatusDto, nullable: true, description: 'Delivery of the latest COA version to the state system the lab reports to' })
  stateReport!: StateReportStatusDto | null;
  @ApiProperty() updatedAt!: string;
}

export class LicenseeSamplePageDto {
  @ApiProperty({ type: [LicenseeSampleDto] }) items!: LicenseeSampleDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

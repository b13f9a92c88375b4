import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class LicenseeSamplesQuery {
  @ApiPropertyOptional({ description: 'Only samples changed at or after this instant (ISO 8601)' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'updatedSince must be an ISO 8601 date-time' })
  updatedSince?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be an integer' }) @Min(1) @Max(500)
  limit?: number;
}

export class LicenseeCategoryDto {
  @ApiProperty({ example: 'metals' }) group!: string;
  @ApiProperty({ enum: ['pass', 'fail', 'incomplete'] }) status!: string;
}

export class LicenseeSampleDto {
  @ApiProperty({ description: 'The sample’s own 16-digit inventory id' }) inventoryId!: string;
  @ApiProperty({ type: [String], description: 'The sampled lots' }) sampledInventoryIds!: string[];
  @ApiProperty({ nullable: true }) labCode!: string | null;
  @ApiProperty() productType!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['pending', 'received', 'rejected', 'in_testing', 'submitted', 'released'] }) status!: string;
  @ApiProperty({ nullable: true, enum: ['pass', 'fail'], description: 'Set once a COA is released' }) overall!: string | null;
  @ApiProperty({ type: [LicenseeCategoryDto] }) categories!: LicenseeCategoryDto[];
  @ApiProperty({ nullable: true }) receivedAt!: string | null;
  @ApiProperty({ nullable: true }) releasedAt!: string | null;
  @ApiProperty({ nullable: true }) coaVersion!: number | null;
  @ApiProperty({ nullable: true, description: 'Path of the released COA PDF' }) coaUrl!: string | null;
  @ApiProperty({ nullable: true, description: 'Delivery of the latest COA version to BioTrack' })
  stateReport!: { status: string; coaVersion: number; deliveredAt: string | null } | null;
  @ApiProperty() updatedAt!: string;
}

export class LicenseeSamplePageDto {
  @ApiProperty({ type: [LicenseeSampleDto] }) items!: LicenseeSampleDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}

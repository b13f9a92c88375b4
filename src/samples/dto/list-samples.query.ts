import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsDateTimeInput } from '../../common/date-input';
import { WholeNumberQuery } from '../../common/whole-number-query';
import { LICENSE_NUMBER_PATTERN } from '../../licensees/dto/licensee.dto';
import { PRODUCT_TYPES, ProductType } from '../../rules/product-types';
import { SAMPLE_STATUSES, SampleStatus } from '../sample-status';

export const SAMPLE_SORTS = ['newest', 'oldest_in_status'] as const;
export type SampleSort = (typeof SAMPLE_SORTS)[number];

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

export class ListSamplesQuery {
  @ApiPropertyOptional({ description: 'One or more statuses, comma separated', example: 'received,in_testing' })
  @IsOptional()
  @Transform(splitList)
  @IsIn(SAMPLE_STATUSES, { each: true, message: `status must be among ${SAMPLE_STATUSES.join(', ')}` })
  status?: SampleStatus[];

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(LICENSE_NUMBER_PATTERN, { message: 'licenseNumber must look like OCM-CULT-24-000123' })
  licenseNumber?: string;

  @ApiPropertyOptional({ enum: PRODUCT_TYPES })
  @IsOptional()
  @IsIn(PRODUCT_TYPES, { message: `productType must be one of ${PRODUCT_TYPES.join(', ')}` })
  productType?: ProductType;

  @ApiPropertyOptional({ description: 'Received at or after (ISO 8601)' })
  @IsOptional()
  @IsDateTimeInput()
  receivedFrom?: string;

  @ApiPropertyOptional({ description: 'Received before (ISO 8601)' })
  @IsOptional()
  @IsDateTimeInput()
  receivedTo?: string;

  @ApiPropertyOptional({ description: 'Free text: lab code, inventory id or name' })
  @IsOptional()
  @IsString()
  @Matches(/^.{1,100}$/, { message: 'q must be 1-100 characters' })
  q?: string;

  @ApiPropertyOptional({ description: "The sender's manifest id (exact)" })
  @IsOptional()
  @IsString()
  @Matches(/^.{1,100}$/, { message: 'manifestId must be 1-100 characters' })
  manifestId?: string;

  @ApiPropertyOptional({ description: 'Announced (created) at or after (ISO 8601)' })
  @IsOptional()
  @IsDateTimeInput()
  announcedFrom?: string;

  @ApiPropertyOptional({ description: 'Announced (created) before (ISO 8601)' })
  @IsOptional()
  @IsDateTimeInput()
  announcedTo?: string;

  @ApiPropertyOptional({
    enum: SAMPLE_SORTS,
    default: 'newest',
    description: 'newest: newest announced first; oldest_in_status: longest in its current status first (the review queue: oldest submission first)',
  })
  @IsOptional()
  @IsIn(SAMPLE_SORTS, { message: `sort must be one of ${SAMPLE_SORTS.join(', ')}` })
  sort?: SampleSort;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @WholeNumberQuery(1, 200)
  limit?: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsDateTimeInput } from '../../common/date-input';
import { Omittable } from '../../common/omittable';
import { LICENSE_NUMBER_PATTERN } from '../../licensees/dto/licensee.dto';
import { ANALYTE_GROUPS, PRODUCT_TYPES, ProductType } from '../../rules/product-types';
import { IsInventoryId } from '../../traceability/inventory-id';
import type { DiffValue } from '../transfer-diff';
import { EdibleFactsDto } from './edible-facts.dto';

export const QUANTITY_PATTERN = /^(?!0+(\.0+)?$)\d{1,9}(\.\d{1,6})?$/;
export const QUANTITY_UNITS = ['g', 'mg', 'kg', 'ml', 'l', 'each'] as const;

export class AnnouncedSampleDto {
  @ApiProperty({ description: 'The sample’s own 16-digit inventory tag', example: '1234567890123456' })
  @IsInventoryId()
  inventoryId!: string;

  @ApiPropertyOptional({ description: 'The sampled lots’ 16-digit tags; defaults to [inventoryId]', type: [String] })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInventoryId({ each: true })
  lotInventoryIds?: string[];

  @ApiProperty({ enum: PRODUCT_TYPES })
  @IsIn(PRODUCT_TYPES, { message: `productType must be one of ${PRODUCT_TYPES.join(', ')}` })
  productType!: ProductType;

  @ApiProperty()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'Decimal string, greater than zero', example: '3.5' })
  @IsString({ message: 'quantity must be a decimal string' })
  @Matches(QUANTITY_PATTERN, { message: 'quantity must be a positive decimal number, e.g. "3.5"' })
  quantity!: string;

  @ApiProperty({ enum: QUANTITY_UNITS })
  @IsIn(QUANTITY_UNITS, { message: `unit must be one of ${QUANTITY_UNITS.join(', ')}` })
  unit!: string;

  @ApiPropertyOptional({ description: 'Extra analyte groups requested beyond the required panel', type: [String] })
  @Omittable()
  @IsArray()
  @ArrayUnique()
  @IsIn(ANALYTE_GROUPS, { each: true, message: `each requested test must be one of ${ANALYTE_GROUPS.join(', ')}` })
  requestedTests?: string[];

  @ApiPropertyOptional({ description: 'Extracted with solvents (adds residual solvents to infused products’ panels)' })
  @Omittable()
  @IsBoolean()
  solventExtracted?: boolean;

  @ApiPropertyOptional()
  @Omittable()
  @IsDateTimeInput()
  collectedAt?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(300)
  collectionSite?: string;

  @ApiPropertyOptional({ type: EdibleFactsDto, description: 'Edibles: servings, package and serving weight, and the labelled potency claim' })
  @Omittable()
  @ValidateNested()
  @IsObject({ message: 'edible must be an object' })
  @Type(() => EdibleFactsDto)
  edible?: EdibleFactsDto;
}

export class AnnounceTransferDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'manifestId must be 1-64 letters, digits, dot, dash or underscore' })
  manifestId!: string;

  @ApiProperty({ example: 'OCM-CULT-24-000123' })
  @Matches(LICENSE_NUMBER_PATTERN, { message: 'licenseNumber must look like OCM-CULT-24-000123' })
  licenseNumber!: string;

  @ApiProperty({ type: [AnnouncedSampleDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'samples must list at least one sample' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'samples must be a list of objects' })
  @Type(() => AnnouncedSampleDto)
  samples!: AnnouncedSampleDto[];
}

export class TransferDifferenceDto {
  @ApiProperty({ description: 'The sample’s inventory id' }) inventoryId!: string;
  @ApiProperty({ description: 'The announcement’s field, e.g. quantity or edible.labelClaim.per; `samples` for a sample added to or left off the manifest' })
  field!: string;
  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    description: 'The value on record',
  })
  stored!: DiffValue;
  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    description: 'The value this announcement sent',
  })
  sent!: DiffValue;
}

export class TransferResultDto {
  @ApiProperty() transferId!: string;
  @ApiProperty() manifestId!: string;
  @ApiProperty({
    enum: ['created', 'unchanged', 'updated'],
    description:
      'created (201): a new manifest. unchanged (200): a repeat of the same manifest. updated (200): a repeat that changed samples the lab has not ' +
      'received yet (each change in `changes`) or added samples. A repeat that would change a received sample is refused with 409 and the differences.',
  })
  outcome!: 'created' | 'unchanged' | 'updated';
  @ApiProperty({ type: [String], description: 'The samples’ ids, in the order the announcement lists them' }) sampleIds!: string[];
  @ApiProperty({ type: [TransferDifferenceDto], description: 'What an update changed (field, stored before, sent); empty otherwise' })
  changes!: TransferDifferenceDto[];
}

export class ManifestRefDto {
  @ApiProperty({ example: 'OCM-CULT-24-000123' }) licenseNumber!: string;
  @ApiProperty() manifestId!: string;
}

export class ClaimedSampleDto {
  @ApiProperty({ description: 'The sample’s inventory tag' }) inventoryId!: string;
  @ApiProperty({ description: 'The lab’s sample id (the same sample, now the sender’s)' }) sampleId!: string;
  @ApiProperty({ type: ManifestRefDto, description: 'The licensee that had announced the tag through the licensee API, and its manifest' })
  from!: ManifestRefDto;
  @ApiProperty({ type: ManifestRefDto, description: 'The sender the state system lists, and its manifest' })
  to!: ManifestRefDto;
}

export class SyncResultDto {
  @ApiProperty() created!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'Samples the state listed that could not be taken in, with why', type: 'array', items: { type: 'object' } })
  conflicts!: Array<{ manifestId: string; message: string }>;
  @ApiProperty({
    type: [ClaimedSampleDto],
    description:
      'Pending samples a licensee had announced (licensee API) under a tag the state system lists as another sender’s: that sender took them over. ' +
      'The announcer is not notified (its polls of the tag answer 404): the lab may want to contact it.',
  })
  claimed!: ClaimedSampleDto[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsDateTimeInput } from '../../common/date-input';
import { Omittable } from '../../common/omittable';
import { IsInventoryId } from '../../traceability/inventory-id';
import { QUANTITY_PATTERN, QUANTITY_UNITS } from './announce-transfer.dto';
import { EdibleFactsDto } from './edible-facts.dto';

export class ReceiveSampleDto {
  @ApiProperty({ example: '3.48' })
  @IsString({ message: 'receivedQuantity must be a decimal string' })
  @Matches(QUANTITY_PATTERN, { message: 'receivedQuantity must be a positive decimal number' })
  receivedQuantity!: string;

  @ApiProperty({ enum: QUANTITY_UNITS })
  @IsIn(QUANTITY_UNITS, { message: `unit must be one of ${QUANTITY_UNITS.join(', ')}` })
  unit!: string;

  @ApiProperty({ enum: ['acceptable', 'rejected'] })
  @IsIn(['acceptable', 'rejected'], { message: 'condition must be acceptable or rejected' })
  condition!: 'acceptable' | 'rejected';

  @ApiPropertyOptional({ description: 'Required when condition is rejected' })
  @ValidateIf((o: ReceiveSampleDto) => o.condition === 'rejected')
  @IsString({ message: 'rejectionReason is required when the sample is rejected' })
  @Matches(/\S/, { message: 'rejectionReason must not be blank' })
  @MaxLength(500)
  rejectionReason?: string;

  @ApiPropertyOptional({ example: 'Fridge 2, shelf B' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  storageLocation?: string;

  @ApiPropertyOptional({
    description:
      'When it was received; defaults to now. Not in the future, and not before the lab knew of the sample (its announcement or state sync). ' +
      'A time more than 15 minutes ago is a late entry and needs `reason`. A day alone is the start of that day, and a time without an offset ' +
      'that wall-clock time, on the lab’s clock (lab.timezone).',
  })
  @Omittable()
  @IsDateTimeInput()
  receivedAt?: string;

  @ApiPropertyOptional({
    description:
      'Why the receipt is entered after the fact (required when receivedAt is more than 15 minutes ago), and why solventExtracted or an ' +
      'announced edible fact differs from the announcement (required then). Recorded in the audit.',
  })
  @Omittable()
  @IsString({ message: 'reason must be a string' })
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({
    description:
      'Whether the product was made with a solvent extract (BHO, CO2, ethanol), as the receiving technician confirms it; left out, the ' +
      'announcement stands. It puts residual solvents in the panel of edibles and other infused products. A value other than the announced ' +
      'one needs `reason`; the audit keeps both.',
  })
  @Omittable()
  @IsBoolean({ message: 'solventExtracted must be true or false' })
  solventExtracted?: boolean;

  @ApiPropertyOptional({
    description:
      'When the sample was collected (chain-of-custody form); replaces what the transfer said. Not after receipt. ' +
      'Read on the lab’s clock as receivedAt is.',
  })
  @Omittable()
  @IsDateTimeInput()
  collectedAt?: string;

  @ApiPropertyOptional({
    example: 'Licensee premises, 12 Main St, Hudson NY — drying room 2',
    description: 'Where the sample was collected; replaces what the transfer said',
  })
  @Omittable()
  @IsString()
  @Matches(/\S/, { message: 'collectionSite must not be blank' })
  @MaxLength(300)
  collectionSite?: string;

  @ApiPropertyOptional({
    type: EdibleFactsDto,
    description:
      'Edibles: required on receipt unless the transfer announced them; what the lab records here replaces the announcement. ' +
      'Changing or clearing an announced fact needs `reason` (400 REASON_REQUIRED); the audit keeps both.',
  })
  @Omittable()
  @ValidateNested()
  @IsObject({ message: 'edible must be an object' })
  @Type(() => EdibleFactsDto)
  edible?: EdibleFactsDto;
}

export const CUSTODY_ACTIONS = ['moved', 'sub_sampled', 'retained', 'disposed'] as const;

export class CustodyEventDto {
  @ApiProperty({ enum: CUSTODY_ACTIONS })
  @IsIn(CUSTODY_ACTIONS, { message: `kind must be one of ${CUSTODY_ACTIONS.join(', ')}` })
  kind!: (typeof CUSTODY_ACTIONS)[number];

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Matches(QUANTITY_PATTERN, { message: 'quantity must be a positive decimal number' })
  quantity?: string;

  @ApiPropertyOptional({ enum: QUANTITY_UNITS })
  @ValidateIf((o: CustodyEventDto) => o.quantity !== undefined)
  @IsIn(QUANTITY_UNITS, { message: `unit must be one of ${QUANTITY_UNITS.join(', ')} when a quantity is given` })
  unit?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class CreateRetestDto {
  @ApiProperty({ description: 'The retest sample’s own 16-digit inventory tag' })
  @IsInventoryId()
  sampleInventoryId!: string;

  @ApiProperty()
  @IsString()
  @Matches(QUANTITY_PATTERN, { message: 'quantity must be a positive decimal number' })
  quantity!: string;

  @ApiProperty({ enum: QUANTITY_UNITS })
  @IsIn(QUANTITY_UNITS, { message: `unit must be one of ${QUANTITY_UNITS.join(', ')}` })
  unit!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

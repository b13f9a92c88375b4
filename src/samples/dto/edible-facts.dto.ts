import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Matches, ValidateNested } from 'class-validator';
import { Omittable } from '../../common/omittable';

/** A whole number of servings, 1 to 9999. */
export const SERVINGS_PATTERN = /^[1-9]\d{0,3}$/;
/** Grams above zero, below 100 kg, at most 4 decimal places (a 0.1 mg balance). */
export const GRAMS_PATTERN = /^(?!0+(\.0+)?$)\d{1,5}(\.\d{1,4})?$/;
/** Milligrams, zero or more, below 1,000,000 mg, at most 3 decimal places. */
export const MILLIGRAMS_PATTERN = /^\d{1,6}(\.\d{1,3})?$/;
export const CLAIM_BASES = ['serving', 'package'] as const;

/** What the package label claims, in mg of total THC (and CBD) per serving or per package. */
export class LabelClaimDto {
  @ApiProperty({ enum: CLAIM_BASES, description: 'Whether the amounts are per serving or per package' })
  @IsIn(CLAIM_BASES, { message: `per must be one of ${CLAIM_BASES.join(', ')}` })
  per!: (typeof CLAIM_BASES)[number];

  @ApiProperty({ example: '10', description: 'Labelled total THC, mg (decimal string)' })
  @IsString({ message: 'totalThcMg must be a decimal string' })
  @Matches(MILLIGRAMS_PATTERN, { message: 'totalThcMg must be a decimal number of milligrams from 0 to 999999.999, e.g. "10"' })
  totalThcMg!: string;

  @ApiPropertyOptional({ example: '0.5', description: 'Labelled total CBD, mg (decimal string)' })
  @Omittable()
  @IsString({ message: 'totalCbdMg must be a decimal string' })
  @Matches(MILLIGRAMS_PATTERN, { message: 'totalCbdMg must be a decimal number of milligrams from 0 to 999999.999, e.g. "0.5"' })
  totalCbdMg?: string;
}

/** An edible package as labelled: servings, net weight, serving weight and (when sent) the potency claim. */
export class EdibleFactsDto {
  @ApiProperty({ example: '10', description: 'Servings in one package, a whole number (decimal string)' })
  @IsString({ message: 'servingsPerPackage must be a string, e.g. "10"' })
  @Matches(SERVINGS_PATTERN, { message: 'servingsPerPackage must be a whole number from 1 to 9999, e.g. "10"' })
  servingsPerPackage!: string;

  @ApiProperty({ example: '40', description: 'Net weight of the product in one package, grams (decimal string)' })
  @IsString({ message: 'packageNetWeightG must be a decimal string' })
  @Matches(GRAMS_PATTERN, { message: 'packageNetWeightG must be a positive number of grams below 100000, e.g. "40"' })
  packageNetWeightG!: string;

  @ApiPropertyOptional({ example: '4', description: 'Weight of one serving, grams, for discrete servings (gummies, chocolates)' })
  @Omittable()
  @IsString({ message: 'servingWeightG must be a decimal string' })
  @Matches(GRAMS_PATTERN, { message: 'servingWeightG must be a positive number of grams below 100000, e.g. "4"' })
  servingWeightG?: string;

  @ApiPropertyOptional({ type: LabelClaimDto, description: 'The labelled potency, when the licensee sends it' })
  @Omittable()
  @ValidateNested()
  @IsObject({ message: 'labelClaim must be an object' })
  @Type(() => LabelClaimDto)
  labelClaim?: LabelClaimDto;
}

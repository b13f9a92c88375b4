import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsDateTimeInput } from '../../common/date-input';
import { IsDecimalInput } from '../../common/decimal-input';
import { Omittable } from '../../common/omittable';
import { ANALYTE_GROUPS } from '../../rules/product-types';

export const QUALIFIERS = ['ND', '<LOQ', '>ULOQ'] as const;

export class AnalyteEntryDto {
  @ApiProperty({ example: 'Δ9-THC', description: 'Canonical name or any known alias' })
  @IsString()
  @Matches(/\S/, { message: 'analyte must not be blank' })
  @MaxLength(120)
  analyte!: string;

  @ApiPropertyOptional({ example: '0.82', description: 'Decimal string; omit when a qualifier says ND or <LOQ' })
  @Omittable()
  @IsString({ message: 'value must be a decimal string, e.g. "0.82"' })
  // Any sign here, so a negative value is refused by checkEntries with its advice (ND or <LOQ), not by format.
  @IsDecimalInput('any')
  value?: string;

  @ApiPropertyOptional({ enum: QUALIFIERS })
  @Omittable()
  @IsIn(QUALIFIERS, { message: `qualifier must be one of ${QUALIFIERS.join(', ')}` })
  qualifier?: (typeof QUALIFIERS)[number];

  @ApiProperty({ example: '%' })
  @IsString()
  @MaxLength(20)
  unit!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @IsDecimalInput('non-negative')
  lod?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @IsDecimalInput('non-negative')
  loq?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @IsDecimalInput('positive')
  dilution?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(200)
  method?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(200)
  instrument?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsDateTimeInput()
  analysedAt?: string;

  @ApiPropertyOptional({ example: 'LT-M-PEST-01', description: 'This row’s method, when it differs from the group’s' })
  @Omittable()
  @IsString()
  @MaxLength(60)
  methodId?: string;
}

export class GroupEntryDto {
  @ApiProperty({ enum: ANALYTE_GROUPS })
  @IsIn(ANALYTE_GROUPS, { message: `group must be one of ${ANALYTE_GROUPS.join(', ')}` })
  group!: string;

  @ApiProperty({ type: [AnalyteEntryDto], description: 'The group’s analytes become exactly these; an empty list clears the group' })
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'analytes must be a list of objects' })
  @Type(() => AnalyteEntryDto)
  analytes!: AnalyteEntryDto[];

  @ApiPropertyOptional({
    example: 'LT-M-MET-01',
    description: 'The method (id in the method set in force, GET /v1/method-sets/in-force) the group was run by; LOD and LOQ default from it',
  })
  @Omittable()
  @IsString()
  @MaxLength(60)
  methodId?: string;

  @ApiPropertyOptional({ example: '2026-11-30T14:00:00Z', description: 'When the group was analysed; default: the entry date' })
  @Omittable()
  @IsDateTimeInput()
  analysedAt?: string;
}

export class EnterResultsDto {
  @ApiProperty({ type: [GroupEntryDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'groups must be a list of objects' })
  @Type(() => GroupEntryDto)
  groups!: GroupEntryDto[];

  @ApiPropertyOptional({ description: 'Why a value was changed (kept in the audit trail)' })
  @Omittable()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ResolveQcFlagDto {
  @ApiProperty({ example: 'Blank re-run clean; carry-over from the previous high sample', description: 'Why the finding does not affect the results' })
  @IsString()
  @Matches(/\S/, { message: 'resolution must say why' })
  @MaxLength(1000)
  resolution!: string;
}

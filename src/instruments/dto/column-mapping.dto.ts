import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Omittable } from '../../common/omittable';

/** Which header of the instrument's CSV holds each field, and the method the instrument runs. */
export class ColumnMappingDto {
  @ApiProperty({ example: 'Sample ID' }) @IsString() @MinLength(1) @MaxLength(100) sample!: string;
  @ApiProperty({ example: 'Compound' }) @IsString() @MinLength(1) @MaxLength(100) analyte!: string;
  @ApiProperty({ example: 'Result' }) @IsString() @MinLength(1) @MaxLength(100) value!: string;
  @ApiPropertyOptional({ example: 'Units' }) @Omittable() @IsString() @MaxLength(100) unit?: string;
  @ApiPropertyOptional({ example: 'LOD' }) @Omittable() @IsString() @MaxLength(100) lod?: string;
  @ApiPropertyOptional({ example: 'LOQ' }) @Omittable() @IsString() @MaxLength(100) loq?: string;
  @ApiPropertyOptional({ example: 'Sample Type' }) @Omittable() @IsString() @MaxLength(100) kind?: string;
  @ApiPropertyOptional({ example: 'Dilution' }) @Omittable() @IsString() @MaxLength(100) dilution?: string;
  @ApiPropertyOptional({
    example: 'LT-M-PEST-01',
    description: "The method (method registry id) the instrument runs: imports naming this instrument give it to that method's group",
  })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  methodId?: string;
}

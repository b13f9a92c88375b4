import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Which header of the instrument's CSV holds each field, and the method the instrument runs. */
export class ColumnMappingDto {
  @ApiProperty({ example: 'Sample ID' }) @IsString() @MinLength(1) @MaxLength(100) sample!: string;
  @ApiProperty({ example: 'Compound' }) @IsString() @MinLength(1) @MaxLength(100) analyte!: string;
  @ApiProperty({ example: 'Result' }) @IsString() @MinLength(1) @MaxLength(100) value!: string;
  @ApiPropertyOptional({ example: 'Units' }) @IsOptional() @IsString() @MaxLength(100) unit?: string;
  @ApiPropertyOptional({ example: 'LOD' }) @IsOptional() @IsString() @MaxLength(100) lod?: string;
  @ApiPropertyOptional({ example: 'LOQ' }) @IsOptional() @IsString() @MaxLength(100) loq?: string;
  @ApiPropertyOptional({ example: 'Sample Type' }) @IsOptional() @IsString() @MaxLength(100) kind?: string;
  @ApiPropertyOptional({ example: 'Dilution' }) @IsOptional() @IsString() @MaxLength(100) dilution?: string;
  @ApiPropertyOptional({
    example: 'LT-M-PEST-01',
    description: "The method (method registry id) the instrument runs: imports naming this instrument give it to that method's group",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  methodId?: string;
}

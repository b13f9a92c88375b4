import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { GroupEntryDto } from '../../results/dto/enter-results.dto';

export class AmendCoaDto {
  @ApiProperty({ example: 'Lead re-run after the ICP-MS calibration check failed', description: 'Printed on the new COA and kept in the audit trail' })
  @IsString()
  @MinLength(10, { message: 'reason must say why in at least 10 characters' })
  @MaxLength(1000)
  @Matches(/\S/)
  reason!: string;

  @ApiProperty({ type: [GroupEntryDto], description: 'Groups whose analytes change; the others are copied from the current version' })
  @IsArray()
  @ArrayMinSize(1, { message: 'results must change at least one group' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => GroupEntryDto)
  results!: GroupEntryDto[];
}

export class ReopenSampleDto {
  @ApiProperty({ example: 'Pesticide screen needs a re-injection' })
  @IsString()
  @MinLength(5, { message: 'reason must say why' })
  @MaxLength(1000)
  reason!: string;
}

export class ReleaseAnswerDto {
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'SHA-256 of the stored COA PDF' }) sha256!: string;
  @ApiProperty({ enum: ['pass', 'fail'] }) overall!: string;
}

/** One entry of GET /v1/samples/:id/coa/versions (not yet in the OpenAPI document: adding it means regenerating web/openapi.json). */
export interface CoaVersionView {
  version: number;
  sha256: string;
  overall: 'pass' | 'fail';
  releasedAt: string;
  amendmentReason: string | null;
  verifyPath: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AppliedSignatureDto } from './signature.dto';

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
  @ApiProperty({ enum: ['pass', 'fail', 'incomplete'], description: 'incomplete: a partial certificate (required analytes not tested)' }) overall!: string;
  @ApiProperty({ type: AppliedSignatureDto, description: 'The electronic signature printed on this version' }) signature!: AppliedSignatureDto;
}

/** One entry of GET /v1/samples/:id/coa/versions (not yet in the OpenAPI document: adding it means regenerating web/openapi.json). */
export interface CoaVersionView {
  version: number;
  sha256: string;
  overall: 'pass' | 'fail' | 'incomplete';
  releasedAt: string;
  amendmentReason: string | null;
  verifyPath: string;
}

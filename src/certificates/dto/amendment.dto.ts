import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GroupEntryDto } from '../../results/dto/enter-results.dto';
import { LimitSetRefDto } from '../../results/dto/results-response.dto';
import { DIFFED_FIELDS } from '../amendments.diff';

/** Reasons are judged (and stored) without surrounding blanks: ten spaces are not a reason. */
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RequestAmendmentDto {
  @ApiProperty({ example: 1, description: 'The released version being amended; it must be the latest (409 AMENDMENT_NOT_LATEST otherwise)' })
  @IsInt()
  @Min(1)
  @Max(999999)
  amendsVersion!: number;

  @ApiProperty({ example: 'Lead re-run after the ICP-MS calibration check failed', description: 'Printed on the new COA and kept in the audit trail' })
  @Transform(trimmed)
  @IsString()
  @MinLength(10, { message: 'reason must say why in at least 10 characters' })
  @MaxLength(1000)
  @Matches(/\S{3}/, { message: 'reason must say why' })
  reason!: string;

  @ApiProperty({ type: [GroupEntryDto], description: 'Groups whose analytes change; the others are copied from the amended version' })
  @IsArray()
  @ArrayMinSize(1, { message: 'results must change at least one group' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'results must be a list of objects' })
  @Type(() => GroupEntryDto)
  results!: GroupEntryDto[];
}

/** Why an amendment is withdrawn by its author or rejected by a reviewer. */
export class DecideAmendmentDto {
  @ApiProperty({ example: 'The re-run used the wrong dilution; a new amendment follows' })
  @Transform(trimmed)
  @IsString()
  @MinLength(5, { message: 'reason must say why' })
  @MaxLength(1000)
  @Matches(/\S/)
  reason!: string;
}

export class AmendmentPersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class AnalyteSideDto {
  @ApiProperty({ type: String, nullable: true }) value!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['ND', '<LOQ', '>ULOQ'] }) qualifier!: string | null;
  @ApiProperty() unit!: string;
  @ApiProperty() status!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '0.05',
    description: 'The LOQ reported with the value (absent in amendments requested before 2026-12-05)',
  })
  loq?: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '≤ 0.5 µg/g',
    description: 'The limit the value was judged against (absent in amendments requested before 2026-12-05)',
  })
  limit?: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '0.02',
    description: 'The LOD reported with the value (absent in amendments requested before 2026-12-06)',
  })
  lod?: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)',
    description: 'The method as the COA prints it (absent in amendments requested before 2026-12-06)',
  })
  method?: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: 'LT-M-MET-01',
    description: 'The registry method behind it; null for a method named in words (absent in amendments requested before 2026-12-06)',
  })
  methodId?: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '2026-12-04',
    description:
      "The lab's calendar day it was analysed, as the COA prints it (a time moved within the day is no change; absent in amendments requested before 2026-12-06)",
  })
  analysedDay?: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: 'SC Laboratories California LLC',
    description:
      "Whose result it is: null for this laboratory's own, else the other laboratory whose COA it was imported from. A re-test turns it to null; " +
      'a transcription correction keeps it (absent in amendments requested before 2026-12-06)',
  })
  reportedBy?: string | null;
}

export class AnalyteChangeDto {
  @ApiProperty() analyte!: string;
  @ApiProperty() name!: string;
  @ApiProperty() computed!: boolean;
  @ApiProperty({ enum: ['changed', 'added', 'removed', 'unchanged'] }) change!: string;
  @ApiProperty({ enum: [...DIFFED_FIELDS], isArray: true, description: 'Which fields differ (all of them for an added or removed analyte)' })
  fields!: string[];
  @ApiProperty({ type: AnalyteSideDto, nullable: true }) before!: AnalyteSideDto | null;
  @ApiProperty({ type: AnalyteSideDto, nullable: true }) after!: AnalyteSideDto | null;
}

export class GroupChangeDto {
  @ApiProperty() group!: string;
  @ApiProperty({ type: String, nullable: true }) before!: string | null;
  @ApiProperty({ type: String, nullable: true }) after!: string | null;
  @ApiProperty({ type: [AnalyteChangeDto] }) analytes!: AnalyteChangeDto[];
}

export class VerdictChangeDto {
  @ApiProperty() before!: string;
  @ApiProperty() after!: string;
}

export class ChangeCountsDto {
  @ApiProperty() changed!: number;
  @ApiProperty() added!: number;
  @ApiProperty() removed!: number;
}

export class LimitSetChangeDto {
  @ApiProperty({ type: LimitSetRefDto, nullable: true }) before!: LimitSetRefDto | null;
  @ApiProperty({ type: LimitSetRefDto, nullable: true }) after!: LimitSetRefDto | null;
}

export class AmendmentDiffDto {
  @ApiProperty() fromVersion!: number;
  @ApiProperty() toVersion!: number;
  @ApiProperty({ type: VerdictChangeDto }) overall!: VerdictChangeDto;
  @ApiProperty({
    type: LimitSetChangeDto,
    required: false,
    description: 'The limit set each version is judged by (absent in amendments requested before 2026-12-05)',
  })
  limitSets?: LimitSetChangeDto;
  @ApiProperty({ type: [GroupChangeDto], description: 'Only groups in which something changed, each with all its analytes' }) groups!: GroupChangeDto[];
  @ApiProperty({ type: ChangeCountsDto }) counts!: ChangeCountsDto;
}

export class AmendmentDto {
  @ApiProperty() id!: string;
  @ApiProperty() sampleId!: string;
  @ApiProperty({ description: 'The version this amendment becomes once released' }) version!: number;
  @ApiProperty() supersedesVersion!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['pending', 'released', 'withdrawn', 'rejected'] }) status!: string;
  @ApiProperty({ type: AmendmentPersonDto }) requestedBy!: AmendmentPersonDto;
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ type: AmendmentPersonDto, nullable: true }) decidedBy!: AmendmentPersonDto | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty({ type: AmendmentDiffDto }) diff!: AmendmentDiffDto;
}

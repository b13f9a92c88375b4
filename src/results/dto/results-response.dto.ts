import { ApiProperty } from '@nestjs/swagger';
import { CONTRIBUTOR_ACTS, type ContributorAct } from '../contributors';
import { EdiblePotencyDto } from './edible-potency.dto';

export class AnalyteResultDto {
  @ApiProperty({ example: 'd9-thc' }) analyte!: string;
  @ApiProperty({ example: 'Δ9-THC' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '0.82' }) value!: string | null;
  @ApiProperty({ nullable: true, enum: ['ND', '<LOQ', '>ULOQ'] }) qualifier!: string | null;
  @ApiProperty({ example: '%' }) unit!: string;
  @ApiProperty({ type: String, nullable: true }) lod!: string | null;
  @ApiProperty({ type: String, nullable: true }) loq!: string | null;
  @ApiProperty({ type: String, nullable: true }) dilution!: string | null;
  @ApiProperty({ type: String, nullable: true }) method!: string | null;
  @ApiProperty({ type: String, nullable: true }) instrument!: string | null;
  @ApiProperty({ type: String, nullable: true }) analyst!: string | null;
  @ApiProperty({ type: String, nullable: true }) analysedAt!: string | null;
  @ApiProperty({ enum: ['manual', 'instrument_import', 'coa_import', 'computed', 'amendment'] }) sourceType!: string;
  @ApiProperty({ type: String, nullable: true }) sourceId!: string | null;
  @ApiProperty() computed!: boolean;
  @ApiProperty({ enum: ['pass', 'fail', 'report_only', 'no_limit', 'inconclusive'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: '≤ 0.5 µg/g' }) limit!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class NotTestedAnalyteDto {
  @ApiProperty({ example: 'acephate' }) analyte!: string;
  @ApiProperty({ example: 'Acephate' }) name!: string;
  @ApiProperty({ example: 'LC-MS/MS down for repair; subcontracted run not back' }) reason!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who marked it' }) markedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) markedAt!: string | null;
}

export class GroupResultDto {
  @ApiProperty() group!: string;
  @ApiProperty({ enum: ['pass', 'fail', 'incomplete'] }) status!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String], description: 'Required analytes with neither a result nor a not-tested mark' }) missingAnalytes!: string[];
  @ApiProperty({ type: [NotTestedAnalyteDto], description: 'Required analytes a manager marked not tested, with why' })
  notTested!: NotTestedAnalyteDto[];
  @ApiProperty({ type: [AnalyteResultDto] }) analytes!: AnalyteResultDto[];
}

export class LimitSetRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'ny-ocm-2025-draft' }) name!: string;
  @ApiProperty({ example: '2025-01-01' }) effectiveDate!: string;
}

export class PotencyTotalsDto {
  @ApiProperty({ type: String, nullable: true, example: '21.96' }) totalThc!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.05' }) totalCbd!: string | null;
  @ApiProperty({ example: '%' }) unit!: string;
}

export class SampleResultsDto {
  @ApiProperty() sampleId!: string;
  @ApiProperty({ type: String, nullable: true }) labCode!: string | null;
  @ApiProperty({ description: 'COA version these results belong to (1 before the first release)' }) version!: number;
  @ApiProperty({ description: 'True once released: the rows are frozen' }) released!: boolean;
  @ApiProperty({ enum: ['pass', 'fail', 'incomplete'] }) status!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String] }) failedGroups!: string[];
  @ApiProperty({ type: [String] }) missingGroups!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: 'Per group, required analytes with neither a result nor a not-tested mark',
  })
  missingAnalytes!: Record<string, string[]>;
  @ApiProperty({ description: 'Every required analyte has a result or a not-tested mark: the sample may be submitted' }) accountedFor!: boolean;
  @ApiProperty({ type: [String], description: 'Groups the sample’s panel requires' }) requiredGroups!: string[];
  @ApiProperty({ type: LimitSetRefDto, nullable: true }) limitSet!: LimitSetRefDto | null;
  @ApiProperty({ type: PotencyTotalsDto, nullable: true, description: 'Computed by LabTrace: THC + 0.877 × THCA, CBD + 0.877 × CBDA' })
  totals!: PotencyTotalsDto | null;
  @ApiProperty({ type: [GroupResultDto] }) groups!: GroupResultDto[];
  @ApiProperty({ type: EdiblePotencyDto, nullable: true, description: 'Edibles: mg per serving and per package, and the label claim comparison' })
  edible!: EdiblePotencyDto | null;
  @ApiProperty({
    example: '9f2c4e0b7a1d3c5e8f6a2b4d0c9e7f1a3b5d7c9e2f4a6b8d0c1e3f5a7b9d2c4e',
    description:
      'SHA-256 (hex) of everything else in this answer, exactly as a release would sign it: every row, group, verdict, total and not-tested mark. ' +
      'A release sends back the digest of the results the manager reviewed; any change since then refuses it (409 RESULTS_CHANGED)',
  })
  resultsDigest!: string;
}

export class ContributionDto {
  @ApiProperty({
    enum: CONTRIBUTOR_ACTS,
    example: 'cleared',
    description:
      "What they did: received the sample (its receipt facts decide every version's verdict), entered, imported or amended results, cleared a group, marked or withdrew a not-tested mark",
  })
  act!: ContributorAct;
  @ApiProperty({ type: [String], example: ['metals'], description: 'The analyte groups it touched (empty when the record names none)' })
  groups!: string[];
}

export class VersionContributorDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ example: 'Morgan Lee', description: 'As recorded when they acted' }) displayName!: string;
  @ApiProperty({ type: [ContributionDto] }) did!: ContributionDto[];
}

export class SampleResultsWithContributorsDto extends SampleResultsDto {
  @ApiProperty({
    type: [VersionContributorDto],
    description:
      'Everyone who wrote to this version (entered, imported, cleared, marked not tested, withdrew a mark; removals included, from the audit trail). ' +
      'None of them may release it, approve its amendment or resolve its QC flags (403 RELEASE_FORBIDDEN, AMENDMENT_FOUR_EYES, QC_FLAG_SELF_RESOLUTION). Not part of resultsDigest',
  })
  contributors!: VersionContributorDto[];
}

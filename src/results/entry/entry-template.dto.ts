import { ApiProperty } from '@nestjs/swagger';
import { LIMIT_OPERATORS } from '../../rules/judgement/judgement.types';
import { ANALYTE_GROUPS } from '../../rules/product-types';
import type { EntryTemplate, TemplateGroup, TemplateLimit, TemplateMethod } from './entry-template';

class RuleSetRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'ny-ocm-2025-draft' }) name!: string;
  @ApiProperty({ example: '2025-01-01' }) effectiveDate!: string;
}

export class TemplateLimitDto implements TemplateLimit {
  @ApiProperty({ example: 'lead' }) analyte!: string;
  @ApiProperty({ enum: ANALYTE_GROUPS }) group!: string;
  @ApiProperty({ enum: LIMIT_OPERATORS }) operator!: TemplateLimit['operator'];
  @ApiProperty({ type: String, nullable: true }) limitMin!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.5' }) limitMax!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'µg/g' }) unit!: string | null;
  @ApiProperty({ example: '≤ 0.5 µg/g', description: 'As the COA prints it' }) limit!: string;
}

class TemplateMethodAnalyteDto {
  @ApiProperty({ example: 'lead' }) analyte!: string;
  @ApiProperty({ example: 'Lead' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '0.01' }) lod!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.05' }) loq!: string | null;
  @ApiProperty({ example: 'µg/g', description: 'The reporting unit of the LOD, the LOQ and the results' }) unit!: string;
}

export class TemplateMethodDto implements TemplateMethod {
  @ApiProperty({ example: 'LT-M-MET-01' }) methodId!: string;
  @ApiProperty({ example: 'Heavy metals by ICP-MS' }) name!: string;
  @ApiProperty({ example: 'SOP-CHEM-103 rev 2' }) sopRef!: string;
  @ApiProperty({ example: 'ICP-MS' }) technique!: string;
  @ApiProperty() instrument!: string;
  @ApiProperty({ type: [TemplateMethodAnalyteDto] }) analytes!: TemplateMethodAnalyteDto[];
}

class NotTestedRefDto {
  @ApiProperty() analyte!: string;
  @ApiProperty() reason!: string;
}

export class TemplateGroupDto implements TemplateGroup {
  @ApiProperty({ enum: ANALYTE_GROUPS }) group!: string;
  @ApiProperty({ description: "The sample's panel requires the group" }) required!: boolean;
  @ApiProperty({ type: [String], nullable: true, description: "The panel set's analyte list for the group (null: it names none)" })
  panelAnalytes!: string[] | null;
  @ApiProperty({ type: [String], description: 'What a complete test must report: the panel list plus every analyte with a pass/fail limit' })
  requiredAnalytes!: string[];
  @ApiProperty({ type: [NotTestedRefDto] }) notTested!: NotTestedRefDto[];
  @ApiProperty({ type: [TemplateMethodDto], description: 'Methods in force for the group (one: it is the group’s method)' }) methods!: TemplateMethodDto[];
}

class EdibleMeasuresDto {
  @ApiProperty({ example: '10' }) servingsPerPackage!: string;
  @ApiProperty({ example: '50' }) packageNetWeightG!: string;
  @ApiProperty({ type: String, nullable: true }) servingWeightG!: string | null;
}

/** GET /v1/samples/:id/entry-template: what hand entry starts from, and what the console judges with while typing. */
export class EntryTemplateDto implements EntryTemplate {
  @ApiProperty() sampleId!: string;
  @ApiProperty({ example: 'flower' }) productType!: string;
  @ApiProperty({ description: 'The working COA version entry goes to' }) version!: number;
  @ApiProperty({ type: RuleSetRefDto, description: 'The limit set in force: Save judges with it' }) limitSet!: RuleSetRefDto;
  @ApiProperty({ type: RuleSetRefDto, nullable: true }) methodSet!: RuleSetRefDto | null;
  @ApiProperty({ type: EdibleMeasuresDto, nullable: true }) edible!: EdibleMeasuresDto | null;
  @ApiProperty({ type: [TemplateLimitDto], description: "Every limit for the sample's product type" }) limits!: TemplateLimitDto[];
  @ApiProperty({ type: [TemplateGroupDto], description: "The groups of the sample's panel, in name order" }) groups!: TemplateGroupDto[];
}

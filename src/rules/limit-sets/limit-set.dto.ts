import { ApiProperty } from '@nestjs/swagger';
import { ApprovalRequestDto } from '../../auth/approvals/approval.dto';
import type { LimitRuleEntity, LimitSetEntity } from '../entities/limit-set.entity';
import { LIMIT_OPERATORS } from '../judgement/judgement.types';
import { ANALYTE_GROUPS, PRODUCT_TYPES } from '../product-types';
import { RULE_SET_STATUSES } from '../rule-sets/rule-set.types';
import { SOURCE_TAGS } from './limit-set.types';

export class LimitSetSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'ny-ocm-2025-draft' }) name!: string;
  @ApiProperty({ example: '2025-01-01', description: 'The set applies to results judged from this day (UTC)' }) effectiveDate!: string;
  @ApiProperty({ description: 'Where the numbers come from' }) source!: string;
  @ApiProperty({ example: 'Lab Admin <admin@lab.example>', description: 'Who loaded it (LabTrace itself for built-in sets)' }) loadedBy!: string;
  @ApiProperty({ example: '2025-11-20T14:03:00.000Z' }) createdAt!: string;
  @ApiProperty({ enum: RULE_SET_STATUSES, description: 'Only an approved set is ever in force; an upload waits pending for a second admin' })
  status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who approved or rejected it (LabTrace itself for built-in sets)' })
  decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
}

/** One analyte's limit for one product type, as stored. */
export class LimitRuleDto {
  @ApiProperty({ enum: PRODUCT_TYPES }) productType!: string;
  @ApiProperty({ example: 'lead' }) analyte!: string;
  @ApiProperty({ enum: ANALYTE_GROUPS }) analyteGroup!: string;
  @ApiProperty({
    enum: LIMIT_OPERATORS,
    description: 'lte: ≤ limitMax; range: limitMin to limitMax; not_detected: any detection fails; report_only: never judged',
  })
  operator!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) limitMin!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.5' }) limitMax!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'µg/g' }) unit!: string | null;
  @ApiProperty({ enum: SOURCE_TAGS, description: "NY: OCM's number; STAND-IN: another state's, until OCM's is loaded" }) sourceTag!: string;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
}

export class LimitSetDto extends LimitSetSummaryDto {
  @ApiProperty({ example: 747, description: 'How many rules the set holds (one per product type and analyte)' }) ruleCount!: number;
  @ApiProperty({ type: [LimitRuleDto], description: 'Every rule, ordered by product type, group and analyte' }) rules!: LimitRuleDto[];
}

/** 202 to an upload: the set as stored (pending) and the request another admin must approve. */
export class LimitSetUploadDto {
  @ApiProperty({ type: LimitSetDto }) limitSet!: LimitSetDto;
  @ApiProperty({ type: ApprovalRequestDto }) approval!: ApprovalRequestDto;
}

export function toLimitSetSummary(set: LimitSetEntity): LimitSetSummaryDto {
  return {
    id: set.id,
    name: set.name,
    effectiveDate: set.effectiveDate,
    source: set.source,
    loadedBy: set.loadedBy,
    createdAt: set.createdAt.toISOString(),
    status: set.status,
    decidedBy: set.decidedBy,
    decidedAt: set.decidedAt?.toISOString() ?? null,
  };
}

export function toLimitSetDto(set: LimitSetEntity, rules: readonly LimitRuleEntity[]): LimitSetDto {
  return {
    ...toLimitSetSummary(set),
    ruleCount: rules.length,
    rules: rules.map((r) => ({
      productType: r.productType,
      analyte: r.analyte,
      analyteGroup: r.analyteGroup,
      operator: r.operator,
      limitMin: r.limitMin,
      limitMax: r.limitMax,
      unit: r.unit,
      sourceTag: r.sourceTag,
      source: r.source,
    })),
  };
}

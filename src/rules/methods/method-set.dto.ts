import { ApiProperty } from '@nestjs/swagger';
import { ApprovalRequestDto } from '../../auth/approvals/approval.dto';
import type { RuleSetEntity } from '../entities/rule-set.entity';
import { Dec } from '../judgement/decimal';
import { LimitSetSummaryDto, toLimitSetSummary } from '../limit-sets/limit-set.dto';
import { ANALYTE_GROUPS } from '../product-types';
import type { MethodAnalyteEntity } from './method-analyte.entity';

/** A method set's header: the same fields as every rule set (name, effective date, source, approval). */
export class MethodSetSummaryDto extends LimitSetSummaryDto {}

export class MethodAnalyteDto {
  @ApiProperty({ example: 'lead' }) analyte!: string;
  @ApiProperty({ type: String, nullable: true, example: '0.02' }) lod!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.05' }) loq!: string | null;
  @ApiProperty({ example: 'µg/g', description: 'The unit the LOD and LOQ are given in' }) unit!: string;
}

export class MethodDto {
  @ApiProperty({ example: 'LT-M-MET-01', description: 'The lab’s method id; results and entry name the method by it' }) methodId!: string;
  @ApiProperty({ example: 'Heavy metals by ICP-MS' }) name!: string;
  @ApiProperty({ example: 'SOP-CHEM-103 rev 3' }) sopRef!: string;
  @ApiProperty({ example: 'ICP-MS' }) technique!: string;
  @ApiProperty({ example: 'Agilent 7900 ICP-MS' }) instrument!: string;
  @ApiProperty({ enum: ANALYTE_GROUPS }) group!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '40',
    description: 'qPCR methods: the validated Cq cut-off (35 to 40) imports through the method call wells by; null for other methods',
  })
  cqCutoff!: string | null;
  @ApiProperty({ type: [MethodAnalyteDto], description: 'Each analyte the method is validated for, with its LOD and LOQ' }) analytes!: MethodAnalyteDto[];
}

export class MethodSetDto extends MethodSetSummaryDto {
  @ApiProperty({ type: [MethodDto] }) methods!: MethodDto[];
}

export class MethodSetUploadDto {
  @ApiProperty({ type: MethodSetDto }) methodSet!: MethodSetDto;
  @ApiProperty({ type: ApprovalRequestDto }) approval!: ApprovalRequestDto;
}

export function toMethodSetSummary(set: RuleSetEntity): MethodSetSummaryDto {
  return toLimitSetSummary(set);
}

export function toMethodSetDto(set: RuleSetEntity, rows: readonly MethodAnalyteEntity[]): MethodSetDto {
  const methods = new Map<string, MethodDto>();
  for (const r of rows) {
    const method = methods.get(r.methodId) ?? {
      methodId: r.methodId,
      name: r.name,
      sopRef: r.sopRef,
      technique: r.technique,
      instrument: r.instrument,
      group: r.analyteGroup,
      cqCutoff: r.cqCutoff == null ? null : new Dec(r.cqCutoff).toString(),
      analytes: [],
    };
    methods.set(r.methodId, method);
    method.analytes.push({ analyte: r.analyte, lod: r.lod, loq: r.loq, unit: r.unit });
  }
  return { ...toMethodSetSummary(set), methods: [...methods.values()] };
}

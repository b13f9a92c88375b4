import { Body, Controller, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { toApprovalDto } from '../../auth/approvals/approval.dto';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { Actor } from '../../common/actor';
import { SingleFileUpload } from '../../common/upload-limits';
import { UuidPipe } from '../../common/uuid.pipe';
import { detectRuleSetFormat } from '../rule-sets/rule-set-upload';
import { RulesError, RulesErrorCode } from '../rules.errors';
import { LimitSetDto, LimitSetSummaryDto, LimitSetUploadDto, toLimitSetDto, toLimitSetSummary } from './limit-set.dto';
import { LimitSetsService } from './limit-sets.service';

const MAX_LIMIT_SET_BYTES = 2 * 1024 * 1024;

@ApiTags('limit sets')
@ApiBearerAuth()
@Controller('v1/limit-sets')
export class LimitSetsController {
  constructor(private readonly limitSets: LimitSetsService) {}

  @Get()
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: [LimitSetSummaryDto] })
  async list(): Promise<LimitSetSummaryDto[]> {
    return (await this.limitSets.list()).map(toLimitSetSummary);
  }

  @Get(':id')
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: LimitSetDto })
  async get(@Param('id', UuidPipe) id: string): Promise<LimitSetDto> {
    const { set, rules } = await this.limitSets.getLimitSet(id);
    return toLimitSetDto(set, rules);
  }

  /**
   * An admin loads a new set from a JSON or CSV file (multipart `file`); format from the file's content.
   * It is stored pending: another admin approves it at POST /v1/approvals/:id/approve before it is ever in force.
   */
  @Post()
  @Roles('admin')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiAcceptedResponse({ type: LimitSetUploadDto, description: 'Stored, pending a second admin’s approval' })
  @UseInterceptors(SingleFileUpload({ maxBytes: MAX_LIMIT_SET_BYTES }))
  async upload(
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @Body() _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<LimitSetUploadDto> {
    if (!file)
      throw new RulesError(RulesErrorCode.INVALID_LIMIT_SET, 'Send the limit set as a multipart field named file', [{ field: 'file', message: 'is required' }]);
    const text = file.buffer.toString('utf8');
    const set = await this.limitSets.uploadLimitSet(text, detectRuleSetFormat(text), actor);
    const { rules } = await this.limitSets.getLimitSet(set.id);
    const approval = await this.limitSets.approvalOf(set.id);
    if (!approval) throw new Error(`limit set ${set.id} was uploaded without an approval request`);
    return { limitSet: toLimitSetDto(set, rules), approval: toApprovalDto(approval, false) };
  }
}

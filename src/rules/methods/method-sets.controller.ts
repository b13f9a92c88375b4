import { Body, Controller, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { toApprovalDto } from '../../auth/approvals/approval.dto';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { Actor } from '../../common/actor';
import { SingleFileUpload } from '../../common/upload-limits';
import { UuidPipe } from '../../common/uuid.pipe';
import { detectRuleSetFormat } from '../rule-sets/rule-set-upload';
import { RulesError, RulesErrorCode } from '../rules.errors';
import { MethodSetDto, MethodSetSummaryDto, MethodSetUploadDto, toMethodSetDto, toMethodSetSummary } from './method-set.dto';
import { MethodSetsService } from './method-sets.service';

const MAX_METHOD_SET_BYTES = 2 * 1024 * 1024;

@ApiTags('method sets')
@ApiBearerAuth()
@Controller('v1/method-sets')
export class MethodSetsController {
  constructor(private readonly methodSets: MethodSetsService) {}

  @Get()
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: [MethodSetSummaryDto] })
  async list(): Promise<MethodSetSummaryDto[]> {
    return (await this.methodSets.list()).map(toMethodSetSummary);
  }

  /** The methods in force today (what hand entry offers per group). */
  @Get('in-force')
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: MethodSetDto })
  async inForce(): Promise<MethodSetDto> {
    const registry = await this.methodSets.registryInForce();
    if (!registry) throw new RulesError(RulesErrorCode.NO_METHOD_SET, 'No method set is in force today');
    const { set, rows } = await this.methodSets.getMethodSet(registry.set.id);
    return toMethodSetDto(set, rows);
  }

  @Get(':id')
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: MethodSetDto })
  async get(@Param('id', UuidPipe) id: string): Promise<MethodSetDto> {
    const { set, rows } = await this.methodSets.getMethodSet(id);
    return toMethodSetDto(set, rows);
  }

  /**
   * An admin loads a new method set from a JSON or CSV file (multipart `file`), stored pending: another
   * admin approves it at POST /v1/approvals/:id/approve before it is ever in force.
   */
  @Post()
  @Roles('admin')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiAcceptedResponse({ type: MethodSetUploadDto, description: 'Stored, pending a second admin’s approval' })
  @UseInterceptors(SingleFileUpload({ maxBytes: MAX_METHOD_SET_BYTES }))
  async upload(
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @Body() _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<MethodSetUploadDto> {
    if (!file)
      throw new RulesError(RulesErrorCode.INVALID_METHOD_SET, 'Send the method set as a multipart field named file', [
        { field: 'file', message: 'is required' },
      ]);
    const text = file.buffer.toString('utf8');
    const set = await this.methodSets.upload(text, detectRuleSetFormat(text), actor);
    const { rows } = await this.methodSets.getMethodSet(set.id);
    const approval = await this.methodSets.approvalOf(set.id);
    if (!approval) throw new Error(`method set ${set.id} was uploaded without an approval request`);
    return { methodSet: toMethodSetDto(set, rows), approval: toApprovalDto(approval, false) };
  }
}

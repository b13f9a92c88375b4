import { Body, Controller, Get, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { Actor } from '../../common/actor';
import { UuidPipe } from '../../common/uuid.pipe';
import { detectRuleSetFormat } from '../rule-sets/rule-set-upload';
import { RulesError, RulesErrorCode } from '../rules.errors';
import { LimitSetDto, LimitSetSummaryDto, toLimitSetDto, toLimitSetSummary } from './limit-set.dto';
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

  /** An admin loads a new set from a JSON or CSV file (multipart `file`); format from the file's content. */
  @Post()
  @Roles('admin')
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: LimitSetDto })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_LIMIT_SET_BYTES, files: 1 } }))
  async upload(
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @Body() _body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<LimitSetDto> {
    if (!file)
      throw new RulesError(RulesErrorCode.INVALID_LIMIT_SET, 'Send the limit set as a multipart field named file', [{ field: 'file', message: 'is required' }]);
    const text = file.buffer.toString('utf8');
    const set = await this.limitSets.uploadLimitSet(text, detectRuleSetFormat(text), actor);
    const { rules } = await this.limitSets.getLimitSet(set.id);
    return toLimitSetDto(set, rules);
  }
}

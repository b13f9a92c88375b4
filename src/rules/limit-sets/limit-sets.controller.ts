import { Body, Controller, Get, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { Actor } from '../../common/actor';
import { RulesError, RulesErrorCode } from '../rules.errors';
import { LimitSetsService } from './limit-sets.service';

const MAX_LIMIT_SET_BYTES = 2 * 1024 * 1024;

@ApiTags('limit sets')
@ApiBearerAuth()
@Controller('v1/limit-sets')
export class LimitSetsController {
  constructor(private readonly limitSets: LimitSetsService) {}

  @Get()
  @Roles('technician', 'manager', 'admin')
  async list() {
    const sets = await this.limitSets.list();
    return sets.map((s) => ({ id: s.id, name: s.name, effectiveDate: s.effectiveDate, source: s.source, loadedBy: s.loadedBy, createdAt: s.createdAt.toISOString() }));
  }

  @Get(':id')
  @Roles('technician', 'manager', 'admin')
  async get(@Param('id') id: string) {
    const { set, rules } = await this.limitSets.getLimitSet(id);
    return { id: set.id, name: set.name, effectiveDate: set.effectiveDate, source: set.source, loadedBy: set.loadedBy, rules };
  }

  /** An admin loads a new set from a JSON or CSV file (multipart `file`); format from the file's content. */
  @Post()
  @Roles('admin')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_LIMIT_SET_BYTES, files: 1 } }))
  async upload(@UploadedFile() file: { buffer: Buffer; originalname: string } | undefined, @Body() _body: unknown, @CurrentActor() actor: Actor) {
    if (!file) throw new RulesError(RulesErrorCode.INVALID_LIMIT_SET, 'Send the limit set as a multipart field named file', [{ field: 'file', message: 'is required' }]);
    const text = file.buffer.toString('utf8');
    const format = /^\uFEFF?\s*\{/.test(text) ? 'json' : 'csv';
    const set = await this.limitSets.uploadLimitSet(text, format, actor);
    const { rules } = await this.limitSets.getLimitSet(set.id);
    return { id: set.id, name: set.name, effectiveDate: set.effectiveDate, source: set.source, rules };
  }
}

import { Body, Controller, Get, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { ImportSummary, InstrumentImportsService } from './instrument-imports.service';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import { INSTRUMENT_FORMATS } from './parsers/parser-registry';
import { InstrumentFormat } from './parsers/parser.types';

export class InstrumentImportForm {
  @IsOptional() @IsIn(INSTRUMENT_FORMATS, { message: `format must be one of ${INSTRUMENT_FORMATS.join(', ')}` })
  format?: InstrumentFormat;

  @IsOptional() @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: string;

  @IsOptional() @IsString() @Matches(/^\d{1,2}(\.\d+)?$/, { message: 'cqCutoff must be a number such as 35' })
  cqCutoff?: string;

  @IsOptional() @IsString()
  columnMapping?: string;
}

@ApiTags('instrument imports')
@ApiBearerAuth()
@Controller('v1/instrument-imports')
export class InstrumentImportsController {
  constructor(private readonly imports: InstrumentImportsService) {}

  @Post()
  @Roles('technician', 'manager')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, format: { type: 'string', enum: [...INSTRUMENT_FORMATS] }, dryRun: { type: 'string', enum: ['true', 'false'] } } } })
  @UseInterceptors(FileInterceptor('file'))
  upload(@UploadedFile() file: { buffer: Buffer; originalname: string } | undefined, @Body() form: InstrumentImportForm, @CurrentActor() actor: Extract<Actor, { type: 'user' }>): Promise<ImportSummary> {
    if (!file || file.buffer.length === 0) throw new InstrumentsError(InstrumentsErrorCode.FILE_REQUIRED, 'Send the export as a non-empty multipart field named file', [{ field: 'file', message: 'is required' }]);
    let columnMapping;
    if (form.columnMapping) {
      try {
        columnMapping = JSON.parse(form.columnMapping);
      } catch {
        throw new InstrumentsError(InstrumentsErrorCode.UNREADABLE_EXPORT, 'columnMapping must be JSON', [{ field: 'columnMapping', message: 'must be a JSON object' }]);
      }
    }
    return this.imports.importExport(
      { bytes: file.buffer, filename: file.originalname, format: form.format, dryRun: form.dryRun === 'true', options: { cqCutoff: form.cqCutoff ? Number(form.cqCutoff) : undefined, columnMapping } },
      actor,
    );
  }

  @Get(':id')
  @Roles('technician', 'manager', 'admin')
  get(@Param('id') id: string): Promise<ImportSummary> {
    return this.imports.getImport(id);
  }
}

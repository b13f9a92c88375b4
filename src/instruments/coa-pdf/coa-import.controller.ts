import { Body, Controller, Get, HttpStatus, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { Actor } from '../../common/actor';
import { UuidPipe } from '../../common/uuid.pipe';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import type { CoaImportAnswer } from './coa-import.answer';
import { CoaImportService } from './coa-import.service';
import { CoaUploadInterceptor } from './coa-upload.interceptor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type UserActor = Extract<Actor, { type: 'user' }>;

@ApiTags('coa imports')
@ApiBearerAuth()
@Controller('v1/coa-imports')
export class CoaImportController {
  constructor(private readonly imports: CoaImportService) {}

  /**
   * A COA PDF (ours, Confident Cannabis, SC Labs or Kaycha) becomes results of one sample: found by the
   * COA's ids or by `sampleId`. 201 when stored; 200 for a dry run or a file already imported.
   */
  @Post()
  @Roles('technician', 'manager')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        sampleId: { type: 'string', format: 'uuid', description: 'attach to this sample (overrides the COA ids; a warning says so when they name another)' },
        dryRun: { type: 'string', enum: ['true', 'false'], description: 'parse, match and judge, store nothing' },
      },
    },
  })
  @UseInterceptors(CoaUploadInterceptor)
  async upload(
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CoaImportAnswer> {
    const form = readForm(body);
    if (!file)
      throw new InstrumentsError(InstrumentsErrorCode.INVALID_IMPORT_REQUEST, 'Send the COA PDF as a multipart field named file', [
        { field: 'file', message: 'is required' },
      ]);
    const answer = await this.imports.importCoa({ bytes: file.buffer, filename: file.originalname || 'coa.pdf', ...form }, actor as UserActor);
    if (answer.duplicate || answer.dryRun) res.status(HttpStatus.OK);
    return answer;
  }

  @Get(':id')
  @Roles('technician', 'manager', 'admin')
  get(@Param('id', UuidPipe) id: string) {
    return this.imports.getImport(id);
  }
}

/** The form fields arrive as strings; anything unexpected is named rather than ignored. */
function readForm(body: Record<string, unknown>): { sampleId?: string; dryRun: boolean } {
  const errors: Array<{ field: string; message: string }> = [];
  const { sampleId, dryRun, ...rest } = body ?? {};
  for (const field of Object.keys(rest)) errors.push({ field, message: 'is not a field of this form (file, sampleId, dryRun)' });
  if (sampleId !== undefined && sampleId !== '' && (typeof sampleId !== 'string' || !UUID.test(sampleId)))
    errors.push({ field: 'sampleId', message: 'must be a UUID' });
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') errors.push({ field: 'dryRun', message: "must be 'true' or 'false'" });
  if (errors.length > 0)
    throw new InstrumentsError(InstrumentsErrorCode.INVALID_IMPORT_REQUEST, errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  return { sampleId: typeof sampleId === 'string' && sampleId !== '' ? sampleId : undefined, dryRun: dryRun === 'true' };
}

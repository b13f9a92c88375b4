import { Body, Controller, Get, Param, Post, Put, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { IsDateTimeInput } from '../common/date-input';
import { SingleFileUpload } from '../common/upload-limits';
import { UuidPipe } from '../common/uuid.pipe';
import { ColumnMappingsService } from './column-mappings';
import { ColumnMappingDto } from './dto/column-mapping.dto';
import { namedMethodIds } from './import-method';
import { InstrumentFormatView, listInstrumentFormats } from './instrument-formats';
import { ImportSummary, InstrumentImportsService } from './instrument-imports.service';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import { INSTRUMENT_FORMATS } from './parsers/parser-registry';
import { GenericColumnMapping, InstrumentFormat } from './parsers/parser.types';

const INSTRUMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/;

export class InstrumentImportForm {
  @IsOptional()
  @IsIn(INSTRUMENT_FORMATS, { message: `format must be one of ${INSTRUMENT_FORMATS.join(', ')}` })
  format?: InstrumentFormat;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: string;

  @IsOptional()
  @IsString()
  // Bounded (35-40) by the import itself, which names the validated range (cqCutoffProblem).
  @Matches(/^\d{1,2}(\.\d{1,3})?$/, { message: 'cqCutoff must be a number such as 35' })
  cqCutoff?: string;

  @IsOptional()
  @IsString()
  columnMapping?: string;

  @IsOptional()
  @IsString()
  @Matches(INSTRUMENT_NAME, { message: 'instrument must be a saved instrument name (letters, digits, space . _ -)' })
  instrument?: string;

  /** Comma-separated registry method ids, at most one per group; the field may also be repeated (multipart then gives a list). */
  @IsOptional()
  @IsString({ each: true, message: 'methods must be method ids, comma-separated' })
  @MaxLength(1000, { each: true, message: 'methods must be at most 1000 characters' })
  methods?: string | string[];

  /** The day (or date-time, on the lab's clock) an undated file's run was analysed. */
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: 'analysedAt must be a day or a date-time' })
  @IsDateTimeInput({ message: 'analysedAt must be a day (2026-12-01) or a date-time (2026-12-01T14:30) on the lab clock' })
  analysedAt?: string;

  /** Why the import changes results written by hand or by an amendment (required then); kept in its audit events. */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'reason must be at most 1000 characters' })
  reason?: string;
}

@ApiTags('instrument imports')
@ApiBearerAuth()
@Controller('v1/instrument-imports')
export class InstrumentImportsController {
  constructor(
    private readonly imports: InstrumentImportsService,
    private readonly mappings: ColumnMappingsService,
  ) {}

  @Post()
  @Roles('technician', 'manager')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        format: { type: 'string', enum: [...INSTRUMENT_FORMATS] },
        dryRun: { type: 'string', enum: ['true', 'false'] },
        cqCutoff: {
          type: 'string',
          example: '35',
          description:
            'Bio-Rad CFX qPCR files: the Cq at or after which a well counts as not detected, from 35 to 40 (default 35); outside that range is 400. ' +
            "A method named for the file (methods, or the instrument's mapping) that carries a Cq cut-off in the method registry fixes it: " +
            "leave this out (the method's is used) or send the same value; another is 400 naming the method's. " +
            "The cut-off used is kept in the run's meta (meta.cqCutoff, and meta.cqCutoffSource: method, form or default, with meta.cqCutoffMethod), " +
            "its results' audit reason and a warning; the same file with another cut-off is another import. " +
            'Positive and negative (no-template) controls are judged by it: a failed one raises a qpcr_control_failed QC flag on each sample with results of its target, a target without both a qpcr_control_missing flag, and a sample well whose internal amplification control did not amplify a qpcr_inhibition flag.',
        },
        instrument: {
          type: 'string',
          description:
            "a saved instrument mapping: its columns read the file (unless format names a vendor format) and its method goes to its group's results. " +
            "A one-off columnMapping with a saved mapping's sample, analyte and value columns gets that mapping's method the same way (a warning names it). " +
            "The mapping's last saver counts as a contributor of the results it imports (act mapping): they cannot release them.",
        },
        methods: {
          type: 'string',
          example: 'LT-M-PEST-01,LT-M-MYCO-01',
          description:
            'the method of each group the file carries: registry method ids (GET /v1/method-sets/in-force), comma-separated (or the field ' +
            'repeated, within the form limit of 12 text fields), at most one per group. ' +
            "Each group's results get the method's text and its LOD and LOQ per analyte; a row of the group the method is not validated for is rejected. " +
            'An id not in the method set in force, two methods for one group, a method for a group the file does not carry, or one for the group an ' +
            'instrument mapping names another method for, is 400 and stores nothing. A group named by neither this field nor the mapping is stored ' +
            'without a method: the answer lists it in groupsWithoutMethod, and it cannot be submitted until a method is given. ' +
            'The same file naming other methods is imported again (not answered as a duplicate); it writes only the rows that still come from ' +
            'an import of the same bytes (or that no row holds): rows changed since by hand, an amendment or another file are left as they ' +
            'are and listed in leftAsIs, each with a warning.',
        },
        analysedAt: {
          type: 'string',
          example: '2026-12-01',
          description:
            'for a file that states no analysis date (Bio-Rad CFX, a generic CSV): the day, or date-time on the lab clock, its run was analysed; ' +
            "its rows are dated by it. Not before a sample's receipt (less 15 minutes) nor in the future; a file with its own date and a " +
            'different analysedAt is 400. Without it an undated file is dated at the upload, the answer warns and each sample and group gets an ' +
            'analysis_date QC flag (a second person confirms the date before release; meta.analysisDate says ' +
            'where the date came from: file, form, earlier_import or upload). The same file with another analysedAt is another import.',
        },
        reason: {
          type: 'string',
          example: 'bench sheet transcription checked against the re-exported run',
          description:
            'required when the import would change the value, qualifier or unit of a result written by hand entry or an amendment in the ' +
            'working version (any file, not only the same bytes; rows from other imports are replaced without one): without it 400 ' +
            'REASON_REQUIRED names the rows on the field reason and nothing is stored; a dry run lists them in replacesHandRows and warns. ' +
            "Kept in the import's audit events.",
        },
      },
    },
  })
  @UseInterceptors(SingleFileUpload())
  async upload(
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @Body() form: InstrumentImportForm,
    @CurrentActor() actor: Extract<Actor, { type: 'user' }>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportSummary> {
    if (!file || file.buffer.length === 0)
      throw new InstrumentsError(InstrumentsErrorCode.FILE_REQUIRED, 'Send the export as a non-empty multipart field named file', [
        { field: 'file', message: 'is required' },
      ]);
    // Checked field by field by the generic long CSV parser, which names what is wrong.
    let columnMapping: GenericColumnMapping | undefined;
    if (form.columnMapping) {
      try {
        columnMapping = JSON.parse(form.columnMapping) as GenericColumnMapping;
      } catch {
        throw new InstrumentsError(InstrumentsErrorCode.UNREADABLE_EXPORT, 'columnMapping must be JSON', [
          { field: 'columnMapping', message: 'must be a JSON object' },
        ]);
      }
    }
    // A saved instrument mapping, or a one-off columnMapping, makes the file a generic long CSV read
    // through that mapping (unless a vendor format is named); a saved one also gives the instrument's
    // method to the results of its group.
    // A one-off columnMapping repeating a saved mapping's columns gets that mapping's method as if its
    // instrument were named (a copy of the columns must not step around the manager's method).
    const oneOff = !form.instrument && columnMapping !== undefined && (form.format ?? 'generic-long-csv') === 'generic-long-csv';
    const mapping = form.instrument
      ? await this.mappings.mappingFor(form.instrument)
      : oneOff
        ? await this.mappings.mappingRepeatedBy(columnMapping!)
        : undefined;
    if (mapping?.matchedBy === 'instrument') columnMapping = mapping.columns;
    const summary = await this.imports.importExport(
      {
        bytes: file.buffer,
        filename: file.originalname,
        format: form.format ?? (form.instrument || columnMapping ? 'generic-long-csv' : undefined),
        dryRun: form.dryRun === 'true',
        options: { cqCutoff: form.cqCutoff ? Number(form.cqCutoff) : undefined, columnMapping },
        ...(mapping?.methodId ? { method: { instrument: mapping.instrument, methodId: mapping.methodId, matchedBy: mapping.matchedBy } } : {}),
        ...(mapping ? { mapping } : {}),
        methods: namedMethodIds(form.methods),
        ...(form.analysedAt ? { analysedAt: form.analysedAt } : {}),
        ...(form.reason ? { reason: form.reason } : {}),
      },
      actor,
    );
    // 201 only when something was stored; a dry run or a file seen before creates nothing.
    if (summary.dryRun || summary.duplicate) res.status(200);
    return summary;
  }

  /** The formats a file is detected as, each with what it was proven on (real exports or documentation only). */
  @Get('formats')
  @Roles('technician', 'manager', 'admin')
  listFormats(): InstrumentFormatView[] {
    return listInstrumentFormats();
  }

  @Get('mappings/instruments')
  @Roles('technician', 'manager', 'admin')
  async listMappings() {
    return (await this.mappings.list()).map((m) => ({
      instrument: m.instrument,
      mapping: m.mapping,
      methodId: m.methodId,
      updatedAt: m.updatedAt.toISOString(),
    }));
  }

  @Put('mappings/instruments/:instrument')
  @Roles('manager', 'admin')
  async saveMapping(@Param('instrument') instrument: string, @Body() dto: ColumnMappingDto, @CurrentActor() actor: Extract<Actor, { type: 'user' }>) {
    if (!INSTRUMENT_NAME.test(instrument))
      throw new InstrumentsError(InstrumentsErrorCode.INVALID_INSTRUMENT, 'instrument name must be letters, digits, space . _ - (at most 80)', [
        { field: 'instrument', message: 'invalid name' },
      ]);
    const { methodId, ...columns } = dto;
    const saved = await this.mappings.saveMapping(instrument, columns, methodId ?? null, actor);
    return { instrument: saved.instrument, mapping: saved.mapping, methodId: saved.methodId, updatedAt: saved.updatedAt.toISOString() };
  }

  @Get(':id')
  @Roles('technician', 'manager', 'admin')
  get(@Param('id', UuidPipe) id: string): Promise<ImportSummary> {
    return this.imports.getImport(id);
  }
}

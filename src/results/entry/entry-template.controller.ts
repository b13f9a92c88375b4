import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { UuidPipe } from '../../common/uuid.pipe';
import { EntryTemplateDto } from './entry-template.dto';
import { EntryTemplateService } from './entry-template.service';

@ApiTags('results')
@ApiBearerAuth()
@Controller('v1/samples/:id/entry-template')
export class EntryTemplateController {
  constructor(private readonly templates: EntryTemplateService) {}

  /** What hand entry starts from: the panel's required analytes per group, the methods' units and LOD/LOQ, the limits in force. */
  @Get()
  @ApiOkResponse({ type: EntryTemplateDto })
  @Roles('technician', 'manager')
  get(@Param('id', UuidPipe) id: string): Promise<EntryTemplateDto> {
    return this.templates.templateOf(id);
  }
}

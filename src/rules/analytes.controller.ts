import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ANALYTES } from './analytes/vocabulary';

export class AnalyteDto {
  @ApiProperty({ example: 'd9-thc' }) id!: string;
  @ApiProperty({ example: 'Δ9-THC' }) name!: string;
  @ApiProperty({ example: 'cannabinoids' }) group!: string;
  @ApiProperty({ example: '%' }) defaultUnit!: string;
  @ApiProperty({ description: 'Computed by LabTrace (totals); never entered' }) computed!: boolean;
  @ApiProperty({ type: [String], description: 'Other spellings the API accepts' }) aliases!: string[];
}

/** The analyte vocabulary, so entry screens can offer canonical names and units. */
@ApiTags('results')
@ApiBearerAuth()
@Controller('v1/analytes')
export class AnalytesController {
  private readonly list: AnalyteDto[] = ANALYTES.map((a) => ({
    id: a.id,
    name: a.name,
    group: a.group,
    defaultUnit: a.defaultUnit,
    computed: a.computed === true,
    aliases: [...a.aliases],
  }));

  @Get()
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: [AnalyteDto] })
  analytes(): AnalyteDto[] {
    return this.list;
  }
}

import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Actor } from '../common/actor';
import { CreateLicenseeDto, LicenseeResponseDto } from './dto/licensee.dto';
import { LicenseesService } from './licensees.service';

@ApiTags('licensees')
@ApiBearerAuth()
@Controller('v1/licensees')
export class LicenseesController {
  constructor(private readonly licensees: LicenseesService) {}

  @Get()
  @Roles('admin', 'manager', 'technician')
  @ApiOkResponse({ type: [LicenseeResponseDto] })
  list(): Promise<LicenseeResponseDto[]> {
    return this.licensees.list();
  }

  @Post()
  @Roles('admin')
  @ApiOkResponse({ type: LicenseeResponseDto })
  register(@Body() dto: CreateLicenseeDto, @CurrentActor() actor: Actor): Promise<LicenseeResponseDto> {
    return this.licensees.registerLicensee(dto, actor);
  }
}

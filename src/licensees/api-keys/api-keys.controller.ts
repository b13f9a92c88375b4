import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { Actor } from '../../common/actor';
import { UuidPipe } from '../../common/uuid.pipe';
import { ApiKeyResponseDto, IssuedApiKeyDto, IssueApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('licensees')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/licensees/:licenseNumber/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOkResponse({ type: IssuedApiKeyDto })
  issue(@Param('licenseNumber') licenseNumber: string, @Body() dto: IssueApiKeyDto, @CurrentActor() actor: Actor): Promise<IssuedApiKeyDto> {
    return this.keys.issueKey(licenseNumber, dto, actor);
  }

  @Get()
  @ApiOkResponse({ type: [ApiKeyResponseDto] })
  list(@Param('licenseNumber') licenseNumber: string): Promise<ApiKeyResponseDto[]> {
    return this.keys.listKeys(licenseNumber);
  }

  @Delete(':keyId')
  @ApiOkResponse({ type: ApiKeyResponseDto })
  revoke(@Param('licenseNumber') licenseNumber: string, @Param('keyId', UuidPipe) keyId: string, @CurrentActor() actor: Actor): Promise<ApiKeyResponseDto> {
    return this.keys.revokeKey(licenseNumber, keyId, actor);
  }
}

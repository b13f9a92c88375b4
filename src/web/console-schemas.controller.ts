import { Controller } from '@nestjs/common';
import { ApiExtraModels } from '@nestjs/swagger';
import { UserResponseDto } from '../auth/dto/user.dto';
import { ReleaseAnswerDto } from '../certificates/dto/release.dto';
import { ApiKeyResponseDto, IssuedApiKeyDto } from '../licensees/api-keys/api-key.dto';
import { LicenseeResponseDto } from '../licensees/dto/licensee.dto';
import { SampleResultsDto } from '../results/dto/results-response.dto';
import { SyncResultDto } from '../samples/dto/announce-transfer.dto';
import { SampleDetailDto, SamplePageDto } from '../samples/dto/sample-response.dto';
import { SubmissionDto } from '../traceability/outbox/submission.dto';

/**
 * No routes: it only puts the response DTOs the console reads into the OpenAPI document's
 * components, because most routes do not declare their response type yet. The console's types are
 * generated from that document (web/scripts/openapi.mjs).
 */
@ApiExtraModels(
  SamplePageDto,
  SampleDetailDto,
  SampleResultsDto,
  ReleaseAnswerDto,
  SyncResultDto,
  SubmissionDto,
  LicenseeResponseDto,
  ApiKeyResponseDto,
  IssuedApiKeyDto,
  UserResponseDto,
)
@Controller()
export class ConsoleSchemasController {}

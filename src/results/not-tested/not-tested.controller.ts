import { Body, Controller, Delete, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { Actor } from '../../common/actor';
import { UuidPipe } from '../../common/uuid.pipe';
import { SampleResultsDto } from '../dto/results-response.dto';
import { MarkNotTestedDto, WithdrawNotTestedDto } from './not-tested.dto';
import { NotTestedService } from './not-tested.service';

/** Managers mark required analytes not tested (with why) or withdraw a mark; both answer the results as judged now. */
@ApiTags('results')
@ApiBearerAuth()
@Controller('v1/samples/:id/not-tested')
export class NotTestedController {
  constructor(private readonly notTested: NotTestedService) {}

  @Post()
  @ApiOkResponse({ type: SampleResultsDto })
  @Roles('manager')
  mark(@Param('id', UuidPipe) id: string, @Body() dto: MarkNotTestedDto, @CurrentActor() actor: Actor): Promise<SampleResultsDto> {
    return this.notTested.mark(id, dto.analytes, dto.reason.trim(), actor);
  }

  /** Withdraws one mark (before submit); the body says why. */
  @Delete(':analyte')
  @ApiOkResponse({ type: SampleResultsDto })
  @Roles('manager')
  withdraw(
    @Param('id', UuidPipe) id: string,
    @Param('analyte') analyte: string,
    @Body() dto: WithdrawNotTestedDto,
    @CurrentActor() actor: Actor,
  ): Promise<SampleResultsDto> {
    return this.notTested.withdraw(id, analyte, dto.reason.trim(), actor);
  }
}

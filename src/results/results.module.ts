import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SamplesModule } from '../samples/samples.module';
import { AnalyteResultEntity } from './entities/analyte-result.entity';
import { CoaDocumentEntity } from './entities/coa-document.entity';
import { LimitRuleEntity, LimitSetEntity } from './entities/limit-set.entity';
import { QcFlagEntity } from './entities/qc-flag.entity';
import { LimitSetsController } from './limit-sets/limit-sets.controller';
import { LimitSetsRepository } from './limit-sets/limit-sets.repository';
import { LimitSetsService } from './limit-sets/limit-sets.service';
import { ResultsController } from './results.controller';
import { ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';

@Module({
  imports: [TypeOrmModule.forFeature([AnalyteResultEntity, LimitSetEntity, LimitRuleEntity, QcFlagEntity, CoaDocumentEntity]), SamplesModule],
  controllers: [ResultsController, LimitSetsController],
  providers: [ResultsRepository, ResultsService, LimitSetsRepository, LimitSetsService],
  exports: [ResultsService, LimitSetsService],
})
export class ResultsModule {}

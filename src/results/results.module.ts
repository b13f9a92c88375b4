import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RulesModule } from '../rules/rules.module';
import { SamplesModule } from '../samples/samples.module';
import { AnalyteResultEntity } from './entities/analyte-result.entity';
import { QcFlagEntity } from './entities/qc-flag.entity';
import { ResultsController } from './results.controller';
import { ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';

/** A sample's results: entry (hand and imports through composeVersion), working versions, QC flags, the view. */
@Module({
  imports: [TypeOrmModule.forFeature([AnalyteResultEntity, QcFlagEntity]), SamplesModule, RulesModule],
  controllers: [ResultsController],
  providers: [ResultsRepository, ResultsService],
  exports: [ResultsService],
})
export class ResultsModule {}

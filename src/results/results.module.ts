import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RulesModule } from '../rules/rules.module';
import { SamplesModule } from '../samples/samples.module';
import { AnalyteResultEntity } from './entities/analyte-result.entity';
import { QcFlagEntity } from './entities/qc-flag.entity';
import { EntryTemplateController } from './entry/entry-template.controller';
import { EntryTemplateService } from './entry/entry-template.service';
import { NotTestedMarkEntity } from './not-tested/not-tested-mark.entity';
import { NotTestedController } from './not-tested/not-tested.controller';
import { NotTestedRepository } from './not-tested/not-tested.repository';
import { NotTestedService } from './not-tested/not-tested.service';
import { ResultsBatch } from './results-batch.service';
import { ResultsController } from './results.controller';
import { ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';
import { SourceReportersRepository } from './source-reporters.repository';

/** A sample's results: entry (hand and imports through composeVersion), working versions, QC flags, the view. */
@Module({
  imports: [TypeOrmModule.forFeature([AnalyteResultEntity, QcFlagEntity, NotTestedMarkEntity]), SamplesModule, RulesModule],
  controllers: [ResultsController, NotTestedController, EntryTemplateController],
  providers: [ResultsRepository, ResultsService, NotTestedRepository, NotTestedService, EntryTemplateService, ResultsBatch, SourceReportersRepository],
  exports: [ResultsService, ResultsBatch, SourceReportersRepository],
})
export class ResultsModule {}

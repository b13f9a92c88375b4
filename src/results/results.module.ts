import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SamplesModule } from '../samples/samples.module';
import { AnalyteResultEntity } from './entities/analyte-result.entity';
import { CoaDocumentEntity } from './entities/coa-document.entity';
import { ImportRunEntity } from './entities/import-run.entity';
import { LimitRuleEntity, LimitSetEntity } from './entities/limit-set.entity';
import { QcFlagEntity } from './entities/qc-flag.entity';
import { LimitSetsController } from './limit-sets/limit-sets.controller';
import { LimitSetsRepository } from './limit-sets/limit-sets.repository';
import { LimitSetsService } from './limit-sets/limit-sets.service';
import { OutboxModule } from '../biotrack/outbox/outbox.module';
import { AnalytesController } from './analytes/analytes.controller';
import { CoaDocumentsRepository } from './coa/coa-documents.repository';
import { CoaImportController } from './coa-import/coa-import.controller';
import { CoaImportRepository } from './coa-import/coa-import.repository';
import { CoaImportService } from './coa-import/coa-import.service';
import { CoaSampleMatcher } from './coa-import/coa-sample-matcher';
import { CoaVerifyController } from './coa/coa-verify.controller';
import { CoaService } from './coa/coa.service';
import { ReleaseController } from './release/release.controller';
import { ReleaseService } from './release/release.service';
import { ResultsController } from './results.controller';
import { ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';

@Module({
  imports: [TypeOrmModule.forFeature([AnalyteResultEntity, LimitSetEntity, LimitRuleEntity, QcFlagEntity, CoaDocumentEntity, ImportRunEntity]), SamplesModule, OutboxModule],
  controllers: [AnalytesController, ResultsController, LimitSetsController, ReleaseController, CoaVerifyController, CoaImportController],
  providers: [ResultsRepository, ResultsService, LimitSetsRepository, LimitSetsService, CoaDocumentsRepository, CoaService, ReleaseService, CoaImportRepository, CoaSampleMatcher, CoaImportService],
  exports: [ResultsService, LimitSetsService, CoaService],
})
export class ResultsModule {}

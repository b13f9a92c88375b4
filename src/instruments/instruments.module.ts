import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ParsingModule } from '../common/parsing/parsing.module';
import { ResultsModule } from '../results/results.module';
import { RulesModule } from '../rules/rules.module';
import { SamplesModule } from '../samples/samples.module';
import { SamplesService } from '../samples/samples.service';
import { CoaImportController } from './coa-pdf/coa-import.controller';
import { CoaImportService } from './coa-pdf/coa-import.service';
import { ColumnMappingsService } from './column-mappings';
import { ColumnMappingEntity } from './entities/column-mapping.entity';
import { ImportRunEntity } from './entities/import-run.entity';
import { ImportRunner } from './import-runner.service';
import { ImportRunsRepository } from './import-runs.repository';
import { InstrumentImportsController } from './instrument-imports.controller';
import { InstrumentImportsService } from './instrument-imports.service';
import { SampleLotsRepository } from './sample-lots.repository';
import { SampleMatcher } from './sample-matcher';

/** Every file import: instrument exports (parsers, one file per format) and COA PDFs (layouts), through one import run. */
@Module({
  imports: [TypeOrmModule.forFeature([ImportRunEntity, ColumnMappingEntity]), SamplesModule, ResultsModule, RulesModule, ParsingModule],
  controllers: [InstrumentImportsController, CoaImportController],
  providers: [
    ImportRunsRepository,
    ImportRunner,
    SampleLotsRepository,
    {
      provide: SampleMatcher,
      inject: [SamplesService, SampleLotsRepository],
      useFactory: (samples: SamplesService, lots: SampleLotsRepository) =>
        new SampleMatcher({
          findByLabCodeOrInventoryId: (ref) => samples.findByLabCodeOrInventoryId(ref),
          findManyByLabCodeOrInventoryId: (refs) => samples.findManyByLabCodeOrInventoryId(refs),
          samplesOfLots: (inventoryIds) => lots.samplesOfLots(inventoryIds),
        }),
    },
    InstrumentImportsService,
    CoaImportService,
    ColumnMappingsService,
  ],
})
export class InstrumentsModule {}

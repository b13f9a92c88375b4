import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ImportRunEntity } from './entities/import-run.entity';
import { AppConfig } from '../config/app-config';
import { ResultsModule } from '../results/results.module';
import { RulesModule } from '../rules/rules.module';
import { SamplesModule } from '../samples/samples.module';
import { ColumnMappingEntity } from './entities/column-mapping.entity';
import { ColumnMappingsService } from './column-mappings';
import { CoaImportController } from './coa-pdf/coa-import.controller';
import { CoaImportRepository } from './coa-pdf/coa-import.repository';
import { CoaImportService } from './coa-pdf/coa-import.service';
import { CoaSampleMatcher } from './coa-pdf/coa-sample-matcher';
import { InstrumentImportsController } from './instrument-imports.controller';
import { InstrumentImportsRepository } from './instrument-imports.repository';
import { InstrumentImportsService } from './instrument-imports.service';

/** Every file import: instrument exports (parsers, one file per format) and COA PDFs (layouts), and the import run. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ImportRunEntity, ColumnMappingEntity]),
    SamplesModule,
    ResultsModule,
    RulesModule,
    // Larger files are refused by multer with 413 before they are read into memory.
    MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ limits: { fileSize: config.maxUploadBytes, files: 1 } }) }),
  ],
  controllers: [InstrumentImportsController, CoaImportController],
  providers: [InstrumentImportsService, InstrumentImportsRepository, ColumnMappingsService, CoaImportService, CoaImportRepository, CoaSampleMatcher],
})
export class InstrumentsModule {}

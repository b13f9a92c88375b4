import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ImportRunEntity } from '../results/entities/import-run.entity';
import { AppConfig } from '../config/app-config';
import { ResultsModule } from '../results/results.module';
import { SamplesModule } from '../samples/samples.module';
import { ColumnMappingEntity } from './column-mapping.entity';
import { ColumnMappingsService } from './column-mappings';
import { InstrumentImportsController } from './instrument-imports.controller';
import { InstrumentImportsRepository } from './instrument-imports.repository';
import { InstrumentImportsService } from './instrument-imports.service';

/** Instrument exports in: parsers (pure, one file per format) and the import run. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ImportRunEntity, ColumnMappingEntity]),
    SamplesModule,
    ResultsModule,
    // Larger files are refused by multer with 413 before they are read into memory.
    MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ limits: { fileSize: config.maxUploadBytes, files: 1 } }) }),
  ],
  controllers: [InstrumentImportsController],
  providers: [InstrumentImportsService, InstrumentImportsRepository, ColumnMappingsService],
})
export class InstrumentsModule {}

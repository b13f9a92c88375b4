import { Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { UploadSlots } from '../upload-slots';
import { ParsePool } from './parse-pool';

/** The process's one pool, sized from config, its threads stopped with the app. */
@Injectable()
export class ParsePoolProvider extends ParsePool implements OnModuleDestroy {
  constructor(config: AppConfig) {
    super(config.parsing);
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}

/**
 * Imported by every module that receives and parses uploads (rules, instruments); Nest shares the one
 * pool, and the one count of uploads being received (SingleFileUpload's slots), across them.
 */
@Module({
  providers: [
    ParsePoolProvider,
    { provide: ParsePool, useExisting: ParsePoolProvider },
    {
      provide: UploadSlots,
      useFactory: (config: AppConfig) => new UploadSlots({ perProcess: config.uploads.maxConcurrent, perUser: config.uploads.maxConcurrentPerUser }),
      inject: [AppConfig],
    },
  ],
  exports: [ParsePool, UploadSlots],
})
export class ParsingModule {}

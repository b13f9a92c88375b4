import { Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
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

/** Imported by every module that parses uploads (rules, instruments); Nest shares the one instance. */
@Module({
  providers: [ParsePoolProvider, { provide: ParsePool, useExisting: ParsePoolProvider }],
  exports: [ParsePool],
})
export class ParsingModule {}

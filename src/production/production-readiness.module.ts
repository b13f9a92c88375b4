import { Module } from '@nestjs/common';
import { ProductionReadiness } from './production-readiness.service';

/** Part of every process (API and worker): the production boot checks. */
@Module({ providers: [ProductionReadiness] })
export class ProductionReadinessModule {}

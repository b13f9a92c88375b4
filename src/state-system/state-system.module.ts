import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubmissionEntity } from '../traceability/outbox/submission.entity';
import { StateSystemController } from './state-system.controller';

/** `GET /v1/state-system` and `GET /v1/state-system/submissions`; the adapter comes from the global TraceabilityModule. */
@Module({ imports: [TypeOrmModule.forFeature([SubmissionEntity])], controllers: [StateSystemController] })
export class StateSystemModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RulesModule } from '../rules/rules.module';
import { CustodyEventEntity } from './entities/custody-event.entity';
import { SampleTransferEntity } from './entities/sample-transfer.entity';
import { SampleEntity } from './entities/sample.entity';
import { SampleIntakeService } from './sample-intake.service';
import { SampleReceivingService } from './sample-receiving.service';
import { SampleTagClaimsService } from './sample-tag-claims';
import { SampleTransfersController } from './sample-transfers.controller';
import { SamplesController } from './samples.controller';
import { SamplesRepository } from './samples.repository';
import { SamplesService } from './samples.service';

@Module({
  imports: [TypeOrmModule.forFeature([SampleEntity, SampleTransferEntity, CustodyEventEntity]), RulesModule],
  controllers: [SamplesController, SampleTransfersController],
  providers: [SamplesRepository, SamplesService, SampleIntakeService, SampleTagClaimsService, SampleReceivingService],
  exports: [SamplesService, SampleIntakeService],
})
export class SamplesModule {}

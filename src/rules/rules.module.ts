import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalytesController } from './analytes.controller';
import { LimitRuleEntity, LimitSetEntity } from './entities/limit-set.entity';
import { PanelSetEntity, PanelSetRowEntity } from './entities/panel-set.entity';
import { LimitSetsController } from './limit-sets/limit-sets.controller';
import { LimitSetsRepository } from './limit-sets/limit-sets.repository';
import { LimitSetsService } from './limit-sets/limit-sets.service';
import { PanelSetsRepository } from './panel-sets/panel-sets.repository';
import { PanelSetsService } from './panel-sets/panel-sets.service';

/** What the lab tests for and how it judges: product types, analytes, limit and panel sets as versioned data. */
@Module({
  imports: [TypeOrmModule.forFeature([LimitSetEntity, LimitRuleEntity, PanelSetEntity, PanelSetRowEntity])],
  controllers: [AnalytesController, LimitSetsController],
  providers: [LimitSetsRepository, LimitSetsService, PanelSetsRepository, PanelSetsService],
  exports: [LimitSetsService, PanelSetsService],
})
export class RulesModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApprovalsModule } from '../auth/approvals/approvals.module';
import { ParsingModule } from '../common/parsing/parsing.module';
import { AnalytesController } from './analytes.controller';
import { LimitRuleEntity } from './entities/limit-set.entity';
import { PanelRuleEntity } from './entities/panel-set.entity';
import { RuleSetEntity } from './entities/rule-set.entity';
import { LimitSetsController } from './limit-sets/limit-sets.controller';
import { LimitSetsService } from './limit-sets/limit-sets.service';
import { MethodAnalyteEntity } from './methods/method-analyte.entity';
import { MethodSetsController } from './methods/method-sets.controller';
import { MethodSetsService } from './methods/method-sets.service';
import { PanelSetsService } from './panel-sets/panel-sets.service';
import { RuleSetsRepository } from './rule-sets/rule-sets.repository';
import { RuleSetsService } from './rule-sets/rule-sets.service';

/** What the lab tests for and how it judges: product types, analytes, and limit and panel sets as versioned rule sets. */
@Module({
  imports: [TypeOrmModule.forFeature([RuleSetEntity, LimitRuleEntity, PanelRuleEntity, MethodAnalyteEntity]), ApprovalsModule, ParsingModule],
  controllers: [AnalytesController, LimitSetsController, MethodSetsController],
  providers: [RuleSetsRepository, RuleSetsService, LimitSetsService, PanelSetsService, MethodSetsService],
  exports: [LimitSetsService, PanelSetsService, MethodSetsService],
})
export class RulesModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApprovalRequestEntity } from './approval-request.entity';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsRepository } from './approvals.repository';
import { ApprovalsService } from './approvals.service';

/**
 * Two-person approvals, one module for every kind. Imported by whoever raises requests (AuthModule for
 * role grants, RulesModule for rule set activation) rather than global, because the worker reaches
 * RulesModule without AuthModule. Nest builds it once, so every kind's handler lands in one registry.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApprovalRequestEntity])],
  controllers: [ApprovalsController],
  providers: [ApprovalsRepository, ApprovalsService],
  exports: [ApprovalsService],
})
export class ApprovalsModule {}

import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditLinker } from './audit-linker';
import { AUDIT_CHAIN_QUEUE, AuditVerifyProcessor } from './audit-verify.processor';

/** The worker's half of the audit chain: the linker and the daily verification (AuditModule provides the service). */
@Module({
  imports: [BullModule.registerQueue({ name: AUDIT_CHAIN_QUEUE })],
  providers: [AuditLinker, AuditVerifyProcessor],
  exports: [AuditLinker],
})
export class AuditChainWorkerModule {}

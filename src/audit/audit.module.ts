import { Global, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { registerAuditChainMetrics } from './chain/audit-chain.metrics';
import { AuditChainService } from './chain/audit-chain.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  providers: [AuditRepository, AuditService, AuditChainService],
  exports: [AuditService, AuditChainService],
})
export class AuditModule implements OnModuleInit {
  constructor(private readonly chain: AuditChainService) {}

  onModuleInit(): void {
    registerAuditChainMetrics(this.chain);
  }
}

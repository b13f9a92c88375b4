import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ResultsModule } from '../results/results.module';
import { RulesModule } from '../rules/rules.module';
import { SamplesModule } from '../samples/samples.module';
import { OutboxModule } from '../traceability/outbox/outbox.module';
import { AmendmentsController } from './amendments.controller';
import { AmendmentsRepository } from './amendments.repository';
import { AmendmentsService } from './amendments.service';
import { CertificateDeliveryHooks } from './certificate-delivery-hooks';
import { CoaDocumentsRepository } from './coa/coa-documents.repository';
import { CoaVerifyController } from './coa/coa-verify.controller';
import { CoaService } from './coa/coa.service';
import { CoaAmendmentEntity } from './entities/coa-amendment.entity';
import { CoaDocumentEntity } from './entities/coa-document.entity';
import { ReleaseController } from './release.controller';
import { ReleaseService } from './release.service';
import { ElectronicSignatureEntity } from './signatures/electronic-signature.entity';
import { ElectronicSignaturesService } from './signatures/electronic-signatures.service';

/** Submit, review, release and amend (four eyes), and the certificates they issue: render, store, verify. */
@Module({
  imports: [
    TypeOrmModule.forFeature([CoaDocumentEntity, CoaAmendmentEntity, ElectronicSignatureEntity]),
    RulesModule,
    SamplesModule,
    ResultsModule,
    OutboxModule,
  ],
  controllers: [ReleaseController, AmendmentsController, CoaVerifyController],
  providers: [
    CoaDocumentsRepository,
    CoaService,
    ReleaseService,
    AmendmentsRepository,
    AmendmentsService,
    CertificateDeliveryHooks,
    ElectronicSignaturesService,
  ],
  exports: [CoaService, CertificateDeliveryHooks],
})
export class CertificatesModule {}

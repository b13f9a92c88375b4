import { DynamicModule } from '@nestjs/common';
import { BiotrackTraceabilityAdapter } from './biotrack/biotrack.adapter';
import { BiotrackModule } from './biotrack/biotrack.module';
import { CertificateDeliveryHooks } from './certificates/certificate-delivery-hooks';
import { CertificatesModule } from './certificates/certificates.module';
import { assertUnreachable } from './common/domain-error';
import { AppConfig } from './config/app-config';
import { MetrcAdapterFactory, MetrcModule } from './metrc/metrc.module';
import { TraceabilityAdapter } from './traceability/traceability.adapter';
import { TraceabilityModule } from './traceability/traceability.module';

/**
 * The state port bound for this run: the adapter named by TRACEABILITY_ADAPTER, and delivery's hooks
 * supplied by certificates. A new state system adds its module and a case here.
 */
export function stateAdapterModule(): DynamicModule {
  return TraceabilityModule.forRoot({
    imports: [BiotrackModule, MetrcModule, CertificatesModule],
    adapter: { inject: [AppConfig, BiotrackTraceabilityAdapter, MetrcAdapterFactory], useFactory: chooseAdapter },
    hooks: CertificateDeliveryHooks,
  });
}

export function chooseAdapter(config: AppConfig, biotrack: BiotrackTraceabilityAdapter, metrc: MetrcAdapterFactory): TraceabilityAdapter {
  switch (config.traceabilityAdapter) {
    case 'biotrack':
      return biotrack;
    case 'metrc':
      // Built only when chosen: its configuration exists only then.
      return metrc.create();
    default:
      return assertUnreachable(config.traceabilityAdapter);
  }
}

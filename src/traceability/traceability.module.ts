import { DynamicModule, InjectionToken, Logger, Module, ModuleMetadata, Type } from '@nestjs/common';
import { DELIVERY_HOOKS, DeliveryHooks } from './delivery-hooks';
import { useInventoryIdSyntax } from './inventory-id';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from './traceability.adapter';

export interface TraceabilityBindings {
  /** The modules that provide the adapters and the hooks named below. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Picks the adapter for this run from what `inject` names (the config and the candidate adapters). */
  adapter: { inject: InjectionToken[]; useFactory: (...deps: never[]) => TraceabilityAdapter };
  hooks: Type<DeliveryHooks>;
}

/**
 * The state port and delivery's hooks, bound once by the composition root and visible everywhere
 * (`TRACEABILITY_ADAPTER`, `DELIVERY_HOOKS`). Traceability declares what it needs; it knows neither
 * the adapters nor the callers that fill it in. The chosen adapter's inventory-id syntax becomes the
 * active one here, at boot.
 */
@Module({})
export class TraceabilityModule {
  static forRoot(bindings: TraceabilityBindings): DynamicModule {
    return {
      module: TraceabilityModule,
      global: true,
      imports: bindings.imports,
      providers: [
        {
          provide: TRACEABILITY_ADAPTER,
          inject: bindings.adapter.inject,
          useFactory: (...deps: never[]): TraceabilityAdapter => {
            const adapter = bindings.adapter.useFactory(...deps);
            useInventoryIdSyntax(adapter.inventoryIds);
            new Logger(TraceabilityModule.name).log(`state system: ${adapter.displayName}`);
            return adapter;
          },
        },
        { provide: DELIVERY_HOOKS, useExisting: bindings.hooks },
      ],
      exports: [TRACEABILITY_ADAPTER, DELIVERY_HOOKS],
    };
  }
}

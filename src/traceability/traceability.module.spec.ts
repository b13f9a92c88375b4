import { Injectable, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DELIVERY_HOOKS, DeliveryHooks } from './delivery-hooks';
import { inventoryIdSyntax, isInventoryId } from './inventory-id';
import { TRACEABILITY_ADAPTER, TraceabilityAdapter } from './traceability.adapter';
import { TraceabilityModule } from './traceability.module';

const TAGS = { pattern: /^T-\d{3}$/, description: 'T- and 3 digits' };

@Injectable()
class FakeAdapter implements Partial<TraceabilityAdapter> {
  readonly displayName = 'FakeState';
  readonly inventoryIds = TAGS;
}

@Injectable()
class FakeHooks implements DeliveryHooks {
  certificatePdf = () => Promise.resolve(Buffer.from('%PDF-'));
  reportDelivered = () => Promise.resolve();
  reportStatusChanged = () => Promise.resolve();
}

@Module({ providers: [FakeAdapter, FakeHooks], exports: [FakeAdapter, FakeHooks] })
class FakeStateModule {}

describe('TraceabilityModule.forRoot', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('binds the adapter chosen by the root and its hooks, and makes its inventory-id syntax the active one at boot', async () => {
    expect(() => inventoryIdSyntax()).toThrow();
    const booted = await Test.createTestingModule({
      imports: [
        TraceabilityModule.forRoot({
          imports: [FakeStateModule],
          adapter: { inject: [FakeAdapter], useFactory: (fake: FakeAdapter) => fake as unknown as TraceabilityAdapter },
          hooks: FakeHooks,
        }),
      ],
    }).compile();
    expect(booted.get(TRACEABILITY_ADAPTER)).toBeInstanceOf(FakeAdapter);
    expect(booted.get(DELIVERY_HOOKS)).toBeInstanceOf(FakeHooks);
    expect(inventoryIdSyntax()).toBe(TAGS);
    expect(isInventoryId('T-123')).toBe(true);
    expect(isInventoryId('1234567890123456')).toBe(false);
  });
});

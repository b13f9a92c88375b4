import { receivesInState, TraceabilityAdapter } from '../traceability/traceability.adapter';
import type { StateSystemDto } from './state-system.dto';

/** Canonical examples of each known id shape, to name the syntax the adapter declares without repeating its pattern. */
const KNOWN_ID_SHAPES: ReadonlyArray<{ example: string; label: string }> = [
  { example: '1234567890123456', label: '16-digit inventory tag' },
  { example: '1A4000000000000000000101', label: '24-character package label' },
];

/** What people call the adapter's inventory ids; a syntax of neither known shape is just "inventory id". */
export function inventoryIdLabel(pattern: RegExp): string {
  return KNOWN_ID_SHAPES.find((s) => pattern.test(s.example))?.label ?? 'inventory id';
}

export function describeStateSystem(adapter: Pick<TraceabilityAdapter, 'displayName' | 'inventoryIds' | 'receivesInState'>): StateSystemDto {
  return {
    name: adapter.displayName,
    inventoryIdLabel: inventoryIdLabel(adapter.inventoryIds.pattern),
    inventoryIdPattern: adapter.inventoryIds.pattern.source,
    inventoryIdDescription: adapter.inventoryIds.description,
    receivesInState: receivesInState(adapter),
  };
}

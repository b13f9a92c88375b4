import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { SampleDetail } from '../../api/types';
import { formatDateTime } from '../../lib/dates';
import { groupLabel } from '../../lib/vocabulary';
import { inventoryIdNoun, useStateSystem } from '../reporting/state-system-api';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" className="num">
        {children || '—'}
      </Text>
    </Stack>
  );
}

export function SampleFacts({ sample }: { sample: SampleDetail }) {
  const system = useStateSystem();
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
        <Fact label="Licensee">
          {sample.licenseeName} ({sample.licenseNumber})
        </Fact>
        <Fact label="Product type">{sample.productType}</Fact>
        <Fact label={`${system.name} ${inventoryIdNoun(system)}`}>{sample.sampleInventoryId}</Fact>
        <Fact label={`Sampled lots (${system.name} ${inventoryIdNoun(system)}s)`}>{sample.inventoryIds.join(', ')}</Fact>
        <Fact label="Manifest">{sample.manifestId}</Fact>
        <Fact label="Declared">
          {sample.quantity} {sample.unit}
        </Fact>
        <Fact label="Received">
          {sample.receivedQuantity ? `${sample.receivedQuantity} ${sample.receivedUnit ?? ''} on ${formatDateTime(sample.receivedAt)}` : '—'}
        </Fact>
        <Fact label="Condition">{sample.condition ?? '—'}</Fact>
        <Fact label="Storage">{sample.storageLocation ?? '—'}</Fact>
        {sample.rejectionReason && <Fact label="Rejection reason">{sample.rejectionReason}</Fact>}
        <Fact label="Released">{formatDateTime(sample.releasedAt)}</Fact>
        <Fact label="COA version">{sample.coaVersion ?? '—'}</Fact>
      </SimpleGrid>
      {sample.panel.length > 0 && (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            Panel{sample.panelSet ? ` (${sample.panelSet})` : ''}:
          </Text>
          {sample.panel.map((g) => (
            <Badge key={g} variant="outline" color="gray.7" size="sm">
              {groupLabel(g)}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

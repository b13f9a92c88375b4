import { Alert, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { keys } from '../../api/queries';
import type { SampleDetail, SamplePage, SampleSummary, SyncResult } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import { capitalise, inventoryIdNoun, useStateSystem } from '../reporting/state-system-api';
import { LabelModal } from './LabelModal';
import { ReceiveModal } from './ReceiveModal';

export default function IntakePage() {
  const qc = useQueryClient();
  const pending = useQuery({
    queryKey: keys.sampleList({ status: ['pending'], intake: true }),
    queryFn: () => call<SamplePage>(api.GET('/v1/samples', { params: { query: { status: ['pending'], limit: 200 } } })),
  });
  const [receiving, setReceiving] = useState<SampleSummary | null>(null);
  const [label, setLabel] = useState<SampleDetail | null>(null);
  const [lastSync, setLastSync] = useState<SyncResult | null>(null);
  const system = useStateSystem();

  const sync = useMutation({
    mutationFn: () => call<SyncResult>(api.POST('/v1/sample-transfers/sync')),
    onSuccess: (r) => {
      setLastSync(r);
      notifySuccess(
        `${r.created} new, ${r.unchanged} already known${r.conflicts.length ? `, ${r.conflicts.length} could not be taken in` : ''}`,
        `Synced from ${system.name}`,
      );
      qc.invalidateQueries({ queryKey: keys.samples });
    },
    onError: (e) => notifyError(e, 'Sync failed'),
  });

  return (
    <>
      <PageHeader
        title="Intake"
        subtitle="Transfers sent to the lab in the state system, waiting to be received."
        actions={
          <Button onClick={() => sync.mutate()} loading={sync.isPending}>
            Sync from {system.name}
          </Button>
        }
      />
      {sync.isPending && (
        <Stack gap={4} mb="md">
          <Text size="sm">Pulling inbound transfers from {system.name}…</Text>
          <Progress value={100} animated striped aria-label="Sync in progress" />
        </Stack>
      )}
      {!system.receivesInState && (
        <Alert color="yellow" mb="md" title={`Receive in ${system.name} too`}>
          {system.name} has no API to receive or reject a transfer: receiving here records it in LabTrace only. Also record each receipt (or rejection) of the
          package in {system.name}.
        </Alert>
      )}
      {lastSync && lastSync.conflicts.length > 0 && (
        <Stack gap={2} mb="md">
          <Text size="sm" fw={600}>
            Not taken in:
          </Text>
          {(lastSync.conflicts as unknown as Array<{ manifestId: string; message: string }>).map((c) => (
            <Text size="sm" key={c.manifestId + c.message}>
              {c.manifestId}: {c.message}
            </Text>
          ))}
        </Stack>
      )}
      <QueryState
        query={pending}
        isEmpty={(d) => d.items.length === 0}
        empty={`No transfers are waiting. Sync to check ${system.name} for new ones.`}
        label="Loading pending transfers"
      >
        {(data) => (
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs" aria-label="Pending transfers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Manifest sample</Table.Th>
                  <Table.Th>Licensee</Table.Th>
                  <Table.Th>Product</Table.Th>
                  <Table.Th>Declared</Table.Th>
                  <Table.Th>Announced</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {s.name}
                      </Text>
                      <Text size="xs" c="dimmed" className="num">
                        {capitalise(inventoryIdNoun(system))} {s.sampleInventoryId} · lots {s.inventoryIds.join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.licenseeName}</Text>
                      <Text size="xs" c="dimmed">
                        {s.licenseNumber}
                      </Text>
                    </Table.Td>
                    <Table.Td>{s.productType}</Table.Td>
                    <Table.Td className="num">
                      {s.quantity} {s.unit}
                    </Table.Td>
                    <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                    <Table.Td>
                      <Group justify="flex-end">
                        <Button size="xs" onClick={() => setReceiving(s)} aria-label={`Receive ${s.name} (${s.sampleInventoryId})`}>
                          Receive
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <ReceiveModal
        sample={receiving}
        onClose={() => setReceiving(null)}
        onReceived={(detail) => {
          setReceiving(null);
          if (detail.status !== 'rejected') setLabel(detail);
        }}
      />
      <LabelModal sample={label} onClose={() => setLabel(null)} />
    </>
  );
}

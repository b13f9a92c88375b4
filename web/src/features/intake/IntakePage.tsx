import { Alert, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { keys } from '../../api/queries';
import type { SampleDetail, SamplePage, SampleSummary, SyncResult } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import { capitalise, inventoryIdNoun, useStateSystem } from '../reporting/state-system-api';
import { hasIntakeFilters, INTAKE_PAGE_SIZE, intakeFiltersFromParams, intakeFiltersToParams, intakeQuery, type IntakeFilters } from './intake-filters';
import { IntakeFiltersBar } from './IntakeFiltersBar';
import { LabelModal } from './LabelModal';
import { ReceiveModal } from './ReceiveModal';
import { describeClaim, syncSummary } from './sync-summary';

export default function IntakePage() {
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => intakeFiltersFromParams(params), [params]);
  // Cursors of the pages before this one: Next pushes, Previous pops, a new filter starts again.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = useMemo(() => intakeQuery(filters, cursor), [filters, cursor]);
  const pending = useQuery({
    queryKey: keys.sampleList({ ...query, intake: true }),
    queryFn: () => call<SamplePage>(api.GET('/v1/samples', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  // Receiving the last transfers of a later page empties it: step back rather than show nothing.
  const emptiedPage = cursors.length > 0 && pending.data?.items.length === 0 && !pending.isPlaceholderData;
  useEffect(() => {
    if (emptiedPage) setCursors((c) => c.slice(0, -1));
  }, [emptiedPage]);
  const setFilters = (next: IntakeFilters) => {
    setCursors([]);
    setParams(intakeFiltersToParams(next), { replace: true });
  };
  const [receiving, setReceiving] = useState<SampleSummary | null>(null);
  const [label, setLabel] = useState<SampleDetail | null>(null);
  const [received, setReceived] = useState<SampleDetail | null>(null);
  const [lastSync, setLastSync] = useState<SyncResult | null>(null);
  const system = useStateSystem();

  const sync = useMutation({
    mutationFn: () => call<SyncResult>(api.POST('/v1/sample-transfers/sync')),
    onSuccess: (r) => {
      setLastSync(r);
      notifySuccess(syncSummary(r), `Synced from ${system.name}`);
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
      {lastSync && lastSync.claimed.length > 0 && (
        <Alert color="orange" mb="md" title={`Announcements overruled by ${system.name}`} data-testid="sync-claimed">
          <Text size="sm" mb={4}>
            {system.name} lists these tags as another licensee’s. Each pending sample now belongs to the sender it names; the licensee that announced it is not
            notified, so contact them.
          </Text>
          {lastSync.claimed.map((c) => (
            <Text size="sm" className="num" key={c.sampleId}>
              {describeClaim(c, system.name)}
            </Text>
          ))}
        </Alert>
      )}
      {received && (
        <Alert
          color={received.status === 'rejected' ? 'orange' : 'green'}
          mb="md"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setReceived(null)}
          title={received.status === 'rejected' ? `${received.name} rejected` : `${received.labCode} received`}
          data-testid="received-banner"
        >
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm">
              {received.name} from {received.licenseeName}
              {received.status === 'rejected' ? ' was rejected.' : ' is in the lab. Its page has the results, custody and label.'}
            </Text>
            <Button component={Link} to={`/samples/${received.id}`} size="xs">
              Open sample {received.labCode ?? ''}
            </Button>
          </Group>
        </Alert>
      )}
      <IntakeFiltersBar value={filters} onChange={setFilters} />
      <QueryState
        query={pending}
        isEmpty={(d) => d.items.length === 0}
        empty={
          hasIntakeFilters(filters) ? 'No pending transfer matches these filters.' : `No transfers are waiting. Sync to check ${system.name} for new ones.`
        }
        label="Loading pending transfers"
      >
        {(data) => (
          <>
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
            <Group justify="space-between" mt="sm" aria-label="Pages">
              <Text size="sm" c="dimmed" aria-live="polite" data-testid="intake-count">
                {pageSummary(cursors.length, data.items.length, !!data.nextCursor)}
              </Text>
              <Group gap="xs">
                <Button variant="default" size="xs" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
                  Previous page
                </Button>
                <Button
                  variant="default"
                  size="xs"
                  disabled={!data.nextCursor}
                  onClick={() => data.nextCursor && setCursors((c) => [...c, data.nextCursor!])}
                  loading={pending.isFetching && pending.isPlaceholderData}
                >
                  Next page
                </Button>
              </Group>
            </Group>
          </>
        )}
      </QueryState>
      <ReceiveModal
        sample={receiving}
        onClose={() => setReceiving(null)}
        onReceived={(detail) => {
          setReceiving(null);
          setReceived(detail);
          if (detail.status !== 'rejected') setLabel(detail);
        }}
      />
      <LabelModal sample={label} onClose={() => setLabel(null)} withSampleLink />
    </>
  );
}

/** "Transfers 26–50, more on the next page": where this page sits, without counting the whole list. */
function pageSummary(pagesBefore: number, onPage: number, more: boolean): string {
  if (onPage === 0) return '';
  const first = pagesBefore * INTAKE_PAGE_SIZE + 1;
  const range = onPage === 1 && first === 1 ? '1 transfer' : `Transfers ${first}–${first + onPage - 1}`;
  return more ? `${range}, more on the next page` : `${range}${pagesBefore > 0 ? ', last page' : ''}`;
}

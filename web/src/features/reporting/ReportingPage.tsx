import { Anchor, Badge, Button, Group, Pagination, SegmentedControl, Select, Table, Text, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { keys } from '../../api/queries';
import type { SamplePage, Submission } from '../../api/types';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { describeDeadline, formatDateTime, getLabTimeZone } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import { StateActionSteps, SubmissionStatusBadge } from './StateAnswer';
import { fetchOutboxPage, nextTryText, pageCount, REFRESH_MS, STATE_SYSTEMS, updatedAtText, type OutboxRow, type StateSystemName } from './outbox';
import { type StateSystem, type SubmissionStatus, useStateSystem } from './state-system-api';

type Filter = 'all' | SubmissionStatus;

const PAGE_SIZE = 25;

export default function ReportingPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const [stateSystem, setStateSystem] = useState<StateSystemName | null>(null);
  const [page, setPage] = useState(1);
  const system = useStateSystem();
  // The screen asks again by itself (and when the window regains focus): deliveries move without anyone clicking.
  const submissions = useQuery({
    queryKey: ['submissions', 'outbox', filter, stateSystem, page],
    queryFn: () => fetchOutboxPage({ status: filter === 'all' ? undefined : filter, system: stateSystem ?? undefined, page, pageSize: PAGE_SIZE }),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: (previous) => previous,
  });
  const released = useQuery({
    queryKey: keys.sampleList({ status: ['released'], reporting: true }),
    queryFn: () => call<SamplePage>(api.GET('/v1/samples', { params: { query: { status: ['released'], limit: 200 } } })),
    refetchInterval: REFRESH_MS,
  });
  const labCodes = useMemo(() => new Map((released.data?.items ?? []).map((s) => [s.id, s.labCode])), [released.data]);
  const total = submissions.data?.total ?? 0;
  const pages = pageCount(total, PAGE_SIZE);

  return (
    <>
      <PageHeader
        title="State reporting"
        subtitle={`Results reported to ${system.name}. NY requires them within 48 hours of release; a dead submission needs a manager's retry, and one that needs action in ${system.name} lists the steps for a manager.`}
      />
      <Group mb="md" align="flex-end" wrap="wrap" gap="sm">
        <SegmentedControl
          value={filter}
          onChange={(v) => {
            setFilter(v as Filter);
            setPage(1);
          }}
          data={[
            { value: 'all', label: 'All' },
            { value: 'pending', label: 'Pending' },
            { value: 'delivered', label: 'Delivered' },
            { value: 'dead', label: 'Dead' },
            { value: 'needs_state_action', label: `Needs action in ${system.name}` },
            { value: 'superseded', label: 'Superseded' },
          ]}
          aria-label="Submission status"
        />
        <Select
          label="State system"
          placeholder="All systems"
          data={[...STATE_SYSTEMS]}
          value={stateSystem}
          onChange={(v) => {
            setStateSystem(v as StateSystemName | null);
            setPage(1);
          }}
          clearable
          w={170}
        />
        <Text size="xs" c="dimmed" data-testid="refreshed-at">
          {submissions.dataUpdatedAt ? updatedAtText(submissions.dataUpdatedAt, getLabTimeZone()) : ''}
        </Text>
        <Button variant="default" size="xs" onClick={() => void submissions.refetch()} loading={submissions.isFetching && !submissions.isLoading}>
          Refresh now
        </Button>
      </Group>
      <QueryState query={submissions} isEmpty={(d) => d.items.length === 0} empty="No submissions with this status." label="Loading submissions">
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={1000}>
              <Table striped verticalSpacing="xs" aria-label={`Submissions to ${system.name}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Sample</Table.Th>
                    <Table.Th>COA</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Tries</Table.Th>
                    <Table.Th>Deadline</Table.Th>
                    <Table.Th>Why it waits / last answer</Table.Th>
                    <Table.Th>Delivered / next try</Table.Th>
                    <Table.Th aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((s) => (
                    <SubmissionRow key={s.id} submission={s} labCode={labCodes.get(s.sampleId) ?? null} system={system} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" mt="sm">
              <Text size="sm" c="dimmed">
                {data.offset + 1}–{data.offset + data.items.length} of {data.total}
              </Text>
              {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" aria-label="Pages of submissions" />}
            </Group>
          </>
        )}
      </QueryState>
    </>
  );
}

function SubmissionRow({ submission: s, labCode, system }: { submission: OutboxRow; labCode: string | null; system: StateSystem }) {
  const { hasRole } = useSession();
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => call<Submission>(api.POST('/v1/biotrack/submissions/{id}/retry', { params: { path: { id: s.id } } })),
    onSuccess: () => {
      notifySuccess('Queued for delivery again', 'Retry');
      qc.invalidateQueries({ queryKey: ['submissions'] });
    },
    onError: (e) => notifyError(e, 'Retry refused'),
  });
  const deadline = describeDeadline(s.deadlineAt);
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/samples/${s.sampleId}`} size="sm" fw={600}>
          {labCode ?? `${s.sampleId.slice(0, 8)}…`}
        </Anchor>
      </Table.Td>
      <Table.Td>
        v{s.coaVersion} {s.kind === 'amend' ? '(amendment)' : ''}
      </Table.Td>
      <Table.Td>
        <SubmissionStatusBadge status={s.status} system={system} />
        {s.atRisk && s.status !== 'delivered' && (
          <Badge color="orange" variant="outline" ml={4}>
            at risk
          </Badge>
        )}
      </Table.Td>
      <Table.Td className="num">
        <Tooltip label={s.tries === 1 ? '1 try made' : `${s.tries} tries made`}>
          <span>{s.tries}</span>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Tooltip label={`Released ${formatDateTime(s.releasedAt)}`}>
          <Text size="sm">{formatDateTime(s.deadlineAt)}</Text>
        </Tooltip>
        {s.status !== 'delivered' && (
          <Text size="xs" c={deadline.overdue ? 'red.9' : 'dimmed'}>
            {deadline.text}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {s.waiting ? (
          <Text size="xs" style={{ wordBreak: 'break-word' }} data-testid="wait-reason" data-kind={s.waiting.kind}>
            {s.waiting.message}
          </Text>
        ) : (
          <Text size="xs" style={{ wordBreak: 'break-word' }}>
            {s.status === 'needs_state_action' ? '' : (s.lastError ?? '')}
          </Text>
        )}
        <StateActionSteps submission={s} system={system} canConfirm={hasRole('manager')} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={s.waiting?.kind === 'worker' ? 'red.9' : undefined}>
          {s.status === 'delivered' ? formatDateTime(s.deliveredAt) : (nextTryText(s, formatDateTime) ?? '')}
        </Text>
        {s.system && s.system !== system.name && (
          <Text size="xs" c="dimmed">
            for {s.system}
          </Text>
        )}
        {s.stateResultId && (
          <Text size="xs" c="dimmed" className="num">
            {system.name} id {s.stateResultId}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {s.status === 'dead' && hasRole('manager') && (
          <Button size="xs" color="orange" onClick={() => retry.mutate()} loading={retry.isPending}>
            Retry
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

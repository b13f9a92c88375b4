import { Anchor, Badge, Button, SegmentedControl, Table, Text, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { keys } from '../../api/queries';
import type { SamplePage, Submission } from '../../api/types';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { describeDeadline, formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import { StateActionSteps, SubmissionStatusBadge } from './StateAnswer';
import { type StateSystem, type SubmissionStatus, useStateSubmissions, useStateSystem } from './state-system-api';

type Filter = 'all' | SubmissionStatus;

export default function ReportingPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const system = useStateSystem();
  const submissions = useStateSubmissions(filter === 'all' ? undefined : filter);
  const released = useQuery({
    queryKey: keys.sampleList({ status: ['released'], reporting: true }),
    queryFn: () => call<SamplePage>(api.GET('/v1/samples', { params: { query: { status: ['released'], limit: 200 } } })),
  });
  const labCodes = useMemo(() => new Map((released.data?.items ?? []).map((s) => [s.id, s.labCode])), [released.data]);

  return (
    <>
      <PageHeader
        title="State reporting"
        subtitle={`Results reported to ${system.name}. NY requires them within 48 hours of release; a dead submission needs a manager's retry, and one that needs action in ${system.name} lists the steps for a manager.`}
      />
      <SegmentedControl
        mb="md"
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={[
          { value: 'all', label: 'All' },
          { value: 'pending', label: 'Pending' },
          { value: 'delivered', label: 'Delivered' },
          { value: 'dead', label: 'Dead' },
          { value: 'needs_state_action', label: `Needs action in ${system.name}` },
        ]}
        aria-label="Submission status"
      />
      <QueryState query={submissions} isEmpty={(d) => d.length === 0} empty="No submissions with this status." label="Loading submissions">
        {(rows) => (
          <Table.ScrollContainer minWidth={960}>
            <Table striped verticalSpacing="xs" aria-label={`Submissions to ${system.name}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Sample</Table.Th>
                  <Table.Th>COA</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Deadline</Table.Th>
                  <Table.Th>Last error / action needed</Table.Th>
                  <Table.Th>Delivered / next try</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((s) => (
                  <SubmissionRow key={s.id} submission={s} labCode={labCodes.get(s.sampleId) ?? null} system={system} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </>
  );
}

function SubmissionRow({ submission: s, labCode, system }: { submission: Submission; labCode: string | null; system: StateSystem }) {
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
      <Table.Td className="num">{s.attempts}</Table.Td>
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
        <Text size="xs" style={{ wordBreak: 'break-word' }}>
          {s.status === 'needs_state_action' ? '' : (s.lastError ?? '')}
        </Text>
        <StateActionSteps submission={s} system={system} canConfirm={hasRole('manager')} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{s.status === 'delivered' ? formatDateTime(s.deliveredAt) : formatDateTime(s.nextAttemptAt)}</Text>
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

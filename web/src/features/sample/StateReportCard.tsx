import { Card, Stack, Table, Text, Title } from '@mantine/core';
import type { SampleDetail } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { StateActionSteps, SubmissionStatusBadge } from '../reporting/StateAnswer';
import { useSampleSubmissions, useStateSystem } from '../reporting/state-system-api';

/** What the state system was sent for this sample and what it answered, one row per COA version. */
export function StateReportCard({ sample }: { sample: SampleDetail }) {
  const system = useStateSystem();
  const { hasRole } = useSession();
  const submissions = useSampleSubmissions(sample.id, !!sample.coaVersion);
  if (!sample.coaVersion) return null;
  return (
    <Card withBorder mb="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Reported to {system.name}
        </Title>
        <QueryState
          query={submissions}
          isEmpty={(rows) => rows.length === 0}
          empty={`Nothing has been sent to ${system.name} for this sample.`}
          label={`Loading what was sent to ${system.name}`}
        >
          {(rows) => (
            <Table verticalSpacing={4} aria-label={`Reports of this sample to ${system.name}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>COA</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>{system.name} id</Table.Th>
                  <Table.Th>Delivered / deadline</Table.Th>
                  <Table.Th>Last error / action needed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      v{s.coaVersion} {s.kind === 'amend' ? '(amendment)' : ''}
                    </Table.Td>
                    <Table.Td>
                      <SubmissionStatusBadge status={s.status} system={system} />
                      <Text size="xs" c="dimmed">
                        {triesText(s.tries ?? s.attempts)}
                      </Text>
                    </Table.Td>
                    <Table.Td className="num">{s.stateResultId ?? '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.status === 'delivered' ? formatDateTime(s.deliveredAt) : `due ${formatDateTime(s.deadlineAt)}`}</Text>
                    </Table.Td>
                    <Table.Td>
                      {s.status !== 'needs_state_action' && (
                        <Text size="xs" style={{ wordBreak: 'break-word' }}>
                          {s.waiting?.message ?? s.lastError ?? ''}
                        </Text>
                      )}
                      <StateActionSteps submission={s} system={system} canConfirm={hasRole('manager')} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}

/** Tries made, as people count them: the one that delivered included. */
function triesText(tries: number): string {
  return tries === 1 ? '1 try' : `${tries} tries`;
}

import { Anchor, Grid, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { keys } from '../../api/queries';
import type { SamplePage, SampleSummary } from '../../api/types';
import { VerdictBadge } from '../../components/badges';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { ReviewPanel } from './ReviewPanel';

/** For a submitted sample, the time it entered its status is its submission time. */
const submittedAt = (s: SampleSummary) => s.statusSince ?? s.updatedAt;

export default function ReviewQueuePage() {
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('sample');
  const queue = useQuery({
    queryKey: keys.sampleList({ status: ['submitted'], review: true, sort: 'oldest_in_status' }),
    // Oldest submission first: the sample that has waited longest is reviewed first.
    queryFn: () => call<SamplePage>(api.GET('/v1/samples', { params: { query: { status: ['submitted'], sort: 'oldest_in_status', limit: 200 } } })),
    refetchInterval: 30_000,
  });
  // A released sample leaves the queue at once; its panel stays to show the rendered COA.
  const last = useRef<SampleSummary | null>(null);
  const found = queue.data?.items.find((s) => s.id === selectedId);
  if (found) last.current = found;
  const selected = found ?? (last.current?.id === selectedId ? last.current : undefined);

  return (
    <>
      <PageHeader title="Review queue" subtitle="Submitted samples. A manager who did not enter the results approves and releases the COA." />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: selected ? 4 : 12 }}>
          <QueryState query={queue} isEmpty={(d) => d.items.length === 0} empty="Nothing is waiting for review." label="Loading review queue">
            {(data) => (
              <Table highlightOnHover verticalSpacing="xs" aria-label="Submitted samples">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Sample</Table.Th>
                    <Table.Th>Result</Table.Th>
                    <Table.Th>Submitted</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Sample page</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((s) => (
                    <Table.Tr key={s.id} bg={s.id === selectedId ? 'indigo.0' : undefined}>
                      <Table.Td>
                        <UnstyledButton onClick={() => setParams({ sample: s.id })} aria-current={s.id === selectedId ? 'true' : undefined}>
                          <Text fw={600} size="sm" c="indigo.8" td="underline" style={{ whiteSpace: 'nowrap' }}>
                            {s.labCode}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {s.name} · {s.licenseeName}
                          </Text>
                        </UnstyledButton>
                      </Table.Td>
                      <Table.Td>
                        <VerdictBadge status={s.resultStatus} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(submittedAt(s))}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/samples/${s.id}`} size="sm" style={{ whiteSpace: 'nowrap' }} aria-label={`Open sample ${s.labCode}`}>
                          Open sample
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </QueryState>
        </Grid.Col>
        {selected && (
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <ReviewPanel key={selected.id} sample={selected} onDone={() => setParams({})} />
          </Grid.Col>
        )}
      </Grid>
    </>
  );
}

import { Anchor, Button, Group, MultiSelect, Select, Table, Text, TextInput } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { keys, useCounts, useLicensees, useSubmissions } from '../../api/queries';
import type { SamplePage, Submission } from '../../api/types';
import { SAMPLE_STATUS_ORDER, SampleStatusBadge, VerdictBadge, sampleStatusLabel } from '../../components/badges';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { PRODUCT_TYPES } from '../../lib/vocabulary';
import { ReportingClock } from './ReportingClock';
import { StatusCounts } from './StatusCounts';
import { EMPTY_FILTERS, filtersFromParams, filtersToParams, filtersToQuery, type WorklistFilters } from './worklist-filters';

export default function WorklistPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const [q, setQ] = useState(filters.q);
  const set = (patch: Partial<WorklistFilters>) => setParams(filtersToParams({ ...filters, ...patch }), { replace: true });

  // Typing in the search box asks the API once the person pauses.
  useEffect(() => {
    if (q === filters.q) return;
    const t = window.setTimeout(() => set({ q }), 300);
    return () => window.clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  const query = useMemo(() => filtersToQuery(filters), [filters]);
  const samples = useInfiniteQuery({
    queryKey: keys.sampleList(query),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call<SamplePage>(api.GET('/v1/samples', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}), limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const counts = useCounts();
  const licensees = useLicensees();
  const submissions = useSubmissions();
  const byRelease = useMemo(() => {
    const m = new Map<string, Submission>();
    for (const s of submissions.data ?? []) m.set(`${s.sampleId}:${s.coaVersion}`, s);
    return m;
  }, [submissions.data]);

  const [now, setNow] = useState(() => Date.now());
  const tick = useInterval(() => setNow(Date.now()), 60_000);
  useEffect(() => {
    tick.start();
    return tick.stop;
  }, [tick]);

  return (
    <>
      <PageHeader title="Worklist" subtitle="Samples by status; released samples show the 48-hour state reporting clock." />
      <StatusCounts counts={counts.data} selected={filters.status} onSelect={(status) => set({ status })} />
      <Group gap="sm" align="flex-end" mb="md" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Lab code, tag or name"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', xs: 240 }}
          data-shortcut="search"
        />
        <MultiSelect
          label="Status"
          data={SAMPLE_STATUS_ORDER.map((s) => ({ value: s, label: sampleStatusLabel(s) }))}
          value={filters.status}
          onChange={(status) => set({ status })}
          clearable
          w={240}
        />
        <Select
          label="Licensee"
          data={(licensees.data ?? []).map((l) => ({ value: l.licenseNumber, label: `${l.name} (${l.licenseNumber})` }))}
          value={filters.licenseNumber || null}
          onChange={(v) => set({ licenseNumber: v ?? '' })}
          clearable
          searchable
          w={260}
        />
        <Select
          label="Product type"
          data={[...PRODUCT_TYPES]}
          value={filters.productType || null}
          onChange={(v) => set({ productType: v ?? '' })}
          clearable
          w={150}
        />
        <TextInput label="Received from" type="date" value={filters.receivedFrom} onChange={(e) => set({ receivedFrom: e.currentTarget.value })} w={160} />
        <TextInput label="Received to" type="date" value={filters.receivedTo} onChange={(e) => set({ receivedTo: e.currentTarget.value })} w={160} />
        <Button
          variant="subtle"
          onClick={() => {
            setQ('');
            setParams(filtersToParams(EMPTY_FILTERS), { replace: true });
          }}
        >
          Clear filters
        </Button>
      </Group>
      <QueryState query={samples} isEmpty={(d) => d.pages[0].items.length === 0} empty="No samples match these filters." label="Loading samples">
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table striped highlightOnHover verticalSpacing="xs" aria-label="Samples">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Lab code</Table.Th>
                    <Table.Th>Sample</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Result</Table.Th>
                    <Table.Th>Received</Table.Th>
                    <Table.Th>State report</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.pages
                    .flatMap((p) => p.items)
                    .map((s) => (
                      <Table.Tr key={s.id}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Anchor component={Link} to={`/samples/${s.id}`} fw={600} className="num">
                            {s.labCode ?? `Tag …${s.sampleInventoryId.slice(-6)}`}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{s.name}</Text>
                          <Text size="xs" c="dimmed">
                            {s.productType} · {s.licenseeName} · <span className="num">{s.sampleInventoryId}</span>
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <SampleStatusBadge status={s.status} />
                        </Table.Td>
                        <Table.Td>
                          <VerdictBadge status={s.resultStatus} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatDateTime(s.receivedAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {s.status === 'released' && (
                            <ReportingClock releasedAt={s.releasedAt} submission={byRelease.get(`${s.id}:${s.coaVersion}`)} now={now} />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="center" mt="md">
              {samples.hasNextPage ? (
                <Button variant="default" onClick={() => samples.fetchNextPage()} loading={samples.isFetchingNextPage}>
                  Load more
                </Button>
              ) : (
                <Text size="sm" c="dimmed">
                  {data.pages.reduce((n, p) => n + p.items.length, 0)} sample(s), end of list
                </Text>
              )}
            </Group>
          </>
        )}
      </QueryState>
    </>
  );
}

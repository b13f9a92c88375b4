import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { GroupResult, SampleResults } from '../../api/types';
import { VerdictBadge } from '../../components/badges';
import { formatDate } from '../../lib/dates';
import { groupLabel } from '../../lib/vocabulary';
import { useAnalyteVocabulary } from '../results/use-vocabulary';
import { EdiblePotency } from './EdiblePotency';
import { NotTestedControls } from './NotTestedControls';
import { notTestedOf } from './not-tested-api';

function shownValue(a: { value: string | null; qualifier: string | null }): string {
  if (a.qualifier && a.value) return `${a.qualifier} ${a.value}`;
  return a.qualifier ?? a.value ?? '—';
}

const distinct = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => !!v))];

/** The method(s), instrument(s) and day(s) a group's entered rows name, as the COA prints them per group. */
function GroupProvenance({ group }: { group: GroupResult }) {
  const entered = group.analytes.filter((a) => !a.computed);
  if (entered.length === 0) return null;
  const methods = distinct(entered.map((a) => a.method));
  const instruments = distinct(entered.map((a) => a.instrument));
  const days = distinct(entered.map((a) => (a.analysedAt ? formatDate(a.analysedAt) : null)));
  return (
    <Text size="xs" mb={4} data-testid={`provenance-${group.group}`}>
      <Text span fw={600}>
        Method:
      </Text>{' '}
      {methods.length ? (
        methods.join('; ')
      ) : (
        <Text span c="orange.9">
          not recorded
        </Text>
      )}
      {instruments.length > 0 && ` · ${instruments.join('; ')}`}
      {' · '}
      <Text span fw={600}>
        Analysed:
      </Text>{' '}
      {days.length ? (
        days.join(', ')
      ) : (
        <Text span c="orange.9">
          not recorded
        </Text>
      )}
    </Text>
  );
}

/**
 * Each required group with its PASS / FAIL / INCOMPLETE chip, every analyte beside its limit, what a
 * complete panel still misses and what was marked not tested (a manager may mark while it is open).
 */
export function ResultsByGroup({
  results,
  qcAnalytes,
  canMarkNotTested = false,
}: {
  results: SampleResults;
  qcAnalytes?: Set<string>;
  canMarkNotTested?: boolean;
}) {
  const present = new Set(results.groups.map((g) => g.group));
  const vocabulary = useAnalyteVocabulary();
  const nameOf = (id: string) => vocabulary.data?.find((v) => v.id === id)?.name ?? id;
  return (
    <Stack gap="md">
      <Group gap="sm">
        <Text fw={600}>Sample</Text>
        <VerdictBadge status={results.status} size="md" />
        <Text size="sm" c="dimmed">
          {results.reason}
        </Text>
      </Group>
      {results.totals && (
        <Text size="sm" className="num">
          Total THC {results.totals.totalThc ?? '—'} {results.totals.unit} · Total CBD {results.totals.totalCbd ?? '—'} {results.totals.unit}
          <Text span size="xs" c="dimmed">
            {' '}
            (computed: THC + 0.877 × THCA, CBD + 0.877 × CBDA)
          </Text>
        </Text>
      )}
      {results.limitSet && (
        <Text size="xs" c="dimmed">
          Judged against limit set {results.limitSet.name} (effective {results.limitSet.effectiveDate})
        </Text>
      )}
      {results.edible && <EdiblePotency results={results} />}
      {results.groups.map((g) => (
        <Card key={g.group} withBorder padding="sm">
          <Group justify="space-between" mb="xs">
            <Group gap="xs">
              <Title order={3} size="h5">
                {groupLabel(g.group)}
              </Title>
              <VerdictBadge status={g.status} />
            </Group>
            <Text size="xs" c="dimmed">
              {g.reason}
            </Text>
          </Group>
          <GroupProvenance group={g} />
          <NotTestedControls sampleId={results.sampleId} missing={g.missingAnalytes} notTested={notTestedOf(g)} canMark={canMarkNotTested} nameOf={nameOf} />
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={4} fz="sm" aria-label={`${groupLabel(g.group)} results`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Analyte</Table.Th>
                  <Table.Th ta="right">Result</Table.Th>
                  <Table.Th>Unit</Table.Th>
                  <Table.Th>Limit</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">LOD / LOQ</Table.Th>
                  <Table.Th>Source</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {g.analytes.map((a) => (
                  <Table.Tr key={a.analyte}>
                    <Table.Td>
                      {a.name}
                      {a.computed && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          (computed)
                        </Text>
                      )}
                      {qcAnalytes?.has(a.analyte) && (
                        <Text span size="xs" c="red.9" fw={600}>
                          {' '}
                          QC flag
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" className="num">
                      {shownValue(a)}
                    </Table.Td>
                    <Table.Td>{a.unit}</Table.Td>
                    <Table.Td className="num">{a.limit ?? '—'}</Table.Td>
                    <Table.Td>
                      <VerdictBadge status={a.status} size="xs" />
                      {(a.status === 'inconclusive' || a.status === 'fail') && a.reason && (
                        <Text size="xs" c={a.status === 'fail' ? 'red.9' : 'orange.9'} maw={280}>
                          {a.reason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" className="num">
                      {a.lod ?? '—'} / {a.loq ?? '—'}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{a.sourceType.replace('_', ' ')}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      ))}
      {results.requiredGroups
        .filter((g) => !present.has(g as never))
        .map((g) => (
          <Card key={g} withBorder padding="sm">
            <Group gap="xs">
              <Title order={3} size="h5">
                {groupLabel(g)}
              </Title>
              <VerdictBadge status="incomplete" />
              <Text size="xs" c="dimmed">
                No results yet
              </Text>
            </Group>
          </Card>
        ))}
    </Stack>
  );
}

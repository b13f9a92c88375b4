import { Alert, Anchor, Badge, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { matchedRowCount, matchedSamples, type InstrumentImportSummary } from '../../api/imports';
import { VerdictBadge } from '../../components/badges';

function Stat({ label, value, tone }: { label: string; value: number | string; tone?: string }) {
  return (
    <Stack gap={0} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={tone} className="num">
        {value}
      </Text>
    </Stack>
  );
}

/** What the import did (or, for a dry run, would do): every row is stored, QC, or rejected with why. */
export function InstrumentPreview({ summary }: { summary: InstrumentImportSummary }) {
  const samples = matchedSamples(summary);
  return (
    <Stack gap="md" data-testid="import-preview">
      <Group gap="xs">
        <Badge variant="light">{summary.format}</Badge>
        {summary.dryRun ? (
          <Badge color="yellow.4" autoContrast>
            Dry run: nothing stored
          </Badge>
        ) : (
          <Badge color="green.8">Stored</Badge>
        )}
        {summary.duplicate && <Badge color="gray">Already imported</Badge>}
        {summary.filename && (
          <Text size="sm" c="dimmed">
            {summary.filename}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        <Stat label="Rows read" value={summary.rows} />
        <Stat label={summary.dryRun ? 'Would store' : 'Stored'} value={summary.dryRun ? matchedRowCount(summary) : summary.stored} />
        <Stat label="Unmatched" value={summary.unmatched.length} tone={summary.unmatched.length ? 'red.9' : undefined} />
        <Stat label="Unknown analytes" value={summary.unknownAnalytes.length} tone={summary.unknownAnalytes.length ? 'orange.9' : undefined} />
        <Stat label="QC rows" value={summary.qcVerdicts.length} />
      </SimpleGrid>
      {samples.length > 0 && (
        <div>
          <Title order={3} size="h5" mb={4}>
            Matched samples
          </Title>
          <Group gap="xs">
            {samples.map((m) => (
              <Anchor key={m.sampleId} component={Link} to={`/samples/${m.sampleId}`} size="sm">
                {m.labCode ?? m.sampleId} ({m.rows} rows)
              </Anchor>
            ))}
          </Group>
        </div>
      )}
      {summary.unmatched.length > 0 && (
        <div>
          <Title order={3} size="h5" mb={4}>
            Not matched
          </Title>
          <Table.ScrollContainer minWidth={560}>
            <Table fz="sm" verticalSpacing={2} aria-label="Rows not matched">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Line</Table.Th>
                  <Table.Th>Sample</Table.Th>
                  <Table.Th>Analyte</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.unmatched.map((u, i) => (
                  <Table.Tr key={`${u.line}-${i}`}>
                    <Table.Td className="num">{u.line}</Table.Td>
                    <Table.Td>{u.sampleRef}</Table.Td>
                    <Table.Td>{u.analyte ?? ''}</Table.Td>
                    <Table.Td>{u.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      {summary.unknownAnalytes.length > 0 && (
        <div>
          <Title order={3} size="h5" mb={4}>
            Unknown analytes
          </Title>
          <Group gap={6}>
            {summary.unknownAnalytes.map((a) => (
              <Badge key={a} variant="outline" color="orange">
                {a}
              </Badge>
            ))}
          </Group>
        </div>
      )}
      {summary.qcVerdicts.length > 0 && (
        <div>
          <Title order={3} size="h5" mb={4}>
            QC verdicts
          </Title>
          <Table.ScrollContainer minWidth={560}>
            <Table fz="sm" verticalSpacing={2} aria-label="QC verdicts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Line</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Row</Table.Th>
                  <Table.Th>Analyte</Table.Th>
                  <Table.Th>Verdict</Table.Th>
                  <Table.Th>Detail</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.qcVerdicts.map((q, i) => (
                  <Table.Tr key={`${q.line}-${q.analyte}-${i}`}>
                    <Table.Td className="num">{q.line ?? ''}</Table.Td>
                    <Table.Td>{q.kind}</Table.Td>
                    <Table.Td>{q.sampleRef ?? ''}</Table.Td>
                    <Table.Td>{q.analyte ?? ''}</Table.Td>
                    <Table.Td>
                      {q.verdict === 'not_judged' ? (
                        <Badge variant="outline" color="gray.7" size="xs">
                          not judged
                        </Badge>
                      ) : (
                        <VerdictBadge status={q.verdict} size="xs" />
                      )}
                    </Table.Td>
                    <Table.Td>{q.detail ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      {summary.warnings.length > 0 && (
        <Alert color="yellow" title="Warnings">
          <List size="sm">
            {summary.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

import { Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { evidenceBadge, evidenceExplanation, GENERIC_COLUMNS, GENERIC_FORMAT, type InstrumentFormatView } from './formats';

/** Real-file proof or documentation only: outline badges keep the text at full contrast. */
export function EvidenceBadge({ format, size = 'sm' }: { format: InstrumentFormatView; size?: 'xs' | 'sm' }) {
  return (
    <Badge variant="outline" color={format.evidence === 'real-files' ? 'green.9' : 'gray.7'} size={size} tt="none">
      {evidenceBadge(format)}
    </Badge>
  );
}

/** Every format the import detects, each with what it was proven on, so nobody takes documentation for proof. */
export function FormatList({ formats }: { formats: InstrumentFormatView[] }) {
  const proven = formats.filter((f) => f.evidence === 'real-files').length;
  return (
    <Card withBorder data-testid="format-list">
      <Stack gap="xs">
        <div>
          <Title order={2} size="h4">
            Formats LabTrace reads
          </Title>
          <Text size="sm" c="dimmed">
            {proven} of {formats.length} are proven on exports real instruments wrote; the others were built from vendor documentation. A file is detected from
            its content; choose a format only to hear that format&apos;s own reason for refusing a file.
          </Text>
        </div>
        <Table.ScrollContainer minWidth={640}>
          <Table fz="sm" verticalSpacing={4} aria-label="Instrument formats">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Format</Table.Th>
                <Table.Th>Evidence</Table.Th>
                <Table.Th>What that means</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {formats.map((f) => (
                <Table.Tr key={f.format} data-format={f.format}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {f.label}
                    </Text>
                    {f.format === GENERIC_FORMAT && (
                      <Group gap={4} mt={2} aria-label="Generic CSV columns">
                        {GENERIC_COLUMNS.map((c) => (
                          <Badge key={c} variant="light" color="gray" size="xs" tt="none" ff="monospace">
                            {c}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <EvidenceBadge format={f} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{evidenceExplanation(f)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}

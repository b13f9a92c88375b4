import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { evidenceBadge, evidenceExplanation, GENERIC_COLUMNS, GENERIC_FORMAT, templateFile, type InstrumentFormatView } from './formats';

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
                    {f.description && (
                      <Text size="xs" c="dimmed" mt={2}>
                        {f.description}
                      </Text>
                    )}
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
        {formats
          .filter((f) => f.format === GENERIC_FORMAT && f.columns)
          .map((f) => (
            <GenericCsvGuide key={f.format} format={f} />
          ))}
      </Stack>
    </Card>
  );
}

/** The generic CSV's columns, each with what goes in it, and its template to download and fill in. */
function GenericCsvGuide({ format }: { format: InstrumentFormatView }) {
  function download() {
    const { name, blob } = templateFile(format.template!);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <Stack gap="xs" data-testid="generic-csv-guide">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3} size="h5">
            The generic CSV, column by column
          </Title>
          <Text size="sm" c="dimmed">
            One result per row, with this header line; any other file can be mapped to these columns when it is refused.
          </Text>
        </div>
        {format.template && (
          <Button variant="light" size="xs" onClick={download}>
            Download the template
          </Button>
        )}
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table fz="sm" verticalSpacing={2} aria-label="What goes in each column of the generic CSV">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column</Table.Th>
              <Table.Th>Needed</Table.Th>
              <Table.Th>What goes in it</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {format.columns!.map((c) => (
              <Table.Tr key={c.name}>
                <Table.Td ff="monospace">{c.name}</Table.Td>
                <Table.Td>{c.required ? 'required' : 'optional'}</Table.Td>
                <Table.Td>{c.meaning}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

import { Alert, Badge, Group, List, Stack, Text } from '@mantine/core';
import { ColumnMappingPanel, type MappingFields } from './ColumnMappingPanel';
import { closestFacts, GENERIC_FORMAT, type InstrumentFormatView, type Refusal } from './formats';

/**
 * Why no format claimed the file, in plain words: not a text export, or the closest format with what the
 * file has, what it lacks and what stands in its place; then, for a table, the offer to map its columns.
 */
export function RefusalPanel({
  refusal,
  formats,
  examples,
  canSave,
  onPreview,
}: {
  refusal: Refusal;
  formats: InstrumentFormatView[];
  examples: string[];
  canSave: boolean;
  onPreview: (fields: MappingFields) => Promise<void>;
}) {
  const labelOf = (format: string) => formats.find((f) => f.format === format)?.label ?? format;
  const evidence = refusal.closest && formats.find((f) => f.format === refusal.closest!.format);

  if (refusal.reason === 'not_text')
    return (
      <Alert color="red" title="Not a text export: nothing was stored" role="alert" data-testid="import-refusal">
        <Stack gap={4}>
          <Text size="sm">{sentence(refusal.why)}</Text>
          {!/as CSV or text/i.test(refusal.why) && <Text size="sm">Export the results from the instrument software as CSV or text and upload that file.</Text>}
        </Stack>
      </Alert>
    );

  const closest = refusal.closest;
  const facts = closest && closestFacts(closest);
  return (
    <Stack gap="sm">
      <Alert color="red" title="No format LabTrace reads matched this file: nothing was stored" role="alert" data-testid="import-refusal">
        <Stack gap={6}>
          {refusal.reason === 'empty' && <Text size="sm">The file has no text.</Text>}
          {closest && facts && (
            <div data-testid="closest-format">
              <Group gap="xs" mb={2}>
                <Text size="sm" fw={600}>
                  {closest.format === GENERIC_FORMAT ? 'No vendor layout came close; closest format: ' : 'Closest format: '}
                  {closest.label}
                  {closest.layout ? ` (${closest.layout})` : ''}
                </Text>
                {closest.format !== GENERIC_FORMAT && (
                  <Badge variant="outline" color="gray.7" size="xs" tt="none">
                    {Math.round(closest.score * 100)}% of its markers
                  </Badge>
                )}
                {evidence && evidence.evidence === 'documentation' && closest.format !== GENERIC_FORMAT && (
                  <Badge variant="outline" color="gray.7" size="xs" tt="none">
                    from documentation
                  </Badge>
                )}
              </Group>
              <List size="sm" spacing={2}>
                {facts.has && <List.Item>It has {facts.has}.</List.Item>}
                <List.Item>
                  <strong>{facts.lacks}</strong>
                </List.Item>
                {facts.instead && <List.Item>{facts.instead}</List.Item>}
              </List>
            </div>
          )}
          {!closest && refusal.reason === 'no_format_matched' && <Text size="sm">{sentence(refusal.why)}</Text>}
          {refusal.tried.length > 0 && (
            <Text size="xs">Tried: {refusal.tried.map(labelOf).join('; ')}. Choose a format above to see that format&apos;s own reason.</Text>
          )}
        </Stack>
      </Alert>
      {refusal.mapping && <ColumnMappingPanel offer={refusal.mapping} examples={examples} canSave={canSave} onPreview={onPreview} />}
    </Stack>
  );
}

function sentence(text: string): string {
  const t = text.trim();
  return t ? `${t[0].toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : t;
}

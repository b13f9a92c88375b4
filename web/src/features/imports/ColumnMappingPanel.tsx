import { Alert, Button, Card, Group, List, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { buildMapping, guessRoles, IGNORE, INSTRUMENT_NAME, ROLE_LABELS, type MappingOffer } from './formats';

/** The upload's extra form fields a mapping adds: a saved instrument's name, or a one-off mapping. */
export type MappingFields = { instrument: string } | { columnMapping: string };

/**
 * The refused file's own header, each column given a role (sample, analyte, value, unit, ...). A manager
 * saves it for an instrument and the file is previewed again through it; anyone can preview once with it.
 */
export function ColumnMappingPanel({
  offer,
  examples,
  canSave,
  onPreview,
}: {
  offer: MappingOffer;
  /** The file's first data row, cell by cell, to show what each column holds. */
  examples: string[];
  canSave: boolean;
  onPreview: (fields: MappingFields) => Promise<void>;
}) {
  const roles = [...offer.required, ...offer.optional];
  const [chosen, setChosen] = useState<string[]>(() => guessRoles(offer.headers, roles));
  const [instrument, setInstrument] = useState('');
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { mapping, problems } = buildMapping(offer.headers, chosen, offer.required);
  const nameProblem = instrument.trim() === '' ? null : INSTRUMENT_NAME.test(instrument.trim()) ? null : 'Letters, digits, space . _ - only (at most 80)';
  const options = [
    { value: IGNORE, label: '(ignore)' },
    ...roles.map((r) => ({ value: r, label: `${ROLE_LABELS[r] ?? r}${offer.required.includes(r) ? ' *' : ''}` })),
  ];

  async function save() {
    const name = instrument.trim();
    setBusy(true);
    setSaveError(null);
    try {
      await call(
        api.PUT('/v1/instrument-imports/mappings/instruments/{instrument}', {
          params: { path: { instrument: name } },
          body: mapping as { sample: string; analyte: string; value: string },
        }),
      );
      setSaved(name);
      await onPreview({ instrument: name });
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function previewOnce() {
    setBusy(true);
    try {
      await onPreview({ columnMapping: JSON.stringify(mapping) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder data-testid="column-mapping" aria-labelledby="column-mapping-title">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h5" id="column-mapping-title">
            Map these columns
          </Title>
          <Text size="sm" c="dimmed">
            The file is a table (header on line {offer.headerLine}). Say which column holds what; sample, analyte and value are required. Saved for an
            instrument, the mapping reads every later export of that instrument.
          </Text>
        </div>
        <Table.ScrollContainer minWidth={480}>
          <Table fz="sm" verticalSpacing={4} aria-label="Column mapping">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column in the file</Table.Th>
                <Table.Th>First row</Table.Th>
                <Table.Th>Holds</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offer.headers.map((header, i) => (
                <Table.Tr key={`${header}-${i}`}>
                  <Table.Td fw={500}>{header || <Text c="dimmed">(blank)</Text>}</Table.Td>
                  <Table.Td ff="monospace">{examples[i] ?? ''}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Column ${header} holds`}
                      data={options}
                      value={chosen[i]}
                      onChange={(v) => setChosen((prev) => prev.map((r, j) => (j === i ? (v ?? IGNORE) : r)))}
                      allowDeselect={false}
                      disabled={busy || header === ''}
                      w={240}
                      comboboxProps={{ withinPortal: true }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {problems.length > 0 && (
          <List size="sm" c="red.9" data-testid="mapping-problems">
            {problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        )}
        <Group align="flex-end" wrap="wrap">
          {canSave && (
            <>
              <TextInput
                label="Save for instrument"
                placeholder="e.g. Bench 2 HPLC"
                value={instrument}
                onChange={(e) => setInstrument(e.currentTarget.value)}
                error={nameProblem}
                disabled={busy}
                w={260}
              />
              <Button onClick={() => void save()} loading={busy} disabled={problems.length > 0 || !instrument.trim() || !!nameProblem}>
                Save mapping and preview
              </Button>
            </>
          )}
          <Button variant="default" onClick={() => void previewOnce()} disabled={busy || problems.length > 0}>
            Preview once with this mapping
          </Button>
        </Group>
        {!canSave && (
          <Text size="sm" c="dimmed">
            Only a manager can save a mapping for an instrument; a one-off preview is not kept.
          </Text>
        )}
        {saved && (
          <Text size="sm" c="green.9" role="status">
            Saved for instrument “{saved}”: it is chosen above, for this file and the instrument’s later exports.
          </Text>
        )}
        {saveError && (
          <Alert color="red" title="The mapping was not saved" role="alert">
            {saveError}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

import { Alert, Badge, Button, FileButton, Group, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import { keys, useLimitSets } from '../../api/queries';
import type { LimitSetSummary } from '../../api/types';
import { uploadFile } from '../../api/upload';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';

/** The API's rule: the set with the latest effective date on or before today (UTC day, as the server counts it), newest load first. */
export function setInForce(sets: LimitSetSummary[], today = new Date().toISOString().slice(0, 10)): string | null {
  const eligible = sets.filter((s) => s.effectiveDate <= today).sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.createdAt.localeCompare(a.createdAt));
  return eligible[0]?.id ?? null;
}

export function LimitSetsTab() {
  const qc = useQueryClient();
  const sets = useLimitSets();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function upload(file: File | null) {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const set = await uploadFile<{ name: string; effectiveDate: string; rules: number }>('/v1/limit-sets', file, {}, setProgress);
      notifySuccess(`${set.name}: ${set.rules} rules, effective ${set.effectiveDate}`, 'Limit set loaded');
      qc.invalidateQueries({ queryKey: keys.limitSets });
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  }

  return (
    <Stack>
      <QueryState query={sets} isEmpty={(s) => s.length === 0} empty="No limit sets loaded." label="Loading limit sets">
        {(list) => {
          const inForce = setInForce(list);
          return (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" aria-label="Limit sets">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Effective</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th>Loaded</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <Text fw={600} size="sm">
                          {s.name}
                        </Text>
                        {s.id === inForce && <Badge color="green.8">in force</Badge>}
                      </Table.Td>
                      <Table.Td className="num">{s.effectiveDate}</Table.Td>
                      <Table.Td>
                        <Text size="xs" lineClamp={3} maw={520}>
                          {s.source}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(s.createdAt)}</Text>
                        <Text size="xs" c="dimmed">
                          by {s.loadedBy}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          );
        }}
      </QueryState>
      <Group>
        <FileButton onChange={upload} accept=".json,.csv,application/json,text/csv">
          {(props) => (
            <Button {...props} loading={progress !== null}>
              Upload a limit set (JSON or CSV)
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          A set is never edited: a new one with a later effective date takes over on that day.
        </Text>
      </Group>
      {!!error && (
        <Alert color="red" title="Limit set not loaded" role="alert">
          {errorMessage(error)}
        </Alert>
      )}
    </Stack>
  );
}

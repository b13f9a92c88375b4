import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { keys, useApiKeys } from '../../api/queries';
import type { ApiKey, IssuedApiKey } from '../../api/types';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';

/** A licensee's keys: issue one (its secret is shown once, then only its hash exists), revoke one. */
export function ApiKeysPanel({ licenseNumber }: { licenseNumber: string }) {
  const qc = useQueryClient();
  const keysQuery = useApiKeys(licenseNumber);
  const [label, setLabel] = useState('');
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const issue = useMutation({
    mutationFn: () =>
      call<IssuedApiKey>(
        api.POST('/v1/licensees/{licenseNumber}/api-keys', { params: { path: { licenseNumber } }, body: label.trim() ? { label: label.trim() } : {} }),
      ),
    onSuccess: (k) => {
      setIssued(k);
      setLabel('');
      qc.invalidateQueries({ queryKey: keys.apiKeys(licenseNumber) });
    },
    onError: (e) => notifyError(e, 'No key issued'),
  });
  const revoke = useMutation({
    mutationFn: (keyId: string) => call<ApiKey>(api.DELETE('/v1/licensees/{licenseNumber}/api-keys/{keyId}', { params: { path: { licenseNumber, keyId } } })),
    onSuccess: (k) => {
      notifySuccess(`Key ${k.prefix}… revoked`);
      qc.invalidateQueries({ queryKey: keys.apiKeys(licenseNumber) });
    },
    onError: (e) => notifyError(e, 'Not revoked'),
  });

  return (
    <Stack>
      <QueryState query={keysQuery} isEmpty={(k) => k.length === 0} empty="No API keys yet." label="Loading API keys">
        {(list) => (
          <Table.ScrollContainer minWidth={600}>
            <Table fz="sm" verticalSpacing={4} aria-label={`API keys of ${licenseNumber}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td>
                      <Code>{k.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>{k.label ?? ''}</Table.Td>
                    <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
                    <Table.Td>{formatDateTime(k.lastUsedAt)}</Table.Td>
                    <Table.Td>{k.revokedAt ? <Badge color="gray">revoked</Badge> : <Badge color="green.8">active</Badge>}</Table.Td>
                    <Table.Td>
                      {!k.revokedAt && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red.9"
                          onClick={() => revoke.mutate(k.id)}
                          loading={revoke.isPending && revoke.variables === k.id}
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <Group align="flex-end">
        <TextInput label="Label for a new key" placeholder="ERP production" value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
        <Button onClick={() => issue.mutate()} loading={issue.isPending}>
          Issue API key
        </Button>
      </Group>
      <Modal opened={!!issued} onClose={() => setIssued(null)} title="New API key" closeOnClickOutside={false}>
        {issued && (
          <Stack>
            <Alert color="yellow" title="Shown once">
              Copy the key now and give it to the licensee. LabTrace keeps only its hash; it cannot show it again.
            </Alert>
            <Code block data-testid="issued-key" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', overflow: 'visible' }}>
              {issued.key}
            </Code>
            <Group justify="flex-end">
              <CopyButton value={issued.key}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? 'Copied' : 'Copy key'}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setIssued(null)}>I have copied it</Button>
            </Group>
            <Text size="xs" c="dimmed">
              Prefix {issued.prefix}, label {issued.label ?? '—'}
            </Text>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

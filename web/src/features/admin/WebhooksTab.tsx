import { Badge, Button, Code, Group, Modal, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendJson } from '../../api/send-json';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';

/** GET /v1/webhook-endpoints, read by hand until the typed client is regenerated. */
interface WebhookEndpointOverview {
  id: string;
  licenseNumber: string;
  licenseeName: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
  disabledAt: string | null;
  disabledReason: 'licensee' | 'api_key_revoked' | 'admin' | null;
  createdByKeyPrefix: string | null;
  pending: number;
  dead: number;
  lastDeliveredAt: string | null;
}

type State = 'active' | 'disabled' | 'all';

const DISABLED_BY: Record<NonNullable<WebhookEndpointOverview['disabledReason']>, string> = {
  licensee: 'off (licensee)',
  api_key_revoked: 'off (key revoked)',
  admin: 'off (lab admin)',
};

const webhookKeys = { list: (state: State) => ['webhook-endpoints', state] as const };

/** Every licensee's webhook endpoints; an admin can turn one off (the licensee sees why). */
export function WebhooksTab() {
  const qc = useQueryClient();
  const [state, setState] = useState<State>('active');
  const [target, setTarget] = useState<WebhookEndpointOverview | null>(null);
  const [reason, setReason] = useState('');
  const endpoints = useQuery({
    queryKey: webhookKeys.list(state),
    queryFn: async () => (await sendJson<WebhookEndpointOverview[]>('GET', `/v1/webhook-endpoints?state=${state}`)).data,
  });
  const disable = useMutation({
    mutationFn: (e: WebhookEndpointOverview) =>
      sendJson<WebhookEndpointOverview>('POST', `/v1/webhook-endpoints/${encodeURIComponent(e.id)}/disable`, reason.trim() ? { reason: reason.trim() } : {}),
    onSuccess: ({ data }) => {
      notifySuccess(`Webhook of ${data.licenseNumber} turned off`);
      setTarget(null);
      setReason('');
      void qc.invalidateQueries({ queryKey: ['webhook-endpoints'] });
    },
    onError: (e) => notifyError(e, 'Not turned off'),
  });

  return (
    <Stack>
      <SegmentedControl
        w="fit-content"
        value={state}
        onChange={(v) => setState(v as State)}
        data={[
          { value: 'active', label: 'Active' },
          { value: 'disabled', label: 'Turned off' },
          { value: 'all', label: 'All' },
        ]}
      />
      <QueryState query={endpoints} isEmpty={(l) => l.length === 0} empty="No webhook endpoints." label="Loading webhook endpoints">
        {(list) => (
          <Table.ScrollContainer minWidth={900}>
            <Table fz="sm" verticalSpacing={4} aria-label="Webhook endpoints">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Licensee</Table.Th>
                  <Table.Th>URL</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Pending / dead</Table.Th>
                  <Table.Th>Last delivered</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Text size="sm">{e.licenseeName}</Text>
                      <Text size="xs" c="dimmed">
                        {e.licenseNumber}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{e.url}</Table.Td>
                    <Table.Td>{e.createdByKeyPrefix ? <Code>{e.createdByKeyPrefix}…</Code> : '—'}</Table.Td>
                    <Table.Td>
                      {e.pending} / {e.dead}
                    </Table.Td>
                    <Table.Td>{formatDateTime(e.lastDeliveredAt)}</Table.Td>
                    <Table.Td>
                      {e.active ? (
                        <Badge color="green.8">active</Badge>
                      ) : (
                        <Badge color="gray">{e.disabledReason ? DISABLED_BY[e.disabledReason] : 'off'}</Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {e.active && (
                        <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => setTarget(e)}>
                          Turn off
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
      <Modal opened={!!target} onClose={() => setTarget(null)} title="Turn off webhook endpoint">
        {target && (
          <Stack>
            <Text size="sm">
              {target.licenseeName} ({target.licenseNumber}) will receive nothing more at <Code>{target.url}</Code>, retries included. The licensee sees that
              the lab turned it off and can register another.
            </Text>
            <Textarea label="Reason (audit trail)" value={reason} onChange={(ev) => setReason(ev.currentTarget.value)} autosize minRows={2} maxLength={1000} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTarget(null)}>
                Cancel
              </Button>
              <Button color="red.9" onClick={() => disable.mutate(target)} loading={disable.isPending}>
                Turn off
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

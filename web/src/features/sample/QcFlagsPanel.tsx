import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { keys } from '../../api/queries';
import type { QcFlag } from '../../api/types';
import { formatDateTime } from '../../lib/dates';
import { humanizeMessage } from '../../lib/display-names';
import { notifyError, notifySuccess } from '../../lib/notify';

/** QC findings that hold the sample back from release; a person resolves each one, saying why. */
export function QcFlagsPanel({ sampleId, flags, canResolve }: { sampleId: string; flags: QcFlag[]; canResolve: boolean }) {
  if (flags.length === 0) return <Text c="dimmed">No QC flags on this sample.</Text>;
  return (
    <Stack gap="sm">
      {flags.map((f) => (
        <QcFlagRow key={f.id} sampleId={sampleId} flag={f} canResolve={canResolve} />
      ))}
    </Stack>
  );
}

function QcFlagRow({ sampleId, flag, canResolve }: { sampleId: string; flag: QcFlag; canResolve: boolean }) {
  const qc = useQueryClient();
  const [resolution, setResolution] = useState('');
  const resolve = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/samples/{id}/results/qc-flags/{flagId}/resolve', {
          params: { path: { id: sampleId, flagId: flag.id } },
          body: { resolution: resolution.trim() },
        }),
      ),
    onSuccess: () => {
      notifySuccess('QC flag resolved');
      qc.invalidateQueries({ queryKey: keys.qcFlags(sampleId) });
      qc.invalidateQueries({ queryKey: keys.audit(sampleId) });
    },
    onError: (e) => notifyError(e, 'Could not resolve the flag'),
  });
  return (
    <Stack gap={4} p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} data-qc-flag-kind={flag.kind}>
      <Group gap="xs">
        <Badge color={flag.resolvedAt ? 'gray' : 'red.9'} variant={flag.resolvedAt ? 'outline' : 'filled'}>
          {flag.resolvedAt ? 'Resolved' : 'Open'}
        </Badge>
        <Text size="sm" fw={600}>
          {sentence(flag.kind)}
          {flag.analyte ? ` · ${flag.analyte}` : ''}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(flag.createdAt)}
        </Text>
      </Group>
      <Text size="sm">{humanizeMessage(flag.message)}</Text>
      {flag.resolvedAt && (
        <Text size="xs" c="dimmed">
          Resolved {formatDateTime(flag.resolvedAt)}: {flag.resolution}
        </Text>
      )}
      {!flag.resolvedAt && canResolve && (
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Resolution"
            placeholder="Why the finding does not affect the results"
            value={resolution}
            onChange={(e) => setResolution(e.currentTarget.value)}
            style={{ flex: 1 }}
            size="xs"
          />
          <Button size="xs" onClick={() => resolve.mutate()} loading={resolve.isPending} disabled={!resolution.trim()}>
            Resolve
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Kinds whose words a plain spelling-out gets wrong (an abbreviation, or a name a reviewer knows better). */
const KIND_NAMES: Record<string, string> = {
  coa_identity: 'COA names another sample',
  coa_product_type: 'COA for another product type',
  qpcr_control_failed: 'qPCR run control failed',
  qpcr_control_missing: 'qPCR run control missing',
  qpcr_inhibition: 'qPCR inhibition (internal control did not amplify)',
  qpcr_late_amplification: 'qPCR late amplification called not detected',
};

/** A flag kind such as `blank_contamination` as a person writes it. */
function sentence(kind: string): string {
  if (KIND_NAMES[kind]) return KIND_NAMES[kind];
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

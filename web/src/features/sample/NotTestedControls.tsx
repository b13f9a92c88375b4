import { Button, Group, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../../api/queries';
import { notifyError, notifySuccess } from '../../lib/notify';
import { markNotTested, NotTestedView, withdrawNotTested } from './not-tested-api';

interface Props {
  sampleId: string;
  /** Required analytes of the group with neither a result nor a mark. */
  missing: string[];
  notTested: NotTestedView[];
  /** A manager, while the sample is open for results. */
  canMark: boolean;
  /** An analyte id's name, as the vocabulary gives it. */
  nameOf?: (id: string) => string;
}

/**
 * Under a group: what is missing, what was marked not tested and why; a manager may mark missing
 * analytes not tested with a reason (the certificate then prints INCOMPLETE) or withdraw a mark.
 */
export function NotTestedControls({ sampleId, missing, notTested, canMark, nameOf = (id) => id }: Props) {
  const qc = useQueryClient();
  const [chosen, setChosen] = useState<string[]>(missing);
  const selected = chosen.filter((id) => missing.includes(id));
  const [reason, setReason] = useState('');
  const refresh = () => {
    qc.invalidateQueries({ queryKey: keys.results(sampleId) });
    qc.invalidateQueries({ queryKey: keys.samples });
    qc.invalidateQueries({ queryKey: keys.audit(sampleId) });
  };
  const mark = useMutation({
    mutationFn: () => markNotTested(sampleId, selected, reason.trim()),
    onSuccess: () => {
      notifySuccess(`${selected.length} analyte(s) marked not tested`);
      setReason('');
      refresh();
    },
    onError: (e) => notifyError(e, 'Could not mark them not tested'),
  });
  const withdraw = useMutation({
    mutationFn: (analyte: string) => withdrawNotTested(sampleId, analyte),
    onSuccess: () => {
      notifySuccess('Mark withdrawn');
      refresh();
    },
    onError: (e) => notifyError(e, 'Could not withdraw the mark'),
  });

  if (missing.length === 0 && notTested.length === 0) return null;
  return (
    <Stack gap={6} mb="xs">
      {missing.length > 0 && (
        <Text size="xs" c="orange.9" data-testid="missing-analytes">
          <Text span fw={600} inherit>
            Missing {missing.length} required (no result, not marked not tested):
          </Text>{' '}
          {missing.map(nameOf).join(', ')}
        </Text>
      )}
      {notTested.length > 0 && (
        <Stack gap={2} aria-label="Not tested">
          {notTested.map((m) => (
            <Group key={m.analyte} gap="xs">
              <Text size="xs" c="orange.9">
                Not tested: {m.name}: {m.reason}
                {m.markedBy ? ` (${m.markedBy})` : ''}
              </Text>
              {canMark && (
                <Button size="compact-xs" variant="subtle" onClick={() => withdraw.mutate(m.analyte)} loading={withdraw.isPending}>
                  Withdraw
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {canMark && missing.length > 0 && (
        <Group align="flex-end" gap="xs">
          <MultiSelect
            label="Mark not tested"
            data={missing.map((id) => ({ value: id, label: nameOf(id) }))}
            value={selected}
            onChange={setChosen}
            size="xs"
            style={{ flex: 1 }}
            searchable
          />
          <TextInput
            label="Reason"
            placeholder="Instrument down, subcontracted, …"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            size="xs"
            style={{ flex: 1 }}
          />
          <Button size="xs" onClick={() => mark.mutate()} loading={mark.isPending} disabled={!reason.trim() || selected.length === 0}>
            Mark not tested
          </Button>
        </Group>
      )}
    </Stack>
  );
}

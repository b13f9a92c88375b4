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
    mutationFn: async ({ analytes, reason: why }: { analytes: string[]; reason: string }) => {
      for (const analyte of analytes) await withdrawNotTested(sampleId, analyte, why);
    },
    onSuccess: (_, { analytes }) => {
      notifySuccess(`${analytes.length} mark(s) withdrawn`);
      refresh();
    },
    onError: (e) => {
      notifyError(e, 'Could not withdraw the mark');
      refresh();
    },
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
          {byReason(notTested).map((marks) => (
            <MarksWithOneReason key={`${marks[0].reason}|${marks[0].markedBy ?? ''}`} marks={marks} canWithdraw={canMark} withdraw={withdraw} />
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

/** Marks that share a reason and a marker, in the order they came. */
function byReason(marks: NotTestedView[]): NotTestedView[][] {
  const groups = new Map<string, NotTestedView[]>();
  for (const m of marks) {
    const key = `${m.reason}\u0000${m.markedBy ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()];
}

/** One line per reason ("Not tested (3): A, B, C: why (who)"); a manager may withdraw some or all of them, saying why. */
function MarksWithOneReason({
  marks,
  canWithdraw,
  withdraw,
}: {
  marks: NotTestedView[];
  canWithdraw: boolean;
  withdraw: { mutate: (request: { analytes: string[]; reason: string }) => void; isPending: boolean };
}) {
  const [picking, setPicking] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [why, setWhy] = useState('');
  const { reason, markedBy } = marks[0];
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text size="xs" c="orange.9">
          Not tested{marks.length > 1 ? ` (${marks.length})` : ''}: {marks.map((m) => m.name).join(', ')}: {reason}
          {markedBy ? ` (${markedBy})` : ''}
        </Text>
        {canWithdraw && !picking && (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => {
              setPicked(marks.length === 1 ? [marks[0].analyte] : []);
              setPicking(true);
            }}
            loading={withdraw.isPending}
          >
            Withdraw…
          </Button>
        )}
      </Group>
      {picking && (
        <Group align="flex-end" gap="xs">
          <MultiSelect
            label="Withdraw the marks of"
            data={marks.map((m) => ({ value: m.analyte, label: m.name }))}
            value={picked}
            onChange={setPicked}
            size="xs"
            style={{ flex: 1 }}
            searchable
          />
          {marks.length > 1 && (
            <Button size="xs" variant="light" onClick={() => setPicked(marks.map((m) => m.analyte))}>
              All {marks.length}
            </Button>
          )}
          <TextInput
            label="Why withdraw"
            placeholder="Subcontracted results arrived, marked by mistake, …"
            value={why}
            onChange={(e) => setWhy(e.currentTarget.value)}
            size="xs"
            style={{ flex: 1 }}
          />
          <Button
            size="xs"
            onClick={() => withdraw.mutate({ analytes: picked, reason: why.trim() })}
            loading={withdraw.isPending}
            disabled={picked.length === 0 || !why.trim()}
          >
            Withdraw {picked.length || ''}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setPicking(false)}>
            Cancel
          </Button>
        </Group>
      )}
    </Stack>
  );
}

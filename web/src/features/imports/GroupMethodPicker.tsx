import { Group, NativeSelect, Stack, Text } from '@mantine/core';
import type { ImportGroupMethod } from '../../api/imports';
import { methodLabel, methodsOfGroup, type MethodSet } from '../results/methods';
import { pickRows, type MethodPicks } from './method-picks';

interface Props {
  /** The groups the previewed file carries, as the API answered them. */
  groups: readonly ImportGroupMethod[];
  picks: MethodPicks;
  /** The methods in force (GET /v1/method-sets/in-force), as hand entry offers them. */
  methods: MethodSet | null | undefined;
  disabled: boolean;
  onPick: (group: string, methodId: string) => void;
}

/**
 * The method each group of an instrument file was run by: vendor exports state none, and a certificate
 * prints each result's method and an ND's LOD or LOQ, which the picked method fills per analyte.
 */
export function GroupMethodPicker({ groups, picks, methods, disabled, onPick }: Props) {
  const rows = pickRows(groups, picks);
  if (rows.length === 0) return null;
  return (
    <Stack gap={4} data-testid="import-methods">
      <Text size="sm" fw={500}>
        Method of each group
      </Text>
      <Text size="xs" c="dimmed">
        The file states no method: the one picked gives its results the method text and each analyte&apos;s LOD and LOQ printed on the COA.
      </Text>
      <Group gap="md" wrap="wrap" align="flex-start">
        {rows.map((row) => {
          const ofGroup = methodsOfGroup(methods, row.group);
          const known = ofGroup.some((m) => m.methodId === row.value);
          return (
            <NativeSelect
              key={row.group}
              size="xs"
              label={row.label}
              aria-label={`Method (${row.label})`}
              description={row.fromMapping ? 'From the instrument mapping' : undefined}
              value={row.value}
              disabled={disabled || row.fromMapping}
              onChange={(e) => onPick(row.group, e.currentTarget.value)}
              data={[
                { value: '', label: ofGroup.length ? 'No method (cannot be submitted)' : 'No method in force for this group' },
                ...(row.value && !known ? [{ value: row.value, label: row.value }] : []),
                ...ofGroup.map((m) => ({ value: m.methodId, label: `${m.methodId} · ${methodLabel(m)}` })),
              ]}
              maw={420}
            />
          );
        })}
      </Group>
    </Stack>
  );
}

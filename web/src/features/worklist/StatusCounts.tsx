import { Group, Paper, Text, UnstyledButton } from '@mantine/core';
import type { StatusCounts as Counts } from '../../api/types';
import { SAMPLE_STATUS_ORDER, sampleStatusLabel } from '../../components/badges';

/** One tile per status with its count; a click filters the list to that status. */
export function StatusCounts({ counts, selected, onSelect }: { counts: Counts | undefined; selected: string[]; onSelect: (status: string[]) => void }) {
  return (
    <Group gap="xs" mb="md" role="group" aria-label="Samples per status">
      {SAMPLE_STATUS_ORDER.map((s) => {
        const active = selected.length === 1 && selected[0] === s;
        return (
          <UnstyledButton key={s} onClick={() => onSelect(active ? [] : [s])} aria-pressed={active}>
            <Paper
              withBorder
              px="md"
              py={6}
              radius="sm"
              bg={active ? 'indigo.0' : undefined}
              style={{ borderColor: active ? 'var(--mantine-color-indigo-7)' : undefined }}
            >
              <Text size="xs" c="dimmed">
                {sampleStatusLabel(s)}
              </Text>
              <Text fw={700} size="lg" className="num">
                {counts ? (counts[s] ?? 0) : '–'}
              </Text>
            </Paper>
          </UnstyledButton>
        );
      })}
    </Group>
  );
}

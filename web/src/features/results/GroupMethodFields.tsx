import { Group, NativeSelect, TextInput } from '@mantine/core';
import type { AnalyteGroup } from '../../api/types';
import { groupLabel } from '../../lib/vocabulary';
import { labDay } from '../../lib/dates';
import { methodLabel, type GroupMeta, type Method } from './methods';
import classes from './ResultsGrid.module.css';

interface Props {
  group: AnalyteGroup;
  meta: GroupMeta;
  /** The methods in force for this group. */
  methods: Method[];
  readOnly: boolean;
  /** The receipt: no analysis before it. */
  receivedAt?: string | null;
  onChange: (meta: GroupMeta) => void;
}

/**
 * In a group's heading row: the method the group was run by (its LOD and LOQ fill the rows left blank)
 * and the day it was analysed, both printed on the COA (§130.23).
 */
export function GroupMethodFields({ group, meta, methods, readOnly, receivedAt, onChange }: Props) {
  const label = groupLabel(group);
  const known = methods.some((m) => m.methodId === meta.methodId);
  return (
    <Group gap="xs" wrap="wrap" className={classes.groupMeta}>
      <NativeSelect
        size="xs"
        aria-label={`Method (${label})`}
        value={meta.methodId}
        disabled={readOnly}
        onChange={(e) => onChange({ ...meta, methodId: e.currentTarget.value })}
        data={[
          { value: '', label: methods.length ? 'Method: none picked' : 'No method in force for this group' },
          ...(meta.methodId && !known ? [{ value: meta.methodId, label: meta.methodId }] : []),
          ...methods.map((m) => ({ value: m.methodId, label: `${m.methodId} · ${methodLabel(m)}` })),
        ]}
        maw={420}
      />
      <TextInput
        size="xs"
        type="date"
        aria-label={`Analysed on (${label})`}
        title="Analysed on (blank: the day the results are saved)"
        value={meta.analysedOn}
        min={receivedAt ? labDay(receivedAt) : undefined}
        max={labDay(new Date())}
        disabled={readOnly}
        onChange={(e) => onChange({ ...meta, analysedOn: e.currentTarget.value })}
        w={150}
      />
    </Group>
  );
}

import { Code, Table, Text } from '@mantine/core';
import type { AuditEntry } from '../../api/types';
import { formatDateTime } from '../../lib/dates';
import { groupName } from '../../lib/display-names';

type Row = { analyte?: unknown; value?: unknown; qualifier?: unknown; unit?: unknown };

function shortList(items: string[], max = 6): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} … (+${items.length - max})` : items.join(', ');
}

/** A change in words: a group's analytes as "lead 0.12 µg/g", anything else as "key: value". */
export function summarise(value: unknown): string {
  if (value === null || value === undefined || typeof value !== 'object') return value == null ? '' : String(value);
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.analytes)) {
    const rows = (o.analytes as Row[]).map((a) => [a.analyte, a.qualifier ?? a.value, a.unit].filter((x) => x !== null && x !== undefined).join(' '));
    return `${o.group ? `${groupName(String(o.group))}: ` : ''}${shortList(rows)}${o.version ? ` (v${String(o.version)})` : ''}`;
  }
  const parts = Object.entries(o)
    .filter(([, v]) => v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v)))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? shortList(v.map(String), 4) : String(v).length > 24 ? `${String(v).slice(0, 12)}…` : String(v)}`);
  return shortList(parts, 5);
}

/** Who did what, when and why, oldest first, as the API records it. */
export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing={4} fz="sm" aria-label="Audit trail">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
              <Table.Td>{e.actor.label}</Table.Td>
              <Table.Td>
                <Code>{e.action}</Code>
              </Table.Td>
              <Table.Td>{e.reason ?? ''}</Table.Td>
              <Table.Td>
                <Text size="xs" style={{ wordBreak: 'break-word' }}>
                  {summarise(e.after)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

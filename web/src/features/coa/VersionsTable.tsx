import { Anchor, Button, Table, Text } from '@mantine/core';
import type { CoaVersion } from '../../api/types';
import { VerdictBadge } from '../../components/badges';
import { formatDateTime } from '../../lib/dates';

export function VersionsTable({ versions, selected, onSelect }: { versions: CoaVersion[]; selected: number; onSelect: (v: number) => void }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={4} fz="sm" aria-label="COA versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Released</Table.Th>
            <Table.Th>Overall</Table.Th>
            <Table.Th>Amendment reason</Table.Th>
            <Table.Th>Verify</Table.Th>
            <Table.Th aria-label="View" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...versions].reverse().map((v) => (
            <Table.Tr key={v.version} bg={v.version === selected ? 'indigo.0' : undefined}>
              <Table.Td fw={600}>v{v.version}</Table.Td>
              <Table.Td>{formatDateTime(v.releasedAt)}</Table.Td>
              <Table.Td>
                <VerdictBadge status={v.overall} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{v.amendmentReason ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Anchor href={v.verifyPath} target="_blank" rel="noopener" size="sm">
                  Verify page
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant={v.version === selected ? 'filled' : 'default'}
                  onClick={() => onSelect(v.version)}
                  aria-pressed={v.version === selected}
                >
                  {v.version === selected ? 'Showing' : 'View'}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { Alert, Anchor, Badge, Group, List, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { CoaImportSummary } from '../../api/imports';
import { VerdictBadge } from '../../components/badges';
import { groupName } from '../../lib/display-names';

/** A COA PDF as LabTrace read it: layout, the sample it matched, each row accepted or skipped with why. */
export function CoaPreview({ summary }: { summary: CoaImportSummary }) {
  return (
    <Stack gap="md" data-testid="import-preview">
      <Group gap="xs">
        <Badge variant="light">{summary.layout}</Badge>
        {summary.dryRun ? (
          <Badge color="yellow.4" autoContrast>
            Dry run: nothing stored
          </Badge>
        ) : (
          <Badge color="green.8">Stored</Badge>
        )}
        {summary.duplicate && <Badge color="gray">Already imported</Badge>}
        <Text size="sm">
          {summary.sampleId ? (
            <>
              Matched{' '}
              <Anchor component={Link} to={`/samples/${summary.sampleId}`}>
                {summary.labCode ?? summary.sampleId}
              </Anchor>{' '}
              by {summary.matchedBy}
            </>
          ) : (
            'No sample matched: choose one above'
          )}
        </Text>
        {summary.sampleStatus && <VerdictBadge status={summary.sampleStatus} />}
      </Group>
      <Text size="sm">
        {summary.coa.labName ?? 'Unknown lab'} · {summary.coa.productName ?? 'product not named'} · ids{' '}
        {[...summary.coa.sampleIds, ...summary.coa.inventoryIds].join(', ') || 'none'} ·{' '}
        {summary.dryRun ? `${summary.accepted} row(s) would be stored` : `${summary.stored} row(s) stored`}, {summary.skipped} skipped
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table fz="sm" verticalSpacing={2} aria-label="COA rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Analyte (as printed)</Table.Th>
              <Table.Th ta="right">Result</Table.Th>
              <Table.Th>Unit</Table.Th>
              <Table.Th>COA says</Table.Th>
              <Table.Th>Outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.rows.map((r, i) => (
              <Table.Tr key={`${r.group}-${r.analyte}-${i}`}>
                <Table.Td>{groupName(r.group)}</Table.Td>
                <Table.Td>{r.analyte}</Table.Td>
                <Table.Td ta="right" className="num">
                  {r.qualifier ?? r.value ?? '—'}
                </Table.Td>
                <Table.Td>{r.unit ?? ''}</Table.Td>
                <Table.Td>{r.reportedStatus ?? ''}</Table.Td>
                <Table.Td>{r.outcome === 'accepted' ? 'accepted' : `skipped: ${r.reason ?? ''}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {summary.warnings.length > 0 && (
        <Alert color="yellow" title="Warnings">
          <List size="sm">
            {summary.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

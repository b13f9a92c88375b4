import { Alert, Badge, Button, FileButton, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/dates';
import type { RuleSetStatus } from './approvals';

/** What the list shows of a rule set of any kind (limits, methods). */
export interface RuleSetRow {
  id: string;
  name: string;
  effectiveDate: string;
  source: string;
  createdAt: string;
  loadedBy: string;
  decidedBy?: string | null;
  status: RuleSetStatus;
}

/**
 * The sets of one kind: name with its standing (in force, pending approval, rejected), effective date,
 * source, who loaded and who decided it, and a toggle for the set's contents shown below the list.
 */
export function RuleSetTable({
  label,
  sets,
  inForce,
  contents,
  shown,
  onToggle,
}: {
  /** The table's name ("Limit sets"). */
  label: string;
  sets: readonly RuleSetRow[];
  inForce: string | null;
  /** What a set holds ("rules", "methods"), for the toggle. */
  contents: string;
  shown: string | null;
  onToggle: (id: string | null) => void;
}) {
  const noun = contents.charAt(0).toUpperCase() + contents.slice(1);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Effective</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Loaded</Table.Th>
            <Table.Th aria-label={noun} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sets.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {s.name}
                </Text>
                {s.id === inForce && <Badge color="green.8">in force</Badge>}
                {s.status === 'pending' && (
                  <Badge color="yellow.4" autoContrast>
                    pending approval
                  </Badge>
                )}
                {s.status === 'rejected' && (
                  <Badge color="red.9" variant="light">
                    rejected
                  </Badge>
                )}
              </Table.Td>
              <Table.Td className="num">{s.effectiveDate}</Table.Td>
              <Table.Td>
                <Text size="xs" lineClamp={3} maw={520}>
                  {s.source}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(s.createdAt)}</Text>
                <Text size="xs" c="dimmed">
                  by {s.loadedBy}
                </Text>
                {s.decidedBy && s.decidedBy !== s.loadedBy && (
                  <Text size="xs" c="dimmed">
                    {s.status} by {s.decidedBy}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  aria-expanded={shown === s.id}
                  aria-label={`${noun} of ${s.name}`}
                  onClick={() => onToggle(shown === s.id ? null : s.id)}
                >
                  {shown === s.id ? `Hide ${contents}` : noun}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The upload button with its note, and the refusal of the last upload (its field-level message). */
export function RuleSetUpload({
  kind,
  busy,
  onFile,
  note,
  error,
}: {
  /** "limit set", "method set". */
  kind: string;
  busy: boolean;
  onFile: (file: File | null) => void;
  note: ReactNode;
  error: unknown;
}) {
  return (
    <>
      <Group>
        <FileButton onChange={onFile} accept=".json,.csv,application/json,text/csv">
          {(props) => (
            <Button {...props} loading={busy}>
              Upload a {kind} (JSON or CSV)
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      </Group>
      {error !== null && error !== undefined && (
        <Alert color="red" title={`${kind.charAt(0).toUpperCase()}${kind.slice(1)} not loaded`} role="alert">
          {errorMessage(error)}
        </Alert>
      )}
    </>
  );
}

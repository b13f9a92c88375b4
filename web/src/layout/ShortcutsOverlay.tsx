import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import type { Shortcut } from './shortcuts';

/** The `?` overlay: every keyboard move this person can make. */
export function ShortcutsOverlay({ opened, onClose, shortcuts }: { opened: boolean; onClose: () => void; shortcuts: Shortcut[] }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Text size="sm" c="dimmed" mb="sm">
        Press the keys one after the other, outside a text field. Esc closes a dialog.
      </Text>
      <Table verticalSpacing={6} aria-label="Keyboard shortcuts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Keys</Table.Th>
            <Table.Th>Does</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shortcuts.map((s) => (
            <Table.Tr key={s.keys.join(' ')}>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {s.keys.map((k, i) => (
                    <span key={i}>
                      {i > 0 && (
                        <Text span size="xs" c="dimmed" mr={4}>
                          then
                        </Text>
                      )}
                      <Kbd>{k}</Kbd>
                    </span>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{s.description}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

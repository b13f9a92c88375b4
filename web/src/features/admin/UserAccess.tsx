/**
 * An admin's controls over a user's way in (issue 19): the sign-in lock and its unlock, a one-time
 * password reset, and the user's open sessions with revoke.
 */
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../../api/queries';
import type { User } from '../../api/types';
import {
  formatWait,
  isPendingReset,
  resetPassword,
  revokeAllSessions,
  revokeSession,
  signInLock,
  unlockUser,
  userSessions,
  type IssuedTemporaryPassword,
  type PendingPasswordReset,
} from '../../auth/account-api';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import { approvalKeys } from './approvals';
import { describeAgent } from './user-agent';

/** The user as the API lists them now (the generated type lacks the flag until the lead regenerates it). */
type AccountUser = User & { passwordChangeRequired?: boolean };

const accessKeys = {
  lock: (id: string) => [...keys.users, id, 'sign-in-lock'] as const,
  sessions: (id: string) => [...keys.users, id, 'sessions'] as const,
};

/** Locked (with the wait and an Unlock button), recent failures, or a reset waiting to be answered. */
export function SignInState({ user }: { user: AccountUser }) {
  const qc = useQueryClient();
  const lock = useQuery({ queryKey: accessKeys.lock(user.id), queryFn: () => signInLock(user.id), staleTime: 15_000 });
  const unlock = useMutation({
    mutationFn: () => unlockUser(user.id),
    onSuccess: () => {
      notifySuccess(`${user.email} can sign in again`, 'Unlocked');
      void qc.invalidateQueries({ queryKey: accessKeys.lock(user.id) });
    },
    onError: (e) => notifyError(e, 'Not unlocked'),
  });
  const state = lock.data;
  return (
    <Stack gap={4} align="flex-start">
      {state?.locked ? (
        <>
          <Group gap={6} wrap="nowrap">
            <Badge color="red.8" variant="filled">
              Locked
            </Badge>
            {state.retryAfterSeconds && <Text size="xs">{formatWait(state.retryAfterSeconds)} left</Text>}
          </Group>
          <Button
            size="compact-xs"
            variant="outline"
            color="red.8"
            onClick={() => unlock.mutate()}
            loading={unlock.isPending}
            aria-label={`Unlock ${user.email}`}
          >
            Unlock
          </Button>
        </>
      ) : state && state.failures > 0 ? (
        <Text size="xs">
          {state.failures} failed sign-in{state.failures === 1 ? '' : 's'}
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          {lock.isError ? 'Not known' : 'Not locked'}
        </Text>
      )}
      {user.passwordChangeRequired && (
        <Badge color="yellow.4" c="dark.9" variant="filled">
          Must set a new password
        </Badge>
      )}
    </Stack>
  );
}

/** Sessions and Reset password, each in its own dialog. Nobody resets their own password here. */
export function UserAccessActions({ user, self }: { user: AccountUser; self: boolean }) {
  const [open, setOpen] = useState<'sessions' | 'reset' | null>(null);
  return (
    <Stack gap={4} align="stretch">
      <Button size="compact-xs" variant="default" onClick={() => setOpen('sessions')} aria-label={`Sessions of ${user.email}`}>
        Sessions
      </Button>
      <Button
        size="compact-xs"
        variant="default"
        onClick={() => setOpen('reset')}
        disabled={self}
        title={self ? 'Change your own password from the account menu' : undefined}
        aria-label={`Reset password of ${user.email}`}
      >
        Reset password
      </Button>
      <SessionsDialog user={user} opened={open === 'sessions'} onClose={() => setOpen(null)} />
      {open === 'reset' && <ResetPasswordDialog user={user} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

/**
 * Asks first, then shows the temporary password once: closing the dialog forgets it (the server keeps
 * only its hash). A manager's or admin's reset waits for a second admin instead.
 */
function ResetPasswordDialog({ user, onClose }: { user: AccountUser; onClose: () => void }) {
  const qc = useQueryClient();
  const [answer, setAnswer] = useState<IssuedTemporaryPassword | PendingPasswordReset | null>(null);
  const reset = useMutation({
    mutationFn: () => resetPassword(user.id),
    onSuccess: (a) => {
      setAnswer(a);
      void qc.invalidateQueries({ queryKey: keys.users });
      if (isPendingReset(a)) void qc.invalidateQueries({ queryKey: approvalKeys.all });
    },
  });
  const issued = answer && !isPendingReset(answer) ? answer : null;
  return (
    <Modal opened onClose={onClose} title={`Reset the password of ${user.displayName}`} size="lg" closeOnClickOutside={!issued}>
      {!answer && (
        <Stack>
          <Text size="sm">
            {user.displayName} ({user.email}) gets a temporary password, is signed out everywhere, and must choose a new password at the next sign-in. Their
            current password stops working now.
          </Text>
          {reset.error && (
            <Alert color="red" title="Not reset" role="alert">
              {reset.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color="red.8" onClick={() => reset.mutate()} loading={reset.isPending}>
              Reset password
            </Button>
          </Group>
        </Stack>
      )}
      {issued && <TemporaryPasswordNotice forWhom={`${user.displayName} (${user.email})`} password={issued} onDone={onClose} />}
      {answer && isPendingReset(answer) && (
        <Stack>
          <Alert color="blue" title="Waiting for a second admin">
            Resetting a manager’s or admin’s password needs a second admin: another admin approves it under Approvals and is shown the temporary password. Until
            then the current password keeps working.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function SessionsDialog({ user, opened, onClose }: { user: AccountUser; opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: accessKeys.sessions(user.id), queryFn: () => userSessions(user.id), enabled: opened });
  const refresh = () => qc.invalidateQueries({ queryKey: accessKeys.sessions(user.id) });
  const revokeOne = useMutation({
    mutationFn: (sessionId: string) => revokeSession(user.id, sessionId),
    onSuccess: () => {
      notifySuccess(`${user.email} is signed out of that session`, 'Session revoked');
      void refresh();
    },
    onError: (e) => notifyError(e, 'Session not revoked'),
  });
  const revokeAll = useMutation({
    mutationFn: () => revokeAllSessions(user.id),
    onSuccess: (n) => {
      notifySuccess(`${n} session${n === 1 ? '' : 's'} of ${user.email} ended`, 'Sessions revoked');
      void refresh();
    },
    onError: (e) => notifyError(e, 'Sessions not revoked'),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Open sessions of ${user.displayName}`} size="xl">
      <QueryState query={sessions} isEmpty={(list) => list.length === 0} empty="No open sessions: the user is signed out everywhere." label="Loading sessions">
        {(list) => (
          <Stack>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" aria-label={`Sessions of ${user.email}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Signed in</Table.Th>
                    <Table.Th>Last active</Table.Th>
                    <Table.Th>Ends</Table.Th>
                    <Table.Th>From</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Revoke</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                      <Table.Td>{formatDateTime(s.lastSeenAt)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(s.idleExpiresAt)} if idle</Text>
                        <Text size="xs" c="dimmed">
                          at the latest {formatDateTime(s.expiresAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{s.clientAddress ?? 'Unknown address'}</Text>
                        <Text size="xs" c="dimmed" title={s.userAgent ?? undefined}>
                          {describeAgent(s.userAgent)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="outline"
                          color="red.8"
                          loading={revokeOne.isPending && revokeOne.variables === s.id}
                          onClick={() => revokeOne.mutate(s.id)}
                          aria-label={`Revoke the session signed in ${formatDateTime(s.createdAt)}`}
                        >
                          Revoke
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                A revoked session ends at its next request, on every API replica.
              </Text>
              <Button size="xs" color="red.8" onClick={() => revokeAll.mutate()} loading={revokeAll.isPending}>
                Revoke all
              </Button>
            </Group>
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}

/** A temporary password, shown once with a copy button and how to hand it over (a reset, or its approval). */
export function TemporaryPasswordNotice({
  forWhom,
  password,
  onDone,
}: {
  forWhom: string;
  password: { temporaryPassword: string; expiresAt: string };
  onDone: () => void;
}) {
  return (
    <Stack>
      <Text size="sm">Temporary password for {forWhom}:</Text>
      <Group gap="sm" wrap="nowrap">
        <Code fz="lg" px="md" py="xs" data-testid="temporary-password" style={{ letterSpacing: '0.05em' }}>
          {password.temporaryPassword}
        </Code>
        <CopyButton value={password.temporaryPassword}>
          {({ copied, copy }) => (
            <Button size="xs" variant={copied ? 'filled' : 'light'} color={copied ? 'green.8' : undefined} onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Alert color="yellow" title="Shown only this once">
        Give it to them in person or by phone, not by email or chat. It works until {formatDateTime(password.expiresAt)}; at sign-in they must choose their own
        password. If it is lost, reset again.
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

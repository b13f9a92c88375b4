import { Badge, Button, Card, Group, PasswordInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { keys, useUsers } from '../../api/queries';
import type { CreateUser, Role, UpdateUser, User } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { ROLE_LABEL } from '../../layout/nav';
import { formatDate } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import { ROLES } from '../../lib/vocabulary';
import { summaryForRequester } from './approval-summary';
import { approvalKeys, isPendingUserChange, type PendingUserChange, type UserWithGrant } from './approvals';
import { SignInState, UserAccessActions } from './UserAccess';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

export function UsersTab() {
  const users = useUsers();
  return (
    <Stack>
      <QueryState query={users} isEmpty={(u) => u.length === 0} empty="No users." label="Loading users">
        {(list) => (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" aria-label="Users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Active</Table.Th>
                  <Table.Th>Sign-in</Table.Th>
                  <Table.Th>Since</Table.Th>
                  <Table.Th>Access</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((u) => (
                  <UserRow key={u.id} user={u} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <NewUserForm />
    </Stack>
  );
}

/** 202: the change grants power and waits for a second admin (Admin → Approvals), who is handed the new temporary password. */
function notifyPending(change: PendingUserChange) {
  notifySuccess(
    `${summaryForRequester(change.approval.summary)}. Another admin approves it under Approvals and is shown the person’s new temporary password.`,
    'Waiting for a second admin',
  );
}

function UserRow({ user }: { user: UserWithGrant }) {
  const qc = useQueryClient();
  const { session } = useSession();
  // Nobody changes their own role or active flag: the API refuses it, so the controls are off.
  const self = session?.id === user.id;
  const update = useMutation({
    mutationFn: (body: UpdateUser) => call<User | PendingUserChange>(api.PATCH('/v1/users/{id}', { params: { path: { id: user.id } }, body })),
    onSuccess: (answer) => {
      if (isPendingUserChange(answer)) notifyPending(answer);
      else notifySuccess(`${answer.email}: ${ROLE_LABEL[answer.role]}, ${answer.active ? 'active' : 'disabled'}`, 'User updated');
      qc.invalidateQueries({ queryKey: keys.users });
      qc.invalidateQueries({ queryKey: approvalKeys.all });
    },
    onError: (e) => notifyError(e, 'User not updated'),
  });
  return (
    <Table.Tr>
      <Table.Td>{user.displayName}</Table.Td>
      <Table.Td>{user.email}</Table.Td>
      <Table.Td>
        <Select
          aria-label={`Role of ${user.email}`}
          data={ROLE_OPTIONS}
          value={user.role}
          onChange={(r) => r && r !== user.role && update.mutate({ role: r as Role })}
          allowDeselect={false}
          disabled={self || update.isPending}
          size="xs"
          w={150}
        />
        {user.pendingGrant && (
          <Badge variant="light" color="yellow" mt={4} title={`Asked by ${user.pendingGrant.requestedBy}`}>
            {user.pendingGrant.activate && user.pendingGrant.role === user.role ? 'reactivation' : `${ROLE_LABEL[user.pendingGrant.role]}`} pending approval
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={`${user.email} active`}
          checked={user.active}
          disabled={self || update.isPending}
          onChange={(e) => update.mutate({ active: e.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <SignInState user={user} />
      </Table.Td>
      <Table.Td>{formatDate(user.createdAt)}</Table.Td>
      <Table.Td>
        <UserAccessActions user={user} self={self} />
      </Table.Td>
    </Table.Tr>
  );
}

function NewUserForm() {
  const qc = useQueryClient();
  const [form, setForm] = useState<CreateUser>({ email: '', displayName: '', password: '', role: 'technician' });
  const create = useMutation({
    mutationFn: () =>
      call<User | PendingUserChange>(api.POST('/v1/users', { body: { ...form, email: form.email.trim(), displayName: form.displayName.trim() } })),
    onSuccess: (answer) => {
      if (isPendingUserChange(answer)) {
        notifySuccess(`${answer.user.email} can now sign in as a technician, and must choose a new password at the first sign-in`, 'User created');
        notifyPending(answer);
      } else notifySuccess(`${answer.email} can now sign in, and must choose a new password at the first sign-in`, 'User created');
      setForm({ email: '', displayName: '', password: '', role: 'technician' });
      qc.invalidateQueries({ queryKey: keys.users });
      qc.invalidateQueries({ queryKey: approvalKeys.all });
    },
  });
  const err = (field: string) => (create.error instanceof ApiError ? create.error.fieldErrors.find((f) => f.field === field)?.message : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="sm">
        Add a user
      </Title>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label="Name"
            required
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            error={err('displayName')}
          />
          <TextInput
            label="Email"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            error={err('email')}
          />
          <PasswordInput
            label="Initial password"
            description="They choose their own at the first sign-in"
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            error={err('password')}
            w={200}
            autoComplete="new-password"
          />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            value={form.role}
            onChange={(r) => r && setForm({ ...form, role: r as Role })}
            allowDeselect={false}
            w={160}
          />
          <Button type="submit" mt={25} loading={create.isPending}>
            Add user
          </Button>
        </Group>
        {create.error && !err('email') && !err('password') && !err('displayName') && (
          <Text c="red.9" size="sm" mt="xs" role="alert">
            {create.error.message}
          </Text>
        )}
      </form>
    </Card>
  );
}

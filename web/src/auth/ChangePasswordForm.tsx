import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/errors';
import { changePassword, lockoutMessage, newPasswordProblems, PASSWORD_MIN_LENGTH, TooManyAttemptsError } from './account-api';

interface FieldErrors {
  currentPassword?: string;
  newPassword?: string;
  confirm?: string;
}

export const PASSWORD_POLICY = `At least ${PASSWORD_MIN_LENGTH} characters, no other rules: no required digits, symbols or capitals (a few unrelated words make a strong one). Your email address and the demo password are refused.`;

/** Where the server's refusal belongs: by the field it names, else above the button. */
function placeError(e: unknown): { fields: FieldErrors; form: ReactNode } {
  if (e instanceof TooManyAttemptsError) return { fields: {}, form: lockoutMessage(e.retryAfterSeconds) };
  if (e instanceof ApiError) {
    if (e.code === 'CURRENT_PASSWORD_INCORRECT') return { fields: { currentPassword: e.message }, form: null };
    const fields: FieldErrors = {};
    for (const f of e.fieldErrors) {
      if (f.field === 'currentPassword' || f.field === 'newPassword') fields[f.field] = f.message;
    }
    if (Object.keys(fields).length > 0) return { fields, form: null };
  }
  return { fields: {}, form: errorMessage(e) };
}

/**
 * Current (or temporary) password, the new one twice, the policy in plain words. The server ends every
 * session of the user and answers with a fresh cookie for this one; `onChanged` runs after that.
 */
export function ChangePasswordForm({
  currentLabel = 'Current password',
  submitLabel,
  onChanged,
  extraActions,
}: {
  currentLabel?: string;
  submitLabel: string;
  onChanged: () => Promise<void> | void;
  extraActions?: ReactNode;
}) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldErrors = { ...newPasswordProblems(newPassword, confirm) };
    if (!currentPassword) problems.currentPassword = `Enter your ${currentLabel.toLowerCase()}`;
    setFormError(null);
    setFields(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      await changePassword({ currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setConfirm('');
      await onChanged();
    } catch (err) {
      const placed = placeError(err);
      setFields(placed.fields);
      setFormError(placed.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Change password">
      <Stack>
        {formError && (
          <Alert color="red" title="Password not changed" role="alert">
            {formError}
          </Alert>
        )}
        <PasswordInput
          label={currentLabel}
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.currentTarget.value)}
          error={fields.currentPassword}
        />
        <PasswordInput
          label="New password"
          description={PASSWORD_POLICY}
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.currentTarget.value)}
          error={fields.newPassword}
        />
        <PasswordInput
          label="New password again"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={fields.confirm}
        />
        <Text size="xs" c="dimmed">
          Changing your password signs you out everywhere else.
        </Text>
        <Group justify="space-between">
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
          {extraActions}
        </Group>
      </Stack>
    </form>
  );
}

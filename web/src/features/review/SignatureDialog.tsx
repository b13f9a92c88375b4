import { Alert, Button, Group, Modal, PasswordInput, Radio, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';

/**
 * An electronic signature (21 CFR Part 11-style): the signer re-enters their password and states
 * what the signature means, from the act's fixed list. The server checks the password (a wrong one
 * counts as a failed sign-in) and prints name, time and meaning on the certificate. A refusal stays
 * in the dialog, beside the password, and the field is cleared and focused for another try.
 */
export function SignatureDialog({
  opened,
  title,
  act,
  meanings,
  confirmLabel,
  busy,
  error,
  digest,
  onSign,
  onClose,
}: {
  opened: boolean;
  title: string;
  /** What is being signed, in a sentence: "COA version 1 of LT-2612-000001 is released to the client and reported to the state." */
  act: string;
  meanings: readonly string[];
  confirmLabel: string;
  busy: boolean;
  error: unknown;
  /** The digest of the results the signer reviewed, when the act signs results the page shows (a release). */
  digest?: string;
  onSign: (signature: { password: string; meaning: string }) => void;
  onClose: () => void;
}) {
  const { session } = useSession();
  const [password, setPassword] = useState('');
  const [meaning, setMeaning] = useState(meanings[0]);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!opened) setPassword('');
  }, [opened]);
  useEffect(() => {
    // After a refusal: another try starts from an empty, focused field.
    if (error) {
      setPassword('');
      passwordRef.current?.focus();
    }
  }, [error]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length > 0 && !busy) onSign({ password, meaning });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title} closeOnClickOutside={!busy} closeOnEscape={!busy} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{act}</Text>
          <Text size="sm">
            You sign electronically as{' '}
            <Text span fw={600}>
              {session?.displayName}
            </Text>{' '}
            ({session?.email}). Your name, the time and the meaning below are kept in the audit trail and printed on the certificate.
          </Text>
          {digest && (
            <Text size="sm" data-testid="signed-results-digest">
              You sign the results shown on the page (results digest{' '}
              <Text span ff="monospace" size="xs">
                {digest.slice(0, 12)}…
              </Text>
              ). If they have changed since you loaded them, nothing is released.
            </Text>
          )}
          <Radio.Group label="Meaning of this signature" value={meaning} onChange={setMeaning} required>
            <Stack gap={4} mt={4}>
              {meanings.map((m) => (
                <Radio key={m} value={m} label={m} />
              ))}
            </Stack>
          </Radio.Group>
          <PasswordInput
            ref={passwordRef}
            label="Your password"
            description="The password you sign in with"
            autoComplete="current-password"
            required
            data-autofocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={!!error}
            visibilityToggleButtonProps={{ tabIndex: 0, 'aria-label': 'Show password' }}
          />
          {error ? (
            <Alert color="red" role="alert" title="Not signed" data-testid="signature-error">
              {errorMessage(error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={password.length === 0}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

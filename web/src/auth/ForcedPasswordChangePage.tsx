import { Alert, Button, Center, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { Navigate, useNavigate } from 'react-router';
import { notifySuccess } from '../lib/notify';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useSession } from './session';

/**
 * After an admin's reset the person signs in with the temporary password and lands here, with no
 * navigation: every other route answers 403 until a new password is set.
 */
export function ForcedPasswordChangePage() {
  const { session, loading, passwordChangeRequired, reloadSession, signOut } = useSession();
  const navigate = useNavigate();
  if (loading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!session) return <Navigate to="/sign-in" replace />;
  if (!passwordChangeRequired) return <Navigate to="/worklist" replace />;

  return (
    <Center mih="100vh" p="md" bg="gray.1">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w={440} maw="100%">
        <Stack>
          <div>
            <Title order={1} size="h2">
              Set a new password
            </Title>
            <Text c="dimmed" size="sm">
              {session.displayName} ({session.email})
            </Text>
          </div>
          <Alert color="blue" title="Choose your own password">
            The password you signed in with was issued by an administrator (for a new account, a reset or a new role). Choose your own to continue to the
            console; the temporary password stops working once you do.
          </Alert>
          <ChangePasswordForm
            currentLabel="Temporary password"
            submitLabel="Set new password"
            onChanged={async () => {
              await reloadSession();
              notifySuccess('Use the new password the next time you sign in.', 'Password set');
              navigate('/worklist', { replace: true });
            }}
            extraActions={
              <Button
                variant="subtle"
                color="gray"
                onClick={async () => {
                  await signOut();
                  navigate('/sign-in', { replace: true });
                }}
              >
                Sign out
              </Button>
            }
          />
        </Stack>
      </Paper>
    </Center>
  );
}

import { Card } from '@mantine/core';
import { useNavigate } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import { notifySuccess } from '../lib/notify';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useSession } from './session';

/** Account menu → Change password: the person proves the current password and chooses a new one. */
export default function ChangePasswordPage() {
  const { reloadSession } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Change password" subtitle="Your other sessions (other browsers and devices) are signed out when the password changes." />
      <Card withBorder maw={520}>
        <ChangePasswordForm
          submitLabel="Change password"
          onChanged={async () => {
            await reloadSession();
            notifySuccess('Use the new password the next time you sign in.', 'Password changed');
            navigate('/worklist', { replace: true });
          }}
        />
      </Card>
    </>
  );
}

import { Alert } from '@mantine/core';
import type { Role } from '../api/types';

export function Forbidden({ roles }: { roles: Role[] }) {
  return (
    <Alert color="gray" title="Not available for your role">
      This screen is for the {roles.join(' or ')} role.
    </Alert>
  );
}

import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { Forbidden } from '../components/Forbidden';
import { useSession } from './session';

/** Signed-out visitors go to sign-in, carrying the page they wanted so they come back to it. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session, loading, expired, signedOut, passwordChangeRequired } = useSession();
  const location = useLocation();
  if (loading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!session) {
    const next = location.pathname + location.search;
    const params = new URLSearchParams();
    if (next !== '/' && !signedOut) params.set('next', next);
    if (expired) params.set('expired', '1');
    const query = params.toString();
    return <Navigate to={`/sign-in${query ? `?${query}` : ''}`} replace />;
  }
  // After an admin's reset nothing else is shown until the person sets a new password.
  if (passwordChangeRequired) return <Navigate to="/set-password" replace />;
  return <>{children}</>;
}

export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { hasRole } = useSession();
  return hasRole(...roles) ? <>{children}</> : <Forbidden roles={roles} />;
}

import type { Role } from '../api/types';

export interface NavItem {
  to: string;
  label: string;
  roles: Role[];
}

/** The side navigation, filtered by the signed-in role; routes check the same roles. */
export const NAV_ITEMS: NavItem[] = [
  { to: '/worklist', label: 'Worklist', roles: ['technician', 'manager', 'admin'] },
  { to: '/intake', label: 'Intake', roles: ['technician', 'manager'] },
  { to: '/imports', label: 'Imports', roles: ['technician', 'manager'] },
  { to: '/review', label: 'Review queue', roles: ['manager'] },
  { to: '/reporting', label: 'State reporting', roles: ['technician', 'manager', 'admin'] },
  { to: '/admin', label: 'Admin', roles: ['admin'] },
];

export const ROLE_LABEL: Record<Role, string> = { technician: 'Technician', manager: 'Manager', admin: 'Administrator' };

/** Who is acting: a signed-in lab user, a licensee system (API key), or the system itself. */
export type Role = 'technician' | 'manager' | 'admin';
export const ROLES: Role[] = ['technician', 'manager', 'admin'];

export type Actor =
  | { type: 'user'; id: string; label: string; role: Role }
  | { type: 'licensee'; id: string; label: string; licenseNumber: string; apiKeyId: string }
  | { type: 'system'; id?: undefined; label: string };

export const SYSTEM_ACTOR: Actor = { type: 'system', label: 'labtrace' };
